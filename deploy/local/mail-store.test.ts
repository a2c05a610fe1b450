import type { ParsedMail } from 'mailparser';
import {
  messageIdFor,
  parseCatcherArgs,
  renderBody,
  renderIndex,
  summarise,
  type StoredMessage,
} from './mail-store';

describe('parseCatcherArgs', () => {
  it('accepts "--name value" and "--name=value", defaulting the host to loopback', () => {
    expect(parseCatcherArgs(['--dir', '/tmp/mail', '--smtp-port=2525', '--http-port', '8025'])).toEqual({
      dir: '/tmp/mail',
      host: '127.0.0.1',
      smtpPort: 2525,
      httpPort: 8025,
    });
  });

  it.each([
    [['--smtp-port', '1', '--http-port', '2'], '--dir is required'],
    [['--dir', 'd', '--smtp-port', '0', '--http-port', '2'], '--smtp-port must be a port number'],
    [['--dir', 'd', '--smtp-port', '1'], '--http-port must be a port number'],
    [['--dir', 'd', '--smtp-port', '1', '--http-port', '2', '--verbose', 'yes'], 'unknown option --verbose'],
    [['--dir'], '--dir needs a value'],
    [['dir'], 'unexpected argument "dir"'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCatcherArgs(argv)).toThrow(message);
  });
});

describe('messageIdFor', () => {
  it('sorts like the receive order, also within one millisecond', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const later = new Date(at.getTime() + 1);
    const ids = [messageIdFor(later, 0), messageIdFor(at, 10), messageIdFor(at, 9)];
    expect([...ids].sort()).toEqual([messageIdFor(at, 9), messageIdFor(at, 10), messageIdFor(later, 0)]);
    expect(ids[0]).toMatch(/^[0-9a-z-]+$/);
  });
});

describe('summarise', () => {
  const receivedAt = new Date('2026-02-03T04:05:06Z');
  const parsed = {
    from: { value: [{ address: 'header-from@example.test', name: 'Header' }], html: '', text: '' },
    to: { value: [{ address: 'header-to@example.test', name: '' }], html: '', text: '' },
    subject: 'Negativity rising for acme',
    date: new Date('2026-02-03T04:00:00Z'),
    text: 'plain',
    html: '<p>rich</p>',
  } as Pick<ParsedMail, 'from' | 'to' | 'subject' | 'date' | 'text' | 'html'>;

  it('prefers the SMTP envelope over the headers', () => {
    expect(
      summarise('id-1', parsed, { from: 'bounce@example.test', to: ['ops@example.test'] }, receivedAt),
    ).toEqual({
      id: 'id-1',
      from: 'bounce@example.test',
      to: ['ops@example.test'],
      subject: 'Negativity rising for acme',
      date: '2026-02-03T04:00:00.000Z',
      receivedAt: '2026-02-03T04:05:06.000Z',
      text: 'plain',
      html: '<p>rich</p>',
    } satisfies StoredMessage);
  });

  it('falls back to the headers, the receive time and empty bodies', () => {
    const bare = { ...parsed, date: undefined, text: undefined, html: false as const };
    expect(summarise('id-2', bare, { from: '', to: [] }, receivedAt)).toMatchObject({
      from: 'header-from@example.test',
      to: ['header-to@example.test'],
      date: receivedAt.toISOString(),
      text: '',
      html: '',
    });
  });
});

describe('renderIndex', () => {
  it('lists each message with a link to it and escapes header text', () => {
    const message: StoredMessage = {
      id: '00001767225600000-000001',
      from: 'a@example.test',
      to: ['b@example.test'],
      subject: '<script>alert("x")</script>',
      date: '2026-01-01T00:00:00.000Z',
      receivedAt: '2026-01-01T00:00:00.000Z',
      text: '',
      html: '',
    };
    const html = renderIndex([message]);
    expect(html).toContain('Local mail (1)');
    expect(html).toContain('href="/messages/00001767225600000-000001/html"');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;');
  });
});

describe('renderBody', () => {
  const base: StoredMessage = {
    id: 'x',
    from: '',
    to: [],
    subject: 'Alert',
    date: '',
    receivedAt: '',
    text: 'score < 0 & rising',
    html: '',
  };

  it('serves the HTML part as sent', () => {
    expect(renderBody({ ...base, html: '<h1>Alert</h1>' })).toBe('<h1>Alert</h1>');
  });

  it('falls back to the escaped text part', () => {
    expect(renderBody(base)).toContain('<pre>score &#60; 0 &#38; rising</pre>');
  });
});
