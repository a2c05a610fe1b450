import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassifiedMention, DLQ_HEADERS, eventId, type RawMention } from '@crumbtrail/contracts';
import {
  createKafka,
  createLogger,
  createProducer,
  kafkaConnectionFrom,
  type EventProducer,
} from '@crumbtrail/runtime';
import type { Consumer, Kafka } from 'kafkajs';
import { requireEnv, uniqueName, waitFor } from '../../../test/support';
import { createClassifierApp, type ClassifierApp } from './app';
import { loadClassifierConfig } from './config';

jest.setTimeout(90_000);

const logger = createLogger({ service: 'classifier-test', level: 'silent' });
const rawTopic = uniqueName('raw');
const classifiedTopic = uniqueName('classified');
const now = new Date();

function raw(externalId: string, text: string, overrides: Partial<RawMention> = {}): RawMention {
  return {
    schemaVersion: 1,
    eventId: eventId('replay', externalId),
    brand: 'acme',
    source: 'replay',
    externalId,
    url: `https://social.example/${externalId}`,
    author: { handle: `user-${externalId}` },
    text,
    publishedAt: new Date(now.getTime() - 60_000).toISOString(),
    fetchedAt: now.toISOString(),
    ...overrides,
  };
}

let kafka: Kafka;
let producer: EventProducer;
let app: ClassifierApp;
const consumers: Consumer[] = [];

async function collect(topic: string): Promise<{ value: string; headers: Record<string, string> }[]> {
  const seen: { value: string; headers: Record<string, string> }[] = [];
  const consumer = kafka.consumer({ groupId: uniqueName('reader') });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      seen.push({ value: message.value?.toString('utf8') ?? '', headers });
      return Promise.resolve();
    },
  });
  return seen;
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'classifier-'));
  const brandsFile = join(dir, 'brands.yaml');
  writeFileSync(brandsFile, 'brands:\n  - id: acme\n    name: Acme\n    query: acme\n');
  const config = loadClassifierConfig({
    KAFKA_BROKERS: requireEnv('KAFKA_BROKERS'),
    BRANDS_FILE: brandsFile,
    RAW_TOPIC: rawTopic,
    CLASSIFIED_TOPIC: classifiedTopic,
    CONSUMER_GROUP: uniqueName('classifier'),
    LOG_LEVEL: 'silent',
  });
  kafka = createKafka(kafkaConnectionFrom({ KAFKA_BROKERS: [requireEnv('KAFKA_BROKERS')] }), logger);
  app = createClassifierApp(config, logger);
  await app.start();
  producer = await createProducer(kafka, logger);
});

afterAll(async () => {
  for (const consumer of consumers) await consumer.disconnect();
  await app.stop();
  await producer.disconnect();
});

describe('classifier service on the real broker', () => {
  it('classifies good mentions and dead-letters bad ones with their reason', async () => {
    const good = [
      raw('en-1', 'Acme support is useless, my order is two weeks late and nobody answers'),
      raw('de-1', 'Danke Acme, der Support war super schnell und freundlich!', { lang: 'de' }),
      raw('pl-1', 'Czy ktoś wie, jak zmienić plan w Acme?'),
    ];
    await producer.send(rawTopic, [
      ...good.map((m) => ({ key: m.eventId, value: m })),
      { key: 'x', value: raw('other-1', 'Globex is great', { brand: 'globex' }) },
      { key: 'y', value: raw('future-1', 'from the future', { publishedAt: '2099-01-01T00:00:00Z' }) },
      { key: 'z', value: Buffer.from('{"not": json') },
    ]);

    const classified = await collect(classifiedTopic);
    const dead = await collect(`${rawTopic}.dlq`);
    await waitFor(() => classified.length >= 3 && dead.length >= 3, {
      timeoutMs: 60_000,
      description: '3 + 3 messages',
    });

    const events = classified.map((m) => ClassifiedMention.parse(JSON.parse(m.value)));
    expect(events.map((e) => e.externalId).sort()).toEqual(['de-1', 'en-1', 'pl-1']);
    const byId = Object.fromEntries(events.map((e) => [e.externalId, e.classification]));
    expect(byId['en-1']).toMatchObject({
      lang: 'en',
      langSource: 'detected',
      sentiment: { label: 'negative' },
    });
    expect(byId['en-1']!.intent.flags.complaint).toBe(true);
    expect(byId['de-1']).toMatchObject({
      lang: 'de',
      langSource: 'source',
      sentiment: { label: 'positive' },
    });
    expect(byId['pl-1']).toMatchObject({ lang: 'pl', intent: { label: 'question' } });
    expect(new Set(events.map((e) => e.classification.modelVersion)).size).toBe(1);

    const kinds = dead.map((m) => m.headers[DLQ_HEADERS.errorKind]).sort();
    expect(kinds).toEqual(['not_json', 'rejected', 'unknown_brand']);
    for (const message of dead) {
      expect(message.headers[DLQ_HEADERS.reason]).toBeTruthy();
      expect(message.headers[DLQ_HEADERS.sourceTopic]).toBe(rawTopic);
    }
    expect(
      dead.find((m) => m.headers[DLQ_HEADERS.errorKind] === 'unknown_brand')!.headers[DLQ_HEADERS.reason],
    ).toBe('brand "globex" is not configured');
  });
});
