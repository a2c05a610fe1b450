import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  eventId,
  type ClassifiedMention,
  type IntentLabel,
  type SentimentLabel,
  type SourceName,
} from '@crumbtrail/contracts';
import {
  createKafka,
  createLogger,
  createProducer,
  kafkaConnectionFrom,
  type EventProducer,
} from '@crumbtrail/runtime';
import { toMentionDoc, type AlertDoc, type MentionDoc } from '@crumbtrail/storage';
import { MongoClient, type Db } from 'mongodb';
import { requireEnv, uniqueDbName, uniqueName } from '../../../../test/support';
import { createDashboardApp, type DashboardApp } from '../app';
import { loadDashboardConfig, type DashboardConfig } from '../config';

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-123' };
export const ACTION_SECRET = 'an-action-token-secret-of-32-characters!';

export interface MentionSpec {
  brand: string;
  id: string;
  at: Date;
  sentiment?: SentimentLabel;
  intent?: IntentLabel;
  source?: SourceName;
  lang?: string;
  text?: string;
  url?: string;
}

export function classified(s: MentionSpec): ClassifiedMention {
  const externalId = `${s.brand}-${s.id}`;
  const source = s.source ?? 'reddit';
  const sentiment = s.sentiment ?? 'neutral';
  const intent = s.intent ?? 'other';
  return {
    schemaVersion: 1,
    eventId: eventId(source, externalId),
    brand: s.brand,
    source,
    externalId,
    url: s.url ?? `https://social.example/${externalId}`,
    author: { handle: `user_${s.id}` },
    text: s.text ?? `mention ${s.id} of ${s.brand}`,
    publishedAt: s.at.toISOString(),
    fetchedAt: s.at.toISOString(),
    classification: {
      lang: s.lang ?? 'en',
      langSource: 'source',
      sentiment: {
        label: sentiment,
        score: sentiment === 'negative' ? -0.7 : sentiment === 'positive' ? 0.6 : 0,
        confidence: 0.81,
      },
      intent: {
        label: intent,
        confidence: 0.72,
        flags: {
          complaint: intent === 'complaint',
          question: intent === 'question',
          praise: intent === 'praise',
        },
      },
      modelVersion: 'test-1',
      classifiedAt: s.at.toISOString(),
    },
  };
}

/**
 * An open negative-share alert of `brand` as the aggregator stores it: opened at `opened` after a 30-minute window
 * (20 of 40 mentions negative) against the six hours before (10 of 100).
 */
export function openAlertDoc(id: string, brand: string, opened: Date): AlertDoc {
  const before = (minutes: number) => new Date(opened.getTime() - minutes * 60_000).toISOString();
  return {
    _id: id,
    brand,
    kind: 'negative_share',
    state: 'open',
    openedAt: opened,
    published: true,
    updatedAt: opened,
    alert: {
      schemaVersion: 1,
      alertId: id,
      brand,
      kind: 'negative_share',
      state: 'open',
      severity: 'warning',
      openedAt: opened.toISOString(),
      window: { start: before(30), end: opened.toISOString() },
      baseline: { start: before(6 * 60), end: before(30), mentions: 100, negatives: 10, complaints: 2 },
      observed: { mentions: 40, negatives: 20, complaints: 5 },
      statistic: { method: 'wilson-lower-bound vs baseline share', observedValue: 0.5, baselineValue: 0.1 },
      samples: [],
      topTerms: [{ term: 'refund', count: 4 }],
      series: [],
    },
  };
}

export interface Harness {
  app: DashboardApp;
  db: Db;
  base: string;
  topic: string;
  /** The first instance's configuration: a replica (startReplica) shares its database, topic and group. */
  config: DashboardConfig;
  /** Stores the mentions as the aggregator would and publishes them to the classified topic (the read model). */
  publish(mentions: readonly ClassifiedMention[]): Promise<void>;
  /** The same, onto one partition of the topic (every mention of the call). */
  publishTo(partition: number, mentions: readonly ClassifiedMention[]): Promise<void>;
  stop(): Promise<void>;
}

/** One more dashboard process (another replica) with the harness's configuration: same database, topic, group. */
export interface Replica {
  app: DashboardApp;
  base: string;
  stop(): Promise<void>;
}

export async function startReplica(h: Pick<Harness, 'config'>): Promise<Replica> {
  const app = createDashboardApp(h.config, createLogger({ service: 'dashboard-replica', level: 'warn' }));
  await app.start();
  return { app, base: `http://127.0.0.1:${app.server().port}`, stop: () => app.stop() };
}

/**
 * A dashboard on the local stack with its own database, topic and group, and brands acme and globex. It reads
 * nothing into memory at start (DASHBOARD_WARM_DAYS=0) unless `overrides` say so: the tests write what the
 * aggregator would straight into the database and read it back at once.
 */
export async function startDashboard(overrides: Record<string, string> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  const brandsFile = join(dir, 'brands.json');
  const source = { schedule: '*/5 * * * *' };
  writeFileSync(
    brandsFile,
    JSON.stringify({
      brands: [
        { id: 'acme', name: 'Acme', query: 'acme', sources: { reddit: source, hackernews: source } },
        { id: 'globex', name: 'Globex', query: 'globex', sources: { reddit: source } },
      ],
    }),
  );
  const dbName = uniqueDbName('dashboard');
  const topic = uniqueName('dashboard-classified');
  const env = {
    KAFKA_BROKERS: requireEnv('KAFKA_BROKERS'),
    MONGO_URL: requireEnv('MONGO_URL'),
    MONGO_DB: dbName,
    BRANDS_FILE: brandsFile,
    HTTP_PORT: '0',
    CLASSIFIED_TOPIC: topic,
    CONSUMER_GROUP: uniqueName('dashboard-group'),
    DASHBOARD_ADMIN_EMAIL: ADMIN.email,
    DASHBOARD_ADMIN_PASSWORD: ADMIN.password,
    ACTION_TOKEN_SECRET: ACTION_SECRET,
    DASHBOARD_WEB_DIR: join(dir, 'web'),
    DASHBOARD_WARM_DAYS: '0',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
  const config = loadDashboardConfig(env);
  const logger = createLogger({ service: 'dashboard-test', level: 'warn' });
  const app = createDashboardApp(config, logger);
  await app.start();
  const client = await MongoClient.connect(requireEnv('MONGO_URL'));
  const db = client.db(dbName);
  const kafka = createKafka(kafkaConnectionFrom(config, 'dashboard-test'), logger);
  const producer: EventProducer = await createProducer(kafka, logger);
  const placed = kafka.producer();
  await placed.connect();
  const store = async (mentions: readonly ClassifiedMention[]) => {
    const now = new Date();
    await db.collection<MentionDoc>('mentions').bulkWrite(
      mentions.map((m) => ({
        replaceOne: {
          filter: { _id: m.eventId },
          replacement: toMentionDoc(m, now, { partition: 0, offset: 0 }),
          upsert: true,
        },
      })),
    );
  };
  return {
    app,
    db,
    base: `http://127.0.0.1:${app.server().port}`,
    topic,
    config,
    async publish(mentions) {
      if (mentions.length === 0) return;
      await store(mentions);
      await producer.send(
        topic,
        mentions.map((m) => ({ key: m.eventId, value: m })),
      );
    },
    async publishTo(partition, mentions) {
      if (mentions.length === 0) return;
      await store(mentions);
      await placed.send({
        topic,
        acks: -1,
        messages: mentions.map((m) => ({ key: m.eventId, value: JSON.stringify(m), partition })),
      });
    },
    async stop() {
      await placed.disconnect();
      await producer.disconnect();
      await app.stop();
      await client
        .db(dbName)
        .dropDatabase()
        .catch(() => undefined);
      await client.close();
    },
  };
}

/** A small HTTP client that keeps the session cookie and sends the csrf token on state-changing requests. */
export class Client {
  cookie: string | undefined;
  csrf: string | undefined;
  bearer: string | undefined;

  constructor(private readonly base: string) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    o: { csrf?: string | null; headers?: Record<string, string>; raw?: string } = {},
  ): Promise<{ status: number; json: unknown; headers: Headers; text: string }> {
    const headers: Record<string, string> = { ...o.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (body !== undefined || o.raw !== undefined) headers['content-type'] ??= 'application/json';
    const csrf = o.csrf === undefined ? this.csrf : o.csrf;
    if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(o.raw !== undefined ? { body: o.raw } : body !== undefined && { body: JSON.stringify(body) }),
      redirect: 'manual',
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, json, headers: res.headers, text };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  async login(email: string, password: string): Promise<{ status: number; json: unknown; headers: Headers }> {
    const res = await this.request('POST', '/api/v1/login', { email, password });
    const setCookie = res.headers.get('set-cookie');
    if (res.status === 200 && setCookie) {
      this.cookie = setCookie.split(';')[0];
      this.csrf = (res.json as { csrfToken: string }).csrfToken;
    }
    return res;
  }
}
