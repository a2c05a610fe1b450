import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawMention, SourceName } from '@crumbtrail/contracts';
import { createLogger } from '@crumbtrail/runtime';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin, Consumer } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { createApp } from '../app';
import type { PollerApp } from '../app';
import { loadPollerConfig } from '../config';
import { CURSORS_COLLECTION } from '../cursors/repository';
import type { CursorDocument } from '../cursors/repository';
import type { PollReport } from '../poll/run-poll';

/** Waits until `check` returns a value other than undefined/false, polling; fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface ConsumedMention {
  key: string | null;
  value: RawMention;
}

export interface PollerHarness {
  topic: string;
  /** Where the app publishes source_down / source_recovered events. */
  healthTopic: string;
  dbName: string;
  brandsFile: string;
  /** Starts a fresh app (a "process"); stop the previous one first to simulate a restart. */
  startApp(): Promise<PollerApp>;
  stopApp(): Promise<void>;
  /** The running app, started if none runs. */
  startAppIfNeeded(): Promise<PollerApp>;
  poll(): Promise<PollReport[]>;
  /** Every message on the topic so far, once the consumer has read up to the end of the topic. */
  consumed(): Promise<ConsumedMention[]>;
  cursor(brand: string, source: SourceName): Promise<CursorDocument | null>;
  close(): Promise<void>;
}

/**
 * A poller against the real local Kafka and MongoDB-wire server, with its own topic, consumer group and database,
 * and a brands file written to a temp dir. `env` adds poller variables (base URLs of the fake APIs, credentials).
 */
export async function createPollerHarness(o: {
  name: string;
  brandsYaml: string;
  env: Record<string, string>;
  now?: () => Date;
  files?: Record<string, string>;
}): Promise<PollerHarness> {
  const brokers = process.env.KAFKA_BROKERS;
  const mongoUrl = process.env.MONGO_URL;
  if (!brokers || !mongoUrl) {
    throw new Error(
      'KAFKA_BROKERS and MONGO_URL must be set (npm run stack:up, then eval "$(bash deploy/local/stack.sh env)")',
    );
  }
  const unique = `${o.name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  const topic = `test.poller.${unique}`;
  const healthTopic = `test.poller.health.${unique}`;
  const dbName = `poller_test_${unique.replace(/-/g, '_')}`;
  const dir = mkdtempSync(join(tmpdir(), 'poller-'));
  const brandsFile = join(dir, 'brands.yaml');
  writeFileSync(brandsFile, o.brandsYaml);
  for (const [name, content] of Object.entries(o.files ?? {})) writeFileSync(join(dir, name), content);

  const kafka = new Kafka({
    clientId: `harness-${unique}`,
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin: Admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic, numPartitions: 2 },
      { topic: healthTopic, numPartitions: 1 },
    ],
    waitForLeaders: true,
  });
  const consumer: Consumer = kafka.consumer({ groupId: `harness-${unique}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const messages: ConsumedMention[] = [];
  await consumer.run({
    eachMessage: ({ message }) => {
      messages.push({
        key: message.key?.toString() ?? null,
        value: JSON.parse(message.value!.toString()) as RawMention,
      });
      return Promise.resolve();
    },
  });
  const mongo = await MongoClient.connect(mongoUrl);
  const logger = createLogger({ service: 'poller-test', level: process.env.TEST_LOG_LEVEL ?? 'silent' });

  let app: PollerApp | undefined;
  const config = () =>
    loadPollerConfig({
      KAFKA_BROKERS: brokers,
      MONGO_URL: mongoUrl,
      MONGO_DB: dbName,
      BRANDS_FILE: brandsFile,
      HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
      ...o.env,
    });

  const harness: PollerHarness = {
    topic,
    healthTopic,
    dbName,
    brandsFile,
    async startApp() {
      app = createApp({
        config: config(),
        logger,
        topic,
        healthTopic,
        now: o.now,
        retryPolicy: { baseDelayMs: 20, maxDelayMs: 200 },
      });
      await app.start();
      return app;
    },
    async stopApp() {
      await app?.stop();
      app = undefined;
    },
    async startAppIfNeeded() {
      return app ?? harness.startApp();
    },
    async poll() {
      if (!app) throw new Error('no app started');
      return app.pollAll();
    },
    async consumed() {
      const offsets = await admin.fetchTopicOffsets(topic);
      const total = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
      await waitFor(
        () => messages.length >= total,
        `${total} messages on ${topic} (have ${messages.length})`,
      );
      return [...messages];
    },
    // Without the leader's fencing token (leadership.int.test.ts covers it): these tests are about the cursor.
    cursor: (brand, source) =>
      mongo
        .db(dbName)
        .collection<CursorDocument>(CURSORS_COLLECTION)
        .findOne({ _id: `${brand}:${source}` }, { projection: { fence: 0 } }),
    async close() {
      const t0 = Date.now();
      await app?.stop();
      const t1 = Date.now();
      await consumer.disconnect();
      if (process.env.TEST_LOG_LEVEL)
        console.error(`harness close: app ${t1 - t0} ms, consumer ${Date.now() - t1} ms`);
      await admin.deleteTopics({ topics: [topic, healthTopic] }).catch(() => undefined);
      await admin.disconnect();
      await mongo
        .db(dbName)
        .dropDatabase()
        .catch(() => undefined);
      await mongo.close();
    },
  };
  return harness;
}

/** A mention without its fetch time, for exact comparisons. */
export function withoutFetchedAt(m: RawMention): Omit<RawMention, 'fetchedAt'> {
  const { fetchedAt: _fetchedAt, ...rest } = m;
  return rest;
}
