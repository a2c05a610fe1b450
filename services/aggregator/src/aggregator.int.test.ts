import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Alert, type ClassifiedMention } from '@crumbtrail/contracts';
import {
  createKafka,
  createLogger,
  createProducer,
  ensureTopics,
  type EventProducer,
  type Kafka,
} from '@crumbtrail/runtime';
import { MongoClient, type Db } from 'mongodb';
import { createAggregatorApp, type AggregatorApp } from './app';
import { loadAggregatorConfig } from './config';
import { COLLECTIONS } from './store/collections';
import type { AlertDoc } from './store/alerts-repo';
import type { HourDoc } from './store/rollups-repo';
import {
  classified,
  stackEnv,
  steady,
  topicMessageCount,
  uniqueDbName,
  uniqueName,
  waitFor,
} from './test-support/fixtures';

jest.setTimeout(400_000);
const SETTLE_MS = 240_000;

const BRAND = 'acme-test';
const CALM = 'calm-test';
const MIN = 60_000;
// "Now" at the end of the surge: a whole minute, so the default 30-minute window is exactly the surge.
const T = Date.UTC(2026, 10, 1, 12, 0, 0);

/** Mentions, negatives and complaints of the fixtures published in [from, to). */
function tally(mentions: ClassifiedMention[], from: number, to: number) {
  const inside = mentions.filter((m) => Date.parse(m.publishedAt) >= from && Date.parse(m.publishedAt) < to);
  return {
    mentions: inside.length,
    negatives: inside.filter((m) => m.classification.sentiment.label === 'negative').length,
    complaints: inside.filter((m) => m.classification.intent.flags.complaint).length,
  };
}

describe('aggregator on the real stack', () => {
  const env = stackEnv();
  const dbName = uniqueDbName('agg-it');
  const classifiedTopic = uniqueName('classified');
  const alertsTopic = uniqueName('alerts');
  const logger = createLogger({ service: 'aggregator-it', level: process.env.AGG_IT_LOG ?? 'silent' });
  let dir: string;
  let kafka: Kafka;
  let producer: EventProducer;
  let app: AggregatorApp;
  let mongo: MongoClient;
  let db: Db;
  let now = T;

  const baseline = steady(BRAND, 'base', new Date(T - 390 * MIN), new Date(T - 30 * MIN), 1, 0.15, 2);
  const surge = steady(BRAND, 'surge', new Date(T - 30 * MIN), new Date(T), 4, 0.75);
  const calmBrand = steady(CALM, 'calm', new Date(T - 390 * MIN), new Date(T), 1, 0.2, 3);
  const unknown = classified({ brand: 'not-configured', id: 'x', at: new Date(T - MIN) });

  const send = async (mentions: ClassifiedMention[]) => {
    for (let i = 0; i < mentions.length; i += 500) {
      await producer.send(
        classifiedTopic,
        mentions.slice(i, i + 500).map((m) => ({ key: m.eventId, value: m })),
      );
    }
  };
  const highWatermark = (topic: string) => topicMessageCount(kafka, topic);
  const readAlerts = async (count: number): Promise<Alert[]> => {
    const consumer = kafka.consumer({ groupId: uniqueName('reader') });
    const seen: Alert[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: alertsTopic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          expect(message.key?.toString()).toBe(BRAND);
          seen.push(Alert.parse(JSON.parse(message.value?.toString() ?? 'null')));
          return Promise.resolve();
        },
      });
      await waitFor(`${count} alert events`, () => seen.length >= count);
    } finally {
      await consumer.disconnect();
    }
    return seen;
  };
  /** Waits until everything sent so far is stored (the mention count) and then runs a detection cycle. */
  const settle = async (distinctMentions: number) => {
    await waitFor(
      'mentions stored',
      async () => (await db.collection(COLLECTIONS.mentions).countDocuments()) >= distinctMentions,
      SETTLE_MS,
    );
    // Wait for the consumer to commit (rollups are written before the commit).
    const admin = kafka.admin();
    await admin.connect();
    try {
      const end = await highWatermark(classifiedTopic);
      await waitFor(
        'consumer committed',
        async () => {
          const [entry] = await admin.fetchOffsets({ groupId: `${dbName}-group`, topics: [classifiedTopic] });
          const committed = (entry?.partitions ?? []).reduce((s, p) => s + Math.max(0, Number(p.offset)), 0);
          return committed >= end;
        },
        SETTLE_MS,
      );
    } finally {
      await admin.disconnect();
    }
    await app.detectNow();
  };
  const alertDocs = () => db.collection<AlertDoc>(COLLECTIONS.alerts).find({}).toArray();
  const minuteTotals = async (brand: string) => {
    const docs = await db.collection<HourDoc>(COLLECTIONS.rollupsHour).find({ brand }).toArray();
    const sum = { total: 0, negative: 0, complaints: 0 };
    for (const m of docs.flatMap((d) => Object.values(d.minutes ?? {}))) {
      sum.total += m.total;
      sum.negative += m.negative ?? 0;
      sum.complaints += m.complaints ?? 0;
    }
    return sum;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'agg-it-'));
    const brandsFile = join(dir, 'brands.yaml');
    writeFileSync(
      brandsFile,
      [
        'brands:',
        `  - { id: ${BRAND}, name: Acme Test, query: acme }`,
        `  - { id: ${CALM}, name: Calm Test, query: calm }`,
      ].join('\n'),
    );
    kafka = createKafka({ clientId: 'aggregator-it', brokers: env.KAFKA_BROKERS.split(',') }, logger);
    await ensureTopics(kafka, [{ topic: classifiedTopic }, { topic: alertsTopic }]);
    producer = await createProducer(kafka, logger);
    mongo = await MongoClient.connect(env.MONGO_URL);
    db = mongo.db(dbName);
    const config = loadAggregatorConfig({
      ...env,
      MONGO_DB: dbName,
      BRANDS_FILE: brandsFile,
      CLASSIFIED_TOPIC: classifiedTopic,
      ALERTS_TOPIC: alertsTopic,
      CONSUMER_GROUP: `${dbName}-group`,
      // Detection runs when the test asks (detectNow), once the data is settled, so the numbers are exact.
      DETECT_INTERVAL_SECONDS: '3600',
      DETECT_THROTTLE_SECONDS: '3600',
      LOG_LEVEL: 'silent',
    });
    app = createAggregatorApp(config, logger, () => new Date(now));
    await app.start();
  });

  afterAll(async () => {
    await app?.stop();
    await producer?.disconnect();
    await mongo?.db(dbName).dropDatabase();
    await mongo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('raises exactly one alert with the right numbers for a complaint surge', async () => {
    await send([...baseline, ...calmBrand, unknown]);
    await settle(baseline.length + calmBrand.length);
    expect(await alertDocs()).toHaveLength(0);

    await send(surge);
    await settle(baseline.length + calmBrand.length + surge.length);

    const docs = await alertDocs();
    expect(docs).toHaveLength(1);
    const [events] = [await readAlerts(1)];
    expect(events).toHaveLength(1);
    const alert = events[0] as Alert;
    expect(docs[0]?._id).toBe(alert.alertId);
    expect(docs[0]?.published).toBe(true);
    // The window ends with the minute that contains "now": the surge's last 29 minutes plus the empty current one;
    // the 360-minute baseline is right before it.
    const windowStart = T - 29 * MIN;
    const expectedWindow = tally([...baseline, ...surge], windowStart, T + MIN);
    const expectedBaseline = tally([...baseline, ...surge], windowStart - 360 * MIN, windowStart);
    expect(expectedWindow.mentions).toBe(116);
    expect(alert).toMatchObject({
      brand: BRAND,
      kind: 'negative_share',
      state: 'open',
      severity: 'critical',
      window: { start: new Date(windowStart).toISOString(), end: new Date(T + MIN).toISOString() },
      observed: expectedWindow,
    });
    expect(alert.baseline).toMatchObject(expectedBaseline);
    expect(alert.statistic.observedValue).toBeCloseTo(expectedWindow.negatives / expectedWindow.mentions, 3);
    expect(alert.statistic.baselineValue).toBeCloseTo(
      (expectedBaseline.negatives + 1) / (expectedBaseline.mentions + 2),
      3,
    );
    expect(alert.statistic.pValue).toBeLessThan(1e-10);
    expect(alert.samples.length).toBeGreaterThan(0);
    expect(alert.samples[0]?.url).toMatch(/^https:\/\/social\.example\//);
    expect(alert.topTerms.map((t) => t.term)).toEqual(expect.arrayContaining(['upload', 'refund']));
    expect(alert.series).toHaveLength(24);
    expect(alert.series.reduce((s, p) => s + p.mentions, 0)).toBe(baseline.length + surge.length);

    // Rollups count every mention once; the unknown brand went to the DLQ.
    const all = tally([...baseline, ...surge], 0, Infinity);
    expect(await minuteTotals(BRAND)).toEqual({
      total: all.mentions,
      negative: all.negatives,
      complaints: all.complaints,
    });
    expect(await highWatermark(`${classifiedTopic}.dlq`)).toBe(1);
  });

  it('publishes nothing new when the same surge is replayed', async () => {
    await send([...surge, ...baseline.slice(-50)]);
    await settle(baseline.length + calmBrand.length + surge.length);
    expect(await alertDocs()).toHaveLength(1);
    expect(await highWatermark(alertsTopic)).toBe(1);
    const all = tally([...baseline, ...surge], 0, Infinity);
    expect(await minuteTotals(BRAND)).toEqual({
      total: all.mentions,
      negative: all.negatives,
      complaints: all.complaints,
    });
    const hours = await db.collection<HourDoc>(COLLECTIONS.rollupsHour).find({ brand: BRAND }).toArray();
    expect(hours.reduce((s, h) => s + h.total, 0)).toBe(all.mentions);
  });

  it('resolves the alert after a calm period and publishes the resolved event', async () => {
    now = T + 60 * MIN;
    const calm = steady(BRAND, 'after', new Date(T), new Date(T + 60 * MIN), 1, 0.15, 2);
    await send(calm);
    await settle(baseline.length + calmBrand.length + surge.length + calm.length);
    const docs = await alertDocs();
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ state: 'resolved', published: true });
    const events = await readAlerts(2);
    expect(events.map((e) => e.state)).toEqual(['open', 'resolved']);
    expect(events[1]?.alertId).toBe(events[0]?.alertId);
    expect(events[1]?.resolvedAt).toBe(new Date(now).toISOString());
    expect(await highWatermark(alertsTopic)).toBe(2);
  });
});
