import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  ConfigError,
  brandsEnv,
  consumerGroupTiming,
  envPort,
  kafkaConnectionFrom,
  kafkaConsumerEnv,
  kafkaEnv,
  loadConfig,
  mongoEnv,
  opsEnv,
} from './config';

const schema = z.object({ ...kafkaEnv, ...mongoEnv, ...opsEnv, ...brandsEnv, HTTP_PORT: envPort(8083) });

const good = {
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
  MONGO_URL: 'mongodb://127.0.0.1:27017',
  BRANDS_FILE: 'brands.yaml',
};

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('parses good values and applies defaults', () => {
    const config = loadConfig(schema, good);
    expect(config).toEqual({
      KAFKA_BROKERS: ['127.0.0.1:9092', '127.0.0.1:9093'],
      KAFKA_SSL: false,
      MONGO_URL: 'mongodb://127.0.0.1:27017',
      MONGO_DB: 'crumbtrail',
      LOG_LEVEL: 'info',
      HTTP_PORT: 8083,
      BRANDS_FILE: 'brands.yaml',
    });
  });

  it('coerces booleans, ports and levels', () => {
    const config = loadConfig(schema, { ...good, KAFKA_SSL: 'TRUE', HTTP_PORT: '0', LOG_LEVEL: 'Debug' });
    expect(config.KAFKA_SSL).toBe(true);
    expect(config.HTTP_PORT).toBe(0);
    expect(config.LOG_LEVEL).toBe('debug');
  });

  it('names every bad variable in one error, without echoing values', () => {
    const err = configError(() =>
      loadConfig(schema, {
        KAFKA_BROKERS: 'not a broker',
        KAFKA_SSL: 'maybe',
        KAFKA_SASL_MECHANISM: 'gssapi',
        MONGO_URL: 'postgres://user:hunter2@db',
        HTTP_PORT: '70000',
        LOG_LEVEL: 'loud',
      }),
    );
    const variables = err.issues.map((i) => i.variable).sort();
    expect(variables).toEqual(
      [
        'BRANDS_FILE',
        'HTTP_PORT',
        'KAFKA_BROKERS',
        'KAFKA_SASL_MECHANISM',
        'KAFKA_SSL',
        'LOG_LEVEL',
        'MONGO_URL',
      ].sort(),
    );
    for (const v of variables) expect(err.message).toContain(`${v}:`);
    expect(err.message).toContain('BRANDS_FILE: is required but not set');
    expect(err.message).not.toContain('hunter2');
  });

  it('treats empty strings as unset so defaults apply', () => {
    const config = loadConfig(schema, { ...good, MONGO_DB: '', LOG_LEVEL: '' });
    expect(config.MONGO_DB).toBe('crumbtrail');
    expect(config.LOG_LEVEL).toBe('info');
  });

  describe('X_FILE secrets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crumbtrail-config-'));

    it('reads the value from the file, without the trailing newline', () => {
      const file = join(dir, 'password');
      writeFileSync(file, 's3cret-from-file\n');
      const config = loadConfig(schema, { ...good, KAFKA_SASL_PASSWORD_FILE: file });
      expect(config.KAFKA_SASL_PASSWORD).toBe('s3cret-from-file');
    });

    it('names the _FILE variable when the file cannot be read', () => {
      const err = configError(() =>
        loadConfig(schema, { ...good, MONGO_URL: undefined, MONGO_URL_FILE: join(dir, 'nope') }),
      );
      expect(err.issues.map((i) => i.variable)).toEqual(['MONGO_URL_FILE']);
      expect(err.issues[0]!.message).toContain('ENOENT');
    });

    it('rejects setting both X and X_FILE', () => {
      const file = join(dir, 'url');
      writeFileSync(file, 'mongodb://x');
      const err = configError(() => loadConfig(schema, { ...good, MONGO_URL_FILE: file }));
      expect(err.issues.map((i) => i.variable)).toEqual(['MONGO_URL']);
      expect(err.message).toContain('not both');
    });
  });
});

describe('kafkaConnectionFrom', () => {
  it('builds a plain connection with the default client id', () => {
    const config = loadConfig(schema, good);
    expect(kafkaConnectionFrom(config, 'crumbtrail-aggregator')).toEqual({
      clientId: 'crumbtrail-aggregator',
      brokers: ['127.0.0.1:9092', '127.0.0.1:9093'],
      ssl: false,
    });
  });

  it('adds SASL when mechanism, user and password are all set', () => {
    const config = loadConfig(schema, {
      ...good,
      KAFKA_CLIENT_ID: 'me',
      KAFKA_SSL: '1',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
    });
    expect(kafkaConnectionFrom(config)).toEqual({
      clientId: 'me',
      brokers: ['127.0.0.1:9092', '127.0.0.1:9093'],
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
    });
  });

  it('names the missing SASL variables', () => {
    const config = loadConfig(schema, { ...good, KAFKA_SASL_USERNAME: 'u' });
    const err = configError(() => kafkaConnectionFrom(config));
    expect(err.issues.map((i) => i.variable).sort()).toEqual(['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_PASSWORD']);
  });
});

describe('consumerGroupTiming', () => {
  const consumer = z.object({ ...kafkaEnv, ...kafkaConsumerEnv });

  it("keeps kafkajs' defaults when KAFKA_SESSION_TIMEOUT_MS is unset, and a 60 s stall time", () => {
    expect(consumerGroupTiming(loadConfig(consumer, good))).toEqual({ stallTimeoutMs: 60_000 });
  });

  it('gives the session and a heartbeat a third of it, at most 3 s', () => {
    const short = loadConfig(consumer, { ...good, KAFKA_SESSION_TIMEOUT_MS: '6000' });
    expect(consumerGroupTiming(short)).toMatchObject({ sessionTimeoutMs: 6000, heartbeatIntervalMs: 2000 });
    const long = loadConfig(consumer, { ...good, KAFKA_SESSION_TIMEOUT_MS: '45000' });
    expect(consumerGroupTiming(long)).toMatchObject({ sessionTimeoutMs: 45000, heartbeatIntervalMs: 3000 });
  });

  it('turns CONSUMER_STALL_SECONDS into the stall time, and names it when it is out of range', () => {
    const stall = loadConfig(consumer, { ...good, CONSUMER_STALL_SECONDS: '120' });
    expect(consumerGroupTiming(stall).stallTimeoutMs).toBe(120_000);
    for (const value of ['5', '3601', 'soon']) {
      expect(() => loadConfig(consumer, { ...good, CONSUMER_STALL_SECONDS: value })).toThrow(
        'CONSUMER_STALL_SECONDS',
      );
    }
  });

  it('rejects a session the broker would refuse, naming the variable', () => {
    for (const value of ['5999', '300001', '6.5s']) {
      const err = configError(() => loadConfig(consumer, { ...good, KAFKA_SESSION_TIMEOUT_MS: value }));
      expect(err.issues.map((i) => i.variable)).toEqual(['KAFKA_SESSION_TIMEOUT_MS']);
    }
  });
});

describe('ConfigError', () => {
  it('takes a plain message too', () => {
    const err = new ConfigError('SMTP_HOST is required when NOTIFY is on');
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe('SMTP_HOST is required when NOTIFY is on');
    expect(err.issues).toEqual([]);
  });
});
