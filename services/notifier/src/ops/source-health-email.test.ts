import { createLogger } from '@crumbtrail/runtime';
import type { OutgoingMail } from '../send-alert';
import { sourceDownFixture } from '../test-support/source-health-fixture';
import { renderSourceHealthEmail } from './source-health-email';
import { createSourceHealthHandler } from './source-health-handler';

const down = sourceDownFixture({
  url: 'https://feeds.example.com/feed?key=***',
  reason: 'not an RSS or Atom feed <script>alert(1)</script>\r\nBcc: x@evil.test',
});

describe('renderSourceHealthEmail', () => {
  it('says which source is down, since when, where and why; escapes what the event carries', () => {
    const mail = renderSourceHealthEmail(down, 'Crumbtrail <a@c.test>', 'ops@c.test');
    expect(mail.subject).toBe('[Crumbtrail ops] acme: rss is down (nothing usable read in 3 polls)');
    expect(mail.text).toContain('Failing since: 2025-06-01T12:01:00.000Z');
    expect(mail.text).toContain('URL:           https://feeds.example.com/feed?key=***');
    expect(mail.text).not.toMatch(/\r|\nBcc/);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.messageId).toBe(`<${down.eventId}.source_down@crumbtrail.ops>`);
  });

  it('renders the recovery', () => {
    const mail = renderSourceHealthEmail({ ...down, event: 'source_recovered' }, 'a@c.test', 'ops@c.test');
    expect(mail.subject).toBe('[Crumbtrail ops] acme: rss recovered');
    expect(mail.text).toContain('It had failed since 2025-06-01T12:01:00.000Z, 3 polls in a row.');
  });
});

describe('createSourceHealthHandler', () => {
  it('sends one mail per event, and asks for a retry when the send fails', async () => {
    const sent: OutgoingMail[] = [];
    let fail = true;
    const handler = createSourceHealthHandler({
      mailer: {
        send: (m) => {
          if (fail) {
            fail = false;
            return Promise.reject(new Error('421 try later'));
          }
          sent.push(m);
          return Promise.resolve({});
        },
      },
      to: 'ops@c.test',
      from: 'a@c.test',
      logger: createLogger({ service: 'test', level: 'silent' }),
    });
    const message = { value: down } as Parameters<typeof handler>[0][number];
    expect(await handler([message])).toEqual([
      { status: 'retry', reason: 'ops email failed: 421 try later' },
    ]);
    expect(await handler([message])).toEqual([{ status: 'ok' }]);
    expect(sent.map((m) => m.to)).toEqual(['ops@c.test']);
  });
});
