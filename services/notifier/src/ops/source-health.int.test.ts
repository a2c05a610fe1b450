import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SourceHealthEvent, sourceHealthEventId } from '@crumbtrail/contracts';
import {
  createKafka,
  createLogger,
  createProducer,
  kafkaConnectionFrom,
  type EventProducer,
} from '@crumbtrail/runtime';
import { MongoClient } from 'mongodb';
import { requireEnv, uniqueDbName, uniqueName, waitFor } from '../../../../test/support';
import { createNotifierApp, type NotifierApp } from '../app';
import { loadNotifierConfig } from '../config';
import { SmtpSink } from '../test-support/smtp-sink';

jest.setTimeout(90_000);

const logger = createLogger({ service: 'notifier-ops-test', level: 'silent' });
const topic = uniqueName('sources-health');
const database = uniqueDbName('notifier_ops');
let sink: SmtpSink;
let producer: EventProducer;
let app: NotifierApp | undefined;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'notifier-ops-'));
  const brandsFile = join(dir, 'brands.yaml');
  writeFileSync(brandsFile, 'brands:\n  - id: acme\n    name: Acme\n    query: acme\n');
  sink = new SmtpSink();
  const smtpPort = await sink.listen();
  producer = await createProducer(
    createKafka(kafkaConnectionFrom({ KAFKA_BROKERS: [requireEnv('KAFKA_BROKERS')] }), logger),
    logger,
  );
  const config = loadNotifierConfig({
    KAFKA_BROKERS: requireEnv('KAFKA_BROKERS'),
    MONGO_URL: requireEnv('MONGO_URL'),
    MONGO_DB: database,
    BRANDS_FILE: brandsFile,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    ALERTS_TOPIC: uniqueName('alerts'),
    CONSUMER_GROUP: uniqueName('notifier'),
    OPS_EMAIL: 'ops@crumbtrail.test',
    SOURCE_HEALTH_TOPIC: topic,
    LOG_LEVEL: 'silent',
  });
  app = createNotifierApp(config, logger);
  await app.start();
});

afterAll(async () => {
  await app?.stop();
  await producer?.disconnect();
  await sink?.close();
  const client = await MongoClient.connect(requireEnv('MONGO_URL'));
  await client.db(database).dropDatabase();
  await client.close();
});

it('emails OPS_EMAIL when a source goes down and when it recovers', async () => {
  const down = SourceHealthEvent.parse({
    schemaVersion: 1,
    eventId: sourceHealthEventId('acme', 'rss', 'source_down', '2025-06-01T12:01:00.000Z'),
    event: 'source_down',
    brand: 'acme',
    source: 'rss',
    at: '2025-06-01T12:03:00.000Z',
    failingSince: '2025-06-01T12:01:00.000Z',
    consecutiveFailures: 3,
    tolerance: 3,
    url: 'https://feeds.example.com/feed',
    reason: 'not an RSS or Atom feed',
  });
  await producer.send(topic, [{ key: 'acme', value: down }]);
  await producer.send(topic, [
    {
      key: 'acme',
      value: {
        ...down,
        event: 'source_recovered',
        eventId: sourceHealthEventId('acme', 'rss', 'source_recovered', down.failingSince),
        at: '2025-06-01T12:05:00.000Z',
      },
    },
  ]);
  await waitFor(() => sink.messages.length >= 2, { timeoutMs: 30_000, description: 'two ops emails' });
  expect(sink.messages.map((m) => [m.subject, m.to && 'text' in m.to ? m.to.text : undefined])).toEqual([
    ['[Crumbtrail ops] acme: rss is down (nothing usable read in 3 polls)', 'ops@crumbtrail.test'],
    ['[Crumbtrail ops] acme: rss recovered', 'ops@crumbtrail.test'],
  ]);
  expect(sink.messages[0]!.text).toContain('Reason:        not an RSS or Atom feed');
  const health = await app!.health();
  expect(health.find((c) => c.name === 'source-health consumer')?.healthy).toBe(true);
});
