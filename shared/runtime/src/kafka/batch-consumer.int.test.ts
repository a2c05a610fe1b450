import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DLQ_HEADERS } from '@crumbtrail/contracts';
import { Partitioners } from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { createLogger } from '../logger';
import { connectMongo } from '../mongo';
import type { MongoConnection } from '../mongo';
import { committedOffset, readTopic, stackEnv, uniqueName, waitFor } from '../test-support/stack';
import { startBatchConsumer } from './batch-consumer';
import type { BatchConsumer, BatchConsumerOptions, ConsumedMessage } from './batch-consumer';
import { createKafka } from './client';
import type { Outcome } from './outcome';
import { createProducer } from './producer';
import type { EventProducer } from './producer';
import { ensureTopics } from './topics';

jest.setTimeout(90_000);

const Event = z.object({ id: z.string(), n: z.number().int() });
type Event = z.infer<typeof Event>;

const logger = createLogger({ service: 'runtime-int-test', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const env = stackEnv();
const run = uniqueName('rt');
let kafka: Kafka;
let producer: EventProducer;
let mongo: MongoConnection;
const running: BatchConsumer[] = [];

/** A fresh topic pair and group for one test. */
async function topics(name: string): Promise<{ topic: string; dlqTopic: string; groupId: string }> {
  const topic = `${run}.${name}`;
  await ensureTopics(kafka, [
    { topic, numPartitions: 1 },
    { topic: `${topic}.dlq`, numPartitions: 1 },
  ]);
  return { topic, dlqTopic: `${topic}.dlq`, groupId: `${run}.${name}.group` };
}

async function consume(
  o: Pick<BatchConsumerOptions<Event>, 'topic' | 'dlqTopic' | 'groupId' | 'handleBatch'> &
    Partial<BatchConsumerOptions<Event>>,
): Promise<BatchConsumer> {
  const consumer = await startBatchConsumer<Event>({
    kafka,
    logger,
    producer,
    schema: Event,
    fromBeginning: true,
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 50,
    ...o,
  });
  running.push(consumer);
  return consumer;
}

const allOk = (m: unknown[]): Promise<Outcome[]> => Promise.resolve(m.map(() => ({ status: 'ok' as const })));

beforeAll(async () => {
  kafka = createKafka({ clientId: run, brokers: env.brokers }, logger);
  producer = await createProducer(kafka, logger);
  mongo = await connectMongo(env.mongoUrl, run.replace(/[^A-Za-z0-9_-]/g, '_'), logger);
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});

afterAll(async () => {
  await producer?.disconnect();
  await mongo?.db.dropDatabase().catch(() => undefined);
  await mongo?.close();
});

it('round-trips events through the producer and the batch consumer, then commits', async () => {
  const t = await topics('roundtrip');
  const seen: ConsumedMessage<Event>[] = [];
  const consumer = await consume({
    ...t,
    handleBatch: (m) => {
      seen.push(...m);
      return allOk(m);
    },
  });
  await producer.send(t.topic, [
    { key: 'a', value: { id: 'a', n: 1 }, headers: { 'x-trace': 'one' } },
    { key: 'b', value: { id: 'b', n: 2 } },
    { key: null, value: { id: 'c', n: 3 } },
  ]);
  await waitFor('3 messages handled', () => seen.length >= 3);
  expect(seen.map((m) => [m.key, m.value, m.offset, m.topic])).toEqual([
    ['a', { id: 'a', n: 1 }, '0', t.topic],
    ['b', { id: 'b', n: 2 }, '1', t.topic],
    [null, { id: 'c', n: 3 }, '2', t.topic],
  ]);
  expect(seen[0]!.headers).toEqual({ 'x-trace': 'one' });
  await waitFor('offset 3 committed', async () => (await committedOffset(kafka, t.groupId, t.topic)) === '3');
  expect(consumer.ready()).toBe(true);
  expect(consumer.health()).toMatchObject({ healthy: true, details: { lag: 0 } });
});

it('dead-letters malformed messages with reason headers and goes on to the next good one', async () => {
  const t = await topics('malformed');
  const raw = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await raw.connect();
  const notJson = Buffer.from('{"id": "x", oops');
  await raw.send({
    topic: t.topic,
    messages: [
      { key: 'bad-json', value: notJson, headers: { origin: 'test' } },
      { key: 'bad-schema', value: JSON.stringify({ id: 42, n: 'many' }) },
      { key: 'good', value: JSON.stringify({ id: 'g', n: 1 }) },
    ],
  });
  await raw.disconnect();

  const handled: string[] = [];
  const registry = new Registry();
  await consume({
    ...t,
    metrics: registry,
    handleBatch: (m) => {
      handled.push(...m.map((x) => x.value.id));
      return allOk(m);
    },
  });
  const dlq = await readTopic(kafka, t.dlqTopic, 2);
  const header = (i: number, name: string): string | undefined => dlq[i]!.headers?.[name]?.toString();

  expect(dlq.map((m) => m.key?.toString())).toEqual(['bad-json', 'bad-schema']);
  expect(dlq[0]!.value!.equals(notJson)).toBe(true);
  expect(header(0, 'origin')).toBe('test');
  expect(header(0, DLQ_HEADERS.errorKind)).toBe('not_json');
  expect(header(0, DLQ_HEADERS.reason)).toMatch(/^not JSON: /);
  expect(header(0, DLQ_HEADERS.sourceTopic)).toBe(t.topic);
  expect(header(0, DLQ_HEADERS.sourcePartition)).toBe('0');
  expect(header(0, DLQ_HEADERS.sourceOffset)).toBe('0');
  expect(header(0, DLQ_HEADERS.consumerGroup)).toBe(t.groupId);
  expect(header(0, DLQ_HEADERS.attempts)).toBe('0');
  expect(Date.parse(header(0, DLQ_HEADERS.failedAt)!)).not.toBeNaN();
  expect(header(1, DLQ_HEADERS.errorKind)).toBe('schema');
  expect(header(1, DLQ_HEADERS.reason)).toMatch(/id: .*expected string.*; n: .*expected number/);
  expect(header(1, DLQ_HEADERS.sourceOffset)).toBe('1');

  await waitFor('offset 3 committed', async () => (await committedOffset(kafka, t.groupId, t.topic)) === '3');
  expect(handled).toEqual(['g']);
  expect(await registry.getSingleMetricAsString('crumbtrail_consumer_dlq_messages_total')).toMatch(
    /kind="schema"[^\n]*} 1/,
  );
});

it('retries a retry outcome, then dead-letters it as retries_exhausted', async () => {
  const t = await topics('retry');
  const attempts = new Map<string, number>();
  await consume({
    ...t,
    maxRetries: 3,
    handleBatch: (m) =>
      Promise.resolve(
        m.map((x): Outcome => {
          attempts.set(x.value.id, (attempts.get(x.value.id) ?? 0) + 1);
          return x.value.id === 'flaky'
            ? { status: 'retry', reason: 'downstream unavailable' }
            : { status: 'ok' };
        }),
      ),
  });
  await producer.send(t.topic, [
    { key: 'flaky', value: { id: 'flaky', n: 1 } },
    { key: 'fine', value: { id: 'fine', n: 2 } },
  ]);
  const [dead] = await readTopic(kafka, t.dlqTopic, 1);
  expect(dead!.key?.toString()).toBe('flaky');
  expect(dead!.headers?.[DLQ_HEADERS.errorKind]?.toString()).toBe('retries_exhausted');
  expect(dead!.headers?.[DLQ_HEADERS.attempts]?.toString()).toBe('4');
  expect(dead!.headers?.[DLQ_HEADERS.reason]?.toString()).toContain('downstream unavailable');
  expect(JSON.parse(dead!.value!.toString())).toEqual({ id: 'flaky', n: 1 });
  await waitFor('offset 2 committed', async () => (await committedOffset(kafka, t.groupId, t.topic)) === '2');
  expect(Object.fromEntries(attempts)).toEqual({ flaky: 4, fine: 1 });
});

it('turns unhealthy while the handler hangs and recovers when it returns', async () => {
  const t = await topics('stall');
  let release: () => void = () => undefined;
  let calls = 0;
  const consumer = await consume({
    ...t,
    stallTimeoutMs: 500,
    handleBatch: (m) => {
      calls += 1;
      return calls === 1
        ? new Promise((resolve) => (release = () => resolve(m.map(() => ({ status: 'ok' })))))
        : allOk(m);
    },
  });
  await producer.send(t.topic, [{ key: 'h', value: { id: 'h', n: 1 } }]);
  await waitFor('handler called', () => calls === 1);
  const unhealthy = await waitFor('unhealthy', () => {
    const h = consumer.health();
    return h.healthy ? undefined : h;
  });
  expect(typeof unhealthy.details!.inFlightSince).toBe('string');
  expect(unhealthy.details!.problems).toEqual([expect.stringMatching(/in progress/)]);

  release();
  await waitFor('healthy again', () => consumer.health().healthy);
  await producer.send(t.topic, [{ key: 'i', value: { id: 'i', n: 2 } }]);
  await waitFor('offset 2 committed', async () => (await committedOffset(kafka, t.groupId, t.topic)) === '2');
  expect(consumer.health()).toMatchObject({ healthy: true, details: { lag: 0, inFlightSince: null } });
});

describe('a consumer killed after its side effect but before the commit', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('redelivers, and the idempotent upsert leaves exactly one document', async () => {
    const t = await topics('crash');
    const dbName = mongo.db.databaseName;
    const events = mongo.db.collection<{ _id: string; deliveries: number }>('events');
    await producer.send(t.topic, [{ key: 'once', value: { id: 'once', n: 1 } }]);

    const root = join(__dirname, '..', '..', '..', '..');
    child = spawn(
      process.execPath,
      [
        '--conditions=crumbtrail-source',
        '--import',
        'tsx',
        join(__dirname, '..', 'test-support', 'crash-consumer.ts'),
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          TEST_DB: dbName,
          TEST_GROUP: t.groupId,
          TEST_TOPIC: t.topic,
          TEST_DLQ: t.dlqTopic,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    await waitFor(
      `the child to process the message (stderr: ${err})`,
      () => out.includes('processed 0') || child!.exitCode !== null,
      60_000,
    );
    expect(child.exitCode).toBeNull();
    expect(await events.findOne({ _id: 'once' })).toEqual({ _id: 'once', deliveries: 1 });

    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(await committedOffset(kafka, t.groupId, t.topic)).toBe('-1');

    const redelivered: string[] = [];
    await consume({
      ...t,
      handleBatch: async (m) => {
        for (const x of m) {
          redelivered.push(x.value.id);
          await events.updateOne({ _id: x.value.id }, { $inc: { deliveries: 1 } }, { upsert: true });
        }
        return m.map(() => ({ status: 'ok' }));
      },
    });
    await waitFor(
      'offset 1 committed',
      async () => (await committedOffset(kafka, t.groupId, t.topic)) === '1',
      60_000,
    );
    expect(redelivered).toEqual(['once']);
    expect(await events.countDocuments({})).toBe(1);
    expect(await events.findOne({ _id: 'once' })).toEqual({ _id: 'once', deliveries: 2 });
  });
});
