import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { ClassifiedMention } from '@crumbtrail/contracts';
import {
  createKafka,
  createLogger,
  createProducer,
  ensureTopics,
  type EventProducer,
} from '@crumbtrail/runtime';
import { MongoClient, type Db } from 'mongodb';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy';
import { createAggregatorApp, type AggregatorApp } from './app';
import { loadAggregatorConfig } from './config';
import { COLLECTIONS } from './store/collections';
import { classified, stackEnv, uniqueDbName, uniqueName, waitFor } from './test-support/fixtures';

// The aggregator across a restart of its database (issue 20): it reaches FerretDB through a TCP proxy that closes
// every connection and refuses new ones for a few seconds. Meanwhile the consumer retries the batch and reports the
// real error; afterwards ingest, the re-publish sweep and detection work in the same process, with no restart.

jest.setTimeout(180_000);

const BRAND = 'restart-test';
const T = Date.now();

describe('aggregator across a database restart', () => {
  const env = stackEnv();
  const dbName = uniqueDbName('agg-restart');
  const topic = uniqueName('classified-restart');
  const lines: { msg?: string; err?: { message?: string }; level?: string }[] = [];
  const logger = createLogger({
    service: 'aggregator-restart-it',
    level: 'info',
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as (typeof lines)[number]);
        done();
      },
    }),
  });
  let dir: string;
  let proxy: TcpProxy;
  let producer: EventProducer;
  let app: AggregatorApp;
  let mongo: MongoClient;
  let db: Db;

  const mentions = (from: number, n: number): ClassifiedMention[] =>
    Array.from({ length: n }, (_, i) =>
      classified({ brand: BRAND, id: `m${from + i}`, at: new Date(T - (i % 30) * 60_000) }),
    );
  const send = (batch: ClassifiedMention[]) =>
    producer.send(
      topic,
      batch.map((m) => ({ key: m.eventId, value: m })),
    );
  const stored = () => db.collection(COLLECTIONS.mentions).countDocuments();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'agg-restart-'));
    const brandsFile = join(dir, 'brands.yaml');
    writeFileSync(brandsFile, `brands:\n  - { id: ${BRAND}, name: Restart Test, query: restart }\n`);
    const target = new URL(env.MONGO_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 27017) });
    const kafka = createKafka(
      { clientId: 'aggregator-restart-it', brokers: env.KAFKA_BROKERS.split(',') },
      logger,
    );
    await ensureTopics(kafka, [{ topic }]);
    producer = await createProducer(kafka, logger);
    mongo = await MongoClient.connect(env.MONGO_URL);
    db = mongo.db(dbName);
    const config = loadAggregatorConfig({
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      MONGO_URL: `mongodb://127.0.0.1:${proxy.port}/`,
      MONGO_DB: dbName,
      BRANDS_FILE: brandsFile,
      CLASSIFIED_TOPIC: topic,
      ALERTS_TOPIC: `${topic}-alerts`,
      CONSUMER_GROUP: `${dbName}-group`,
      DETECT_INTERVAL_SECONDS: '3600',
      DETECT_THROTTLE_SECONDS: '3600',
    });
    app = createAggregatorApp(config, logger);
    await app.start();
  });

  afterAll(async () => {
    await app?.stop();
    await producer?.disconnect();
    await proxy?.close();
    await mongo?.db(dbName).dropDatabase();
    await mongo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores what arrived during the outage once the database is back, and detection works again', async () => {
    await send(mentions(0, 40));
    await waitFor('the first mentions stored', async () => (await stored()) >= 40, 60_000);

    await proxy.down();
    const logFrom = lines.length;
    await send(mentions(40, 40));
    await waitFor('the aggregator to report itself unready', async () => !(await app.ready()), 30_000);
    await waitFor('a failed attempt at the batch', () =>
      lines.slice(logFrom).some((l) => l.msg === 'handleBatch failed; will retry'),
    );
    // The outage, not a short insert count: the driver's wrapped command failure is reported as what it is.
    const failures = lines.slice(logFrom).filter((l) => l.msg === 'handleBatch failed; will retry');
    for (const f of failures) expect(f.err?.message).not.toMatch(/accounted for/);
    await app.detectNow(); // fails inside (logged), must not break the scheduler
    await proxy.up();

    await waitFor('everything stored after the restart', async () => (await stored()) >= 80, 90_000);
    await waitFor('the aggregator ready again', () => app.ready(), 30_000);
    const before = lines.length;
    await app.detectNow(); // re-publish sweep and every brand's evaluation, on the same client
    expect(lines.slice(before).filter((l) => l.msg === 'detection failed')).toEqual([]);
    const health = await app.health();
    expect(health.every((c) => c.healthy)).toBe(true);
    expect(health.find((c) => c.name === 'mongo')?.details).toMatchObject({ rebuilds: 0 });
  });
});
