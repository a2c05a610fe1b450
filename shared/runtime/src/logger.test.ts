import { Writable } from 'node:stream';
import { createLogger, redactUrl } from './logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const text = (): string => chunks.join('');
  const lines = (): Record<string, unknown>[] =>
    text()
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { stream, lines, text };
}

describe('createLogger', () => {
  it('writes JSON with service, level label and an ISO timestamp', () => {
    const out = capture();
    createLogger({ service: 'aggregator', destination: out.stream }).info({ topic: 't' }, 'hello');
    const [line] = out.lines();
    expect(line).toMatchObject({ service: 'aggregator', level: 'info', topic: 't', msg: 'hello' });
    expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
  });

  it('serialises errors under err', () => {
    const out = capture();
    createLogger({ service: 's', destination: out.stream }).error({ err: new TypeError('boom') }, 'failed');
    expect(out.lines()[0]!.err).toMatchObject({
      type: 'TypeError',
      message: 'boom',
    });
    expect(String((out.lines()[0]!.err as { stack?: unknown }).stack)).toContain('TypeError: boom');
  });

  it('redacts secrets wherever the listed paths put them', () => {
    const out = capture();
    const logger = createLogger({ service: 's', level: 'debug', destination: out.stream });
    const secret = 'SuperSecret-42';
    logger.info(
      { password: secret, token: secret, apiKey: secret, api_key: secret, cookie: secret },
      'top level',
    );
    logger.info({ user: { password: secret, token: secret }, smtp: { passwd: secret, secret } }, 'nested');
    logger.info(
      { headers: { authorization: `Bearer ${secret}` }, req: { headers: { authorization: secret } } },
      'http',
    );
    logger.info(
      {
        config: {
          KAFKA_SASL_PASSWORD: secret,
          SMTP_PASSWORD: secret,
          MONGO_URL: `mongodb://u:${secret}@h`,
          MONGO_DB: 'x',
        },
      },
      'config',
    );
    logger.debug({ kafka: { sasl: { mechanism: 'plain', username: 'u', password: secret } } }, 'kafka');
    const text = out.text();
    expect(out.lines()).toHaveLength(5);
    expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(text).toContain('"MONGO_DB":"x"');
  });

  it('respects the level', () => {
    const out = capture();
    const logger = createLogger({ service: 's', level: 'warn', destination: out.stream });
    logger.info('dropped');
    logger.warn('kept');
    expect(out.lines().map((l) => l.msg)).toEqual(['kept']);
  });
});

describe('redactUrl', () => {
  it.each([
    [
      'mongodb://alice:pw@db.example:27017/app?authSource=admin',
      'mongodb://***:***@db.example:27017/app?authSource=admin',
    ],
    ['mongodb+srv://alice:p%40ss@cluster0.example.net', 'mongodb+srv://***:***@cluster0.example.net'],
    ['mongodb://u:pw@h1:1,h2:2/db', 'mongodb://***:***@h1:1,h2:2/db'],
    ['mongodb://127.0.0.1:27017', 'mongodb://127.0.0.1:27017'],
    ['https://example.com/a@b', 'https://example.com/a@b'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
