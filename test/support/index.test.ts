import { stackEnv, uniqueName, waitFor } from './index';

describe('waitFor', () => {
  it('resolves with the first truthy value, treating thrown errors as "not yet"', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls += 1;
        if (calls === 1) throw new Error('not connected');
        return calls >= 3 ? { calls } : false;
      },
      { timeoutMs: 2000, intervalMs: 1 },
    );
    expect(value).toEqual({ calls: 3 });
  });

  it('accepts async predicates and returns falsy-but-present values such as 0', async () => {
    await expect(waitFor(() => Promise.resolve(0), { timeoutMs: 100, intervalMs: 1 })).resolves.toBe(0);
  });

  it('fails after the deadline, naming what it waited for and the last error', async () => {
    const started = Date.now();
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 50, intervalMs: 5, description: 'the broker' },
      ),
    ).rejects.toThrow('timed out after 50 ms waiting for the broker; last error: connection refused');
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });
});

describe('uniqueName', () => {
  it('yields distinct names that Kafka and MongoDB accept', () => {
    const names = new Set(Array.from({ length: 200 }, () => uniqueName('My Test/Suite.int')));
    expect(names.size).toBe(200);
    for (const name of names) {
      expect(name).toMatch(/^my-test-suite-int-[a-z0-9]+-[0-9a-f]{8}$/);
      expect(name.length).toBeLessThanOrEqual(63);
    }
  });

  it('falls back to "test" when nothing usable is left of the prefix', () => {
    expect(uniqueName('///')).toMatch(/^test-/);
  });
});

describe('stackEnv', () => {
  const env = {
    KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
    MONGO_URL: 'mongodb://127.0.0.1:27017/',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: '2525',
    MAIL_UI_URL: 'http://127.0.0.1:8025/',
  };

  it('reads the stack variables into a typed object and child-process variables', () => {
    expect(stackEnv(env)).toEqual({
      kafkaBrokers: ['127.0.0.1:9092', '127.0.0.1:9093'],
      mongoUrl: 'mongodb://127.0.0.1:27017/',
      smtpHost: '127.0.0.1',
      smtpPort: 2525,
      mailUiUrl: 'http://127.0.0.1:8025/',
      vars: env,
    });
  });

  it('treats the mail UI as optional (external SMTP server)', () => {
    const result = stackEnv({ ...env, MAIL_UI_URL: '' });
    expect(result.mailUiUrl).toBeUndefined();
    expect(result.vars).not.toHaveProperty('MAIL_UI_URL');
  });

  it('names a missing or malformed variable', () => {
    expect(() => stackEnv({ ...env, MONGO_URL: undefined })).toThrow(/MONGO_URL is not set/);
    expect(() => stackEnv({ ...env, SMTP_PORT: 'smtp' })).toThrow(
      'SMTP_PORT must be a port number, got "smtp"',
    );
  });
});
