import { readFileSync } from 'node:fs';
import { z } from 'zod';

export interface ConfigIssue {
  /** The environment variable (or file, or path in a config file) that is wrong. */
  variable: string;
  message: string;
}

/** A configuration error a person must fix; the message names every bad variable at once. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  /** Either the list of issues (preferred: each names its variable) or a ready-made message. */
  constructor(issues: ConfigIssue[] | string, heading = 'Invalid configuration') {
    super(
      typeof issues === 'string'
        ? issues
        : `${heading}:\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.issues = typeof issues === 'string' ? [] : issues;
  }
}

/**
 * Parses the environment with one zod object whose keys are variable names. Any variable X can instead be given
 * as X_FILE (a path whose contents, minus a trailing newline, are the value), for secrets mounted as files.
 * Empty strings count as unset, so `FOO=` in a compose file falls back to the default.
 * Throws ConfigError naming every bad variable; values are never echoed (they may be secrets).
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const issues: ConfigIssue[] = [];
  const input: Record<string, string | undefined> = {};
  const unreadable = new Set<string>();

  for (const key of Object.keys(schema.shape)) {
    const direct = nonEmpty(env[key]);
    const fileVar = `${key}_FILE`;
    const file = nonEmpty(env[fileVar]);
    if (direct !== undefined && file !== undefined) {
      issues.push({ variable: key, message: `set either ${key} or ${fileVar}, not both` });
      unreadable.add(key);
      continue;
    }
    if (file !== undefined) {
      try {
        input[key] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
      } catch (err) {
        issues.push({
          variable: fileVar,
          message: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
        });
        unreadable.add(key);
      }
      continue;
    }
    input[key] = direct;
  }

  const result = schema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '(config)');
      if (unreadable.has(key)) continue;
      const message =
        issue.path.length > 0 && input[key] === undefined ? 'is required but not set' : issue.message;
      issues.push({ variable: key, message });
    }
  }
  if (issues.length > 0) throw new ConfigError(dedupe(issues));
  return (result as { data: z.infer<S> }).data;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const id = `${i.variable}\u0000${i.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

// ---- reusable pieces of env schemas ------------------------------------------------------------------------------

/** "true"/"false"/"1"/"0"/"yes"/"no" (any case) as a boolean. */
export const envBoolean = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' }))
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A TCP port number (0 = pick a free one). */
export function envPort(defaultPort: number) {
  return z.coerce
    .number({ error: 'expected a port number' })
    .int('expected a port number')
    .min(0, 'expected a port number 0-65535')
    .max(65535, 'expected a port number 0-65535')
    .default(defaultPort);
}

const hostPort = /^[^\s:,]+:\d{1,5}$/;

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** Kafka connection variables, to spread into a service's env schema. */
export const kafkaEnv = {
  KAFKA_BROKERS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((b) => b.trim())
        .filter((b) => b.length > 0),
    )
    .pipe(
      z
        .array(z.string().regex(hostPort, 'each broker must be host:port'))
        .min(1, 'expected a comma-separated list of host:port'),
    ),
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  KAFKA_SSL: envBoolean.default(false),
  KAFKA_SASL_MECHANISM: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(SASL_MECHANISMS, { error: `expected one of ${SASL_MECHANISMS.join(', ')}` }))
    .optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
};

/**
 * Consumer group timing, for the services that consume. Unset keeps kafkajs' defaults (30 s session, 3 s heartbeat),
 * right for production; tests that kill -9 consumers set a shorter session so that the group notices a dead member,
 * and hands its partitions to the restarted process, within seconds. The broker only accepts sessions between its
 * group.min.session.timeout.ms (6 s by default) and group.max.session.timeout.ms.
 */
export const kafkaConsumerEnv = {
  KAFKA_SESSION_TIMEOUT_MS: z.coerce
    .number({ error: 'expected milliseconds' })
    .int('expected whole milliseconds')
    .min(6000, "expected at least 6000 (the broker's default group.min.session.timeout.ms)")
    .max(300_000, 'expected at most 300000 (5 minutes)')
    .optional(),
  /**
   * Liveness: a consumer whose batch has been retried, or whose lag has not moved, for longer than this makes
   * /healthz answer 503 (with the reason), so an orchestrator restarts a process that no longer makes progress.
   */
  CONSUMER_STALL_SECONDS: z.coerce
    .number({ error: 'expected seconds' })
    .int('expected whole seconds')
    .min(10, 'expected at least 10 (a slow batch is not a stall)')
    .max(3600, 'expected at most 3600 (1 hour)')
    .default(60),
};

/**
 * batchConsumer options from parsed kafkaConsumerEnv values: the session, a heartbeat a third of it (<= 3 s), and
 * the stall time after which the consumer reports itself unhealthy.
 */
export function consumerGroupTiming(config: {
  KAFKA_SESSION_TIMEOUT_MS?: number | undefined;
  CONSUMER_STALL_SECONDS?: number | undefined;
}): {
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  stallTimeoutMs?: number;
} {
  const session = config.KAFKA_SESSION_TIMEOUT_MS;
  const stall = config.CONSUMER_STALL_SECONDS;
  return {
    ...(session !== undefined && {
      sessionTimeoutMs: session,
      heartbeatIntervalMs: Math.min(3000, Math.floor(session / 3)),
    }),
    ...(stall !== undefined && { stallTimeoutMs: stall * 1000 }),
  };
}

/** MongoDB connection variables. MONGO_URL may carry credentials: it is redacted in logs. */
export const mongoEnv = {
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'expected a mongodb:// or mongodb+srv:// URL'),
  MONGO_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'expected a database name (letters, digits, _ and -)')
    .default('crumbtrail'),
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Logging and the ops HTTP server. Services override HTTP_PORT's default: `HTTP_PORT: envPort(8081)`. */
export const opsEnv = {
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }))
    .default('info'),
  HTTP_PORT: envPort(8080),
};

/**
 * Leases for singleton work (the poller's leader, the aggregator's detection owner): how long a holder that stopped
 * renewing keeps it. A dead holder's work is taken over between this and this + 2/3 of it later (renewals every third).
 */
export const leaseEnv = {
  LEASE_TTL_SECONDS: z.coerce
    .number({ error: 'expected seconds' })
    .int('expected whole seconds')
    .min(3, 'expected at least 3')
    .max(600, 'expected at most 600')
    .default(15),
};

/** Lease timing from parsed leaseEnv values: the TTL, and a renewal every third of it. */
export function leaseTiming(config: { LEASE_TTL_SECONDS: number }): { ttlMs: number; renewMs: number } {
  const ttlMs = config.LEASE_TTL_SECONDS * 1000;
  return { ttlMs, renewMs: Math.floor(ttlMs / 3) };
}

/** Path to brands.yaml (or .json). */
export const brandsEnv = {
  BRANDS_FILE: z.string().min(1),
};

export interface KafkaConnectionConfig {
  clientId: string;
  brokers: string[];
  ssl?: boolean;
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  /** kafkajs connectionTimeout, ms (default 3000). */
  connectionTimeoutMs?: number;
  /** kafkajs requestTimeout, ms (default 30000). */
  requestTimeoutMs?: number;
}

interface KafkaEnvValues {
  KAFKA_BROKERS: string[];
  KAFKA_CLIENT_ID?: string | undefined;
  KAFKA_SSL?: boolean | undefined;
  KAFKA_SASL_MECHANISM?: SaslMechanism | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
}

/** The kafkajs connection from parsed kafkaEnv values; SASL needs mechanism, username and password together. */
export function kafkaConnectionFrom(
  config: KafkaEnvValues,
  defaultClientId = 'crumbtrail',
): KafkaConnectionConfig {
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = config;
  const connection: KafkaConnectionConfig = {
    clientId: config.KAFKA_CLIENT_ID ?? defaultClientId,
    brokers: config.KAFKA_BROKERS,
    ssl: config.KAFKA_SSL ?? false,
  };
  if (mechanism === undefined && username === undefined && password === undefined) return connection;
  const issues: ConfigIssue[] = [];
  if (mechanism === undefined) {
    issues.push({
      variable: 'KAFKA_SASL_MECHANISM',
      message: `required with SASL credentials (${SASL_MECHANISMS.join(', ')})`,
    });
  }
  if (username === undefined)
    issues.push({ variable: 'KAFKA_SASL_USERNAME', message: 'required when SASL is used' });
  if (password === undefined) {
    issues.push({
      variable: 'KAFKA_SASL_PASSWORD',
      message: 'required when SASL is used (or KAFKA_SASL_PASSWORD_FILE)',
    });
  }
  if (issues.length > 0 || mechanism === undefined || username === undefined || password === undefined) {
    throw new ConfigError(issues);
  }
  return { ...connection, sasl: { mechanism, username, password } };
}
