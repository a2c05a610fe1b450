import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino replaces with "[redacted]". Top-level keys, one level down (`*.x`), and the config objects services
 * log at start-up. A secret logged under another shape is not caught: log config through `config`, errors as `err`.
 */
const SECRET_KEYS = [
  'password',
  'passwd',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'api_key',
  'authorization',
  'cookie',
  'sasl',
];

const CONFIG_SECRETS = [
  'KAFKA_SASL_PASSWORD',
  'SMTP_PASSWORD',
  'MONGO_URL',
  'X_BEARER_TOKEN',
  'YOUTUBE_API_KEY',
  'REDDIT_CLIENT_SECRET',
  'STACKEXCHANGE_KEY',
  'BLUESKY_APP_PASSWORD',
];

export const REDACT_PATHS: string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((key) => `*.${key}`),
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  ...CONFIG_SECRETS.map((key) => `config.${key}`),
];

export interface LoggerOptions {
  service: string;
  /** pino level name; default `info`. */
  level?: string;
  /** Where lines go; default stdout. Tests pass a stream to capture output. */
  destination?: DestinationStream;
}

/** JSON logs with `service` on every line, ISO timestamps, errors under `err`, and secrets redacted. */
export function createLogger(o: LoggerOptions): Logger {
  const options: pino.LoggerOptions = {
    level: o.level ?? 'info',
    base: { service: o.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return o.destination ? pino(options, o.destination) : pino(options);
}

/**
 * A URL safe to log: the password (and user) in `scheme://user:pass@host` are masked.
 * Works for MongoDB seed lists (`mongodb://u:p@h1,h2/db`) that `new URL` cannot parse.
 */
export function redactUrl(url: string): string {
  return url.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i,
    (_match, scheme: string) => `${scheme}***:***@`,
  );
}
