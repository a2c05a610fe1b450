// Small helpers shared by integration and e2e tests.
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import type { StoredMessage } from '../../deploy/local/mail-store';

export type { StoredMessage } from '../../deploy/local/mail-store';

export interface WaitForOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 100 ms). */
  intervalMs?: number;
  /** Named in the timeout error, e.g. "the alert email". */
  description?: string;
}

/**
 * Polls `predicate` until it returns a value other than undefined, null or false, and resolves with that value.
 * Errors thrown by the predicate count as "not yet"; the last one is reported when the deadline passes.
 */
export async function waitFor<T>(
  predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: WaitForOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const what = options.description ?? 'condition';
      const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * A name unique to this call, usable as a Kafka topic, consumer group or MongoDB/FerretDB database name:
 * lower-case letters, digits and '-', at most 63 characters.
 */
export function uniqueName(prefix: string): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'test';
  return `${clean}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** A database name unique to this call: `uniqueName` with '_' for '-' (mongosh and some tools dislike '-'). */
export function uniqueDbName(prefix: string): string {
  return uniqueName(prefix).replace(/-/g, '_');
}

/** Reads a required variable that jest's globalSetup provides (KAFKA_BROKERS, MONGO_URL, SMTP_HOST, ...). */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run the tests through jest's integration/e2e projects or 'npm run stack:up'`,
    );
  }
  return value;
}

/** Connection settings of the stack the tests run against (set by jest's globalSetup from .data/stack.env). */
export interface StackEnv {
  kafkaBrokers: string[];
  mongoUrl: string;
  smtpHost: string;
  smtpPort: number;
  /** Base URL of the local mail catcher's HTTP API; undefined when an external SMTP server is used. */
  mailUiUrl: string | undefined;
  /** The same as environment variables, ready to hand to a child process (a service under test). */
  vars: Record<'KAFKA_BROKERS' | 'MONGO_URL' | 'SMTP_HOST' | 'SMTP_PORT', string> & { MAIL_UI_URL?: string };
}

export function stackEnv(env: NodeJS.ProcessEnv = process.env): StackEnv {
  const read = (name: string): string => requireEnv(name, env);
  const smtpPort = Number(read('SMTP_PORT'));
  if (!Number.isInteger(smtpPort) || smtpPort < 1 || smtpPort > 65535) {
    throw new Error(`SMTP_PORT must be a port number, got "${env.SMTP_PORT}"`);
  }
  const vars: StackEnv['vars'] = {
    KAFKA_BROKERS: read('KAFKA_BROKERS'),
    MONGO_URL: read('MONGO_URL'),
    SMTP_HOST: read('SMTP_HOST'),
    SMTP_PORT: String(smtpPort),
  };
  const mailUiUrl = env.MAIL_UI_URL || undefined;
  if (mailUiUrl) vars.MAIL_UI_URL = mailUiUrl;
  return {
    kafkaBrokers: vars.KAFKA_BROKERS.split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    mongoUrl: vars.MONGO_URL,
    smtpHost: vars.SMTP_HOST,
    smtpPort,
    mailUiUrl,
    vars,
  };
}

/** Messages held by the local mail catcher (MAIL_UI_URL), newest first; `to` filters on a recipient substring. */
export async function listMail(options: { to?: string; mailUiUrl?: string } = {}): Promise<StoredMessage[]> {
  const url = new URL('messages', options.mailUiUrl ?? requireEnv('MAIL_UI_URL'));
  if (options.to) url.searchParams.set('to', options.to);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url.toString()} answered ${res.status}`);
  return (await res.json()) as StoredMessage[];
}

/** Messages ever written to `topic`: its partitions' high watermarks summed (a short-lived admin client). */
export async function topicMessageCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/** A database of its own on the local stack (MONGO_URL) for one test file; `drop()` removes it and disconnects. */
export async function connectTestDb(prefix: string): Promise<{ db: Db; drop(): Promise<void> }> {
  const client = await MongoClient.connect(requireEnv('MONGO_URL'));
  const db = client.db(uniqueDbName(prefix));
  return {
    db,
    async drop() {
      await db.dropDatabase();
      await client.close();
    },
  };
}
