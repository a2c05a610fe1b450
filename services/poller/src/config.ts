import {
  brandsEnv,
  envBoolean,
  envPort,
  kafkaEnv,
  leaseEnv,
  loadConfig,
  mongoEnv,
  opsEnv,
} from '@crumbtrail/runtime';
import { z } from 'zod';

const baseUrl = (fallback: string) =>
  z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .default(fallback);

const positiveInt = (fallback: number, max: number) =>
  z.coerce
    .number({ error: 'expected a whole number' })
    .int('expected a whole number')
    .min(1, 'expected at least 1')
    .max(max, `expected at most ${max}`)
    .default(fallback);

/** Every environment variable the poller reads. Credentials are optional: a source without its key is skipped. */
export const configSchema = z.object({
  ...kafkaEnv,
  ...mongoEnv,
  ...opsEnv,
  ...brandsEnv,
  ...leaseEnv,
  HTTP_PORT: envPort(8081),
  /** The replay source appends a line per read to this file: which replica read what, when (tests, demos). */
  REPLAY_READERS_LOG: z.string().min(1).optional(),

  /** Topic mentions are published to; default mentions.raw.v1 (tests and side-by-side versions override it). */
  RAW_TOPIC: z.string().min(1).optional(),
  /** Also run every poll once at start-up, besides the schedule (demo, tests). */
  POLL_ON_START: envBoolean.default(false),
  /** Result pages one search may read per poll (a brand's source may set maxPages). */
  POLL_MAX_PAGES: positiveInt(10, 100),
  /** How far back a search reaches on its first poll (a brand's source may set lookbackHours). */
  POLL_LOOKBACK_HOURS: positiveInt(24, 24 * 30),
  /** Consecutive failed polls after which a source is reported unhealthy. */
  SOURCE_UNHEALTHY_AFTER: positiveInt(3, 1000),

  HTTP_TIMEOUT_MS: positiveInt(15_000, 300_000),
  /** Retries of one request (5xx, timeouts, rate limits). */
  HTTP_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
  /** Longest rate-limit wait a poll sits through; longer ones end the poll and the API cools down. */
  RATE_LIMIT_MAX_WAIT_SECONDS: positiveInt(120, 3600),
  /** Reddit asks for a unique, descriptive User-Agent: "<platform>:<app id>:<version> (by /u/<user>)". */
  HTTP_USER_AGENT: z
    .string()
    .min(1)
    .default('server:crumbtrail-poller:0.1.0 (social listening; +https://crumbtrail.dev)'),

  HACKERNEWS_BASE_URL: baseUrl('https://hn.algolia.com'),
  REDDIT_BASE_URL: baseUrl('https://oauth.reddit.com'),
  REDDIT_AUTH_URL: baseUrl('https://www.reddit.com'),
  REDDIT_CLIENT_ID: z.string().optional(),
  REDDIT_CLIENT_SECRET: z.string().optional(),
  MASTODON_BASE_URL: baseUrl('https://mastodon.social'),
  MASTODON_ACCESS_TOKEN: z.string().optional(),
  BLUESKY_BASE_URL: baseUrl('https://bsky.social'),
  BLUESKY_HANDLE: z.string().optional(),
  BLUESKY_APP_PASSWORD: z.string().optional(),
  STACKEXCHANGE_BASE_URL: baseUrl('https://api.stackexchange.com'),
  STACKEXCHANGE_KEY: z.string().optional(),
  X_BASE_URL: baseUrl('https://api.x.com'),
  X_BEARER_TOKEN: z.string().optional(),
  YOUTUBE_BASE_URL: baseUrl('https://www.googleapis.com'),
  YOUTUBE_API_KEY: z.string().optional(),
});

export type PollerConfig = z.infer<typeof configSchema>;

/** Reads the environment once; throws a ConfigError naming every bad variable. */
export function loadPollerConfig(env: NodeJS.ProcessEnv = process.env): PollerConfig {
  return loadConfig(configSchema, env);
}

const SECRET_KEYS = new Set<keyof PollerConfig>([
  'KAFKA_SASL_PASSWORD',
  'MONGO_URL',
  'REDDIT_CLIENT_SECRET',
  'MASTODON_ACCESS_TOKEN',
  'BLUESKY_APP_PASSWORD',
  'STACKEXCHANGE_KEY',
  'X_BEARER_TOKEN',
  'YOUTUBE_API_KEY',
]);

/** The config fit for a start-up log line: secrets shown only as set / not set. */
export function describeConfig(config: PollerConfig): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [
      k,
      SECRET_KEYS.has(k as keyof PollerConfig) ? (v === undefined ? '(not set)' : '(set)') : v,
    ]),
  );
}
