import { DLQ_HEADERS } from '@crumbtrail/contracts';
import { EventEmitter } from 'node:events';
import type { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { createLogger } from '../logger';
import { decode, startBatchConsumer } from './batch-consumer';
import type { BatchConsumerOptions, ConsumedMessage } from './batch-consumer';
import type { Outcome } from './outcome';
import type { EventProducer, OutgoingMessage } from './producer';

/** A stand-in for kafkajs: captures eachBatch so a test can feed it batches and watch commits. */
function fakeKafka() {
  const emitter = new EventEmitter();
  let eachBatch: ((p: EachBatchPayload) => Promise<void>) | undefined;
  let running = true;
  const events = { GROUP_JOIN: 'join', STOP: 'stop', CRASH: 'crash' };
  const consumer = {
    events,
    on: (name: string, fn: (e: unknown) => void) => emitter.on(name, fn),
    connect: jest.fn(() => Promise.resolve()),
    subscribe: jest.fn(() => Promise.resolve()),
    run: jest.fn((o: { eachBatch: (p: EachBatchPayload) => Promise<void> }) => {
      eachBatch = o.eachBatch;
      return Promise.resolve();
    }),
    disconnect: jest.fn(() => {
      running = false;
      return Promise.resolve();
    }),
  };
  const kafka = { consumer: () => consumer } as unknown as Kafka;
  return {
    kafka,
    consumer,
    emit: (name: keyof typeof events, payload: unknown) => emitter.emit(events[name], { payload }),
    isRunning: () => running,
    setRunning: (r: boolean) => (running = r),
    eachBatch: (p: EachBatchPayload) => eachBatch!(p),
  };
}

const Event = z.object({ id: z.string(), n: z.number() });
type Event = z.infer<typeof Event>;

function msg(offset: number, value: string | null, key: string | null = `k${offset}`): KafkaMessage {
  return {
    key: key === null ? null : Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
    offset: String(offset),
    timestamp: '1700000000000',
    attributes: 0,
    headers: { trace: Buffer.from(`t${offset}`) },
  };
}

const good = (offset: number, n = offset): KafkaMessage =>
  msg(offset, JSON.stringify({ id: `e${offset}`, n }));

function setup(
  handleBatch: (m: ConsumedMessage<Event>[]) => Promise<Outcome[]>,
  over: Partial<BatchConsumerOptions<Event>> = {},
) {
  const f = fakeKafka();
  const log: string[] = [];
  const dlq: OutgoingMessage[] = [];
  const producer: EventProducer = {
    send: jest.fn((topic: string, messages: OutgoingMessage[]) => {
      log.push(`send ${topic} ${messages.length}`);
      dlq.push(...messages);
      return Promise.resolve();
    }),
    disconnect: () => Promise.resolve(),
  };
  const registry = new Registry();
  const handler = jest.fn(async (m: ConsumedMessage<Event>[]) => {
    log.push(`handle ${m.map((x) => x.offset).join(',')}`);
    return handleBatch(m);
  });
  const start = () =>
    startBatchConsumer<Event>({
      kafka: f.kafka,
      logger: createLogger({ service: 'test', level: 'silent' }),
      producer,
      groupId: 'g',
      topic: 'in',
      dlqTopic: 'in.dlq',
      schema: Event,
      handleBatch: handler,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 2,
      metrics: registry,
      ...over,
    });
  const feed = (messages: KafkaMessage[], o: { stale?: () => boolean; highWatermark?: string } = {}) => {
    const payload = {
      batch: {
        topic: 'in',
        partition: 0,
        highWatermark: o.highWatermark ?? String(Number(messages.at(-1)!.offset) + 1),
        messages,
      },
      resolveOffset: jest.fn((offset: string) => void log.push(`resolve ${offset}`)),
      heartbeat: jest.fn(() => Promise.resolve()),
      commitOffsetsIfNecessary: jest.fn((offsets: { topics: { partitions: { offset: string }[] }[] }) => {
        log.push(`commit ${offsets.topics[0]!.partitions[0]!.offset}`);
        return Promise.resolve();
      }),
      isRunning: f.isRunning,
      isStale: o.stale ?? (() => false),
    };
    return { payload, done: f.eachBatch(payload as unknown as EachBatchPayload) };
  };
  return { f, log, dlq, producer, handler, registry, start, feed };
}

const allOk = (m: unknown[]): Promise<Outcome[]> => Promise.resolve(m.map(() => ({ status: 'ok' as const })));

describe('startBatchConsumer (fake kafka)', () => {
  it('runs kafkajs with manual commits and the chosen concurrency', async () => {
    const t = setup(allOk, { partitionsConsumedConcurrently: 3, fromBeginning: true });
    await t.start();
    expect(t.f.consumer.subscribe).toHaveBeenCalledWith({ topic: 'in', fromBeginning: true });
    expect(t.f.consumer.run).toHaveBeenCalledWith(
      expect.objectContaining({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 3,
      }),
    );
  });

  it('dead-letters not-JSON and schema-invalid messages, handles the rest once, then commits last+1', async () => {
    const t = setup(allOk);
    await t.start();
    await t.feed([
      good(10),
      msg(11, 'not json{'),
      msg(12, JSON.stringify({ id: 7 })),
      good(13),
      msg(14, null),
    ]).done;

    expect(t.handler).toHaveBeenCalledTimes(1);
    const handled = t.handler.mock.calls[0]![0];
    expect(handled.map((m) => [m.offset, m.key, m.value, m.headers])).toEqual([
      ['10', 'k10', { id: 'e10', n: 10 }, { trace: 't10' }],
      ['13', 'k13', { id: 'e13', n: 13 }, { trace: 't13' }],
    ]);
    expect(t.dlq.map((m) => m.headers![DLQ_HEADERS.errorKind])).toEqual(['not_json', 'schema', 'not_json']);
    expect(t.dlq[1]!.headers![DLQ_HEADERS.reason]).toMatch(/^schema: id: .*string.*; n: .*number/);
    expect(t.dlq[0]!.headers![DLQ_HEADERS.sourceOffset]).toBe('11');
    expect(t.dlq[0]!.headers!.trace).toBe('t11');
    expect((t.dlq[0]!.value as Buffer).toString()).toBe('not json{');
    expect(t.log).toEqual(['handle 10,13', 'send in.dlq 3', 'resolve 14', 'commit 15']);
  });

  it('with deadLetter false, skips what it would dead-letter, writes nothing to the DLQ, and commits', async () => {
    const t = setup((m) => Promise.resolve(m.map((): Outcome => ({ status: 'dlq', reason: 'no' }))), {
      deadLetter: false,
    });
    await t.start();
    await t.feed([good(20), msg(21, 'not json{'), good(22)]).done;

    expect(t.handler).toHaveBeenCalledTimes(1);
    expect(t.producer.send).not.toHaveBeenCalled();
    expect(t.dlq).toEqual([]);
    expect(t.log).toEqual(['handle 20,22', 'resolve 22', 'commit 23']);
    const processed = await t.registry.getSingleMetric('crumbtrail_consumer_messages_processed_total')!.get();
    expect(processed.values.find((v) => v.labels.outcome === 'drop')?.value).toBe(3);
  });

  it('retries only the messages whose outcome was retry, then commits', async () => {
    let calls = 0;
    const t = setup((m) => {
      calls += 1;
      return Promise.resolve(
        m.map((x) =>
          x.offset === '2' && calls < 3 ? { status: 'retry', reason: 'db busy' } : { status: 'ok' },
        ),
      );
    });
    await t.start();
    await t.feed([good(1), good(2), good(3)]).done;
    expect(t.log).toEqual(['handle 1,2,3', 'handle 2', 'handle 2', 'resolve 3', 'commit 4']);
    expect(t.dlq).toEqual([]);
    expect(await t.registry.getSingleMetricAsString('crumbtrail_consumer_retries_total')).toContain('} 2');
  });

  it('dead-letters as retries_exhausted after maxRetries, with the last reason and attempt count', async () => {
    const t = setup((m) => Promise.resolve(m.map(() => ({ status: 'retry', reason: 'still down' }))), {
      maxRetries: 2,
    });
    await t.start();
    await t.feed([good(5)]).done;
    expect(t.log).toEqual(['handle 5', 'handle 5', 'handle 5', 'send in.dlq 1', 'resolve 5', 'commit 6']);
    expect(t.dlq[0]!.headers).toMatchObject({
      [DLQ_HEADERS.errorKind]: 'retries_exhausted',
      [DLQ_HEADERS.attempts]: '3',
    });
    expect(t.dlq[0]!.headers![DLQ_HEADERS.reason]).toContain('still down');
  });

  it('treats a throw (or a wrong number of outcomes) as retry for every message of the call', async () => {
    let calls = 0;
    const t = setup((m) => {
      calls += 1;
      if (calls === 1) return Promise.reject(new Error('connection reset'));
      if (calls === 2) return Promise.resolve([{ status: 'ok' }]);
      return allOk(m);
    });
    await t.start();
    await t.feed([good(1), good(2)]).done;
    expect(t.log).toEqual(['handle 1,2', 'handle 1,2', 'handle 1,2', 'resolve 2', 'commit 3']);
    expect(await t.registry.getSingleMetricAsString('crumbtrail_consumer_handler_errors_total')).toContain(
      '} 2',
    );
  });

  it('retries a throwing handler past maxRetries (an outage) and dead-letters nothing', async () => {
    let calls = 0;
    const t = setup(
      (m) => {
        calls += 1;
        return calls <= 4 ? Promise.reject(new Error('server selection timed out')) : allOk(m);
      },
      { maxRetries: 2 },
    );
    await t.start();
    await t.feed([good(1)]).done;
    expect(t.log).toEqual([...Array<string>(5).fill('handle 1'), 'resolve 1', 'commit 2']);
    expect(t.dlq).toEqual([]);
  });

  it('still counts a wrong number of outcomes (a handler bug) towards maxRetries', async () => {
    const t = setup(() => Promise.resolve([]), { maxRetries: 1 });
    await t.start();
    await t.feed([good(1)]).done;
    expect(t.log).toEqual(['handle 1', 'handle 1', 'send in.dlq 1', 'resolve 1', 'commit 2']);
    expect(t.dlq[0]!.headers![DLQ_HEADERS.reason]).toContain('returned 0 outcomes for 1 messages');
  });

  it('honours dlq and drop outcomes', async () => {
    const t = setup((m) =>
      Promise.resolve(
        m.map((x): Outcome =>
          x.offset === '1'
            ? { status: 'dlq', reason: 'unknown brand', errorKind: 'unknown_brand' }
            : { status: 'drop', reason: 'dup' },
        ),
      ),
    );
    await t.start();
    await t.feed([good(1), good(2)]).done;
    expect(t.dlq.map((m) => [m.headers![DLQ_HEADERS.errorKind], m.headers![DLQ_HEADERS.attempts]])).toEqual([
      ['unknown_brand', '1'],
    ]);
    expect(t.log.at(-1)).toBe('commit 3');
    const processed = await t.registry.getSingleMetricAsString(
      'crumbtrail_consumer_messages_processed_total',
    );
    expect(processed).toMatch(/outcome="dlq"[^\n]*} 1/);
    expect(processed).toMatch(/outcome="drop"[^\n]*} 1/);
  });

  it('stops retrying promptly on stop() without resolving or committing', async () => {
    const t = setup((m) => Promise.resolve(m.map(() => ({ status: 'retry', reason: 'down' }))), {
      retryBaseDelayMs: 60_000,
      retryMaxDelayMs: 60_000,
    });
    const consumer = await t.start();
    const { done } = t.feed([good(1)]);
    await waitFor(() => t.handler.mock.calls.length === 1);
    const started = Date.now();
    await consumer.stop();
    await done;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(t.log).toEqual(['handle 1']);
  });

  it('does not commit a batch whose partition was revoked meanwhile', async () => {
    let stale = false;
    const t = setup((m) => {
      stale = true;
      return allOk(m);
    });
    await t.start();
    await t.feed([good(1)], { stale: () => stale }).done;
    expect(t.log).toEqual(['handle 1']);
  });

  it('does not commit when the DLQ write fails, and lets kafkajs see the error', async () => {
    const t = setup(allOk);
    (t.producer.send as jest.Mock).mockRejectedValueOnce(new Error('broker down'));
    await t.start();
    await expect(t.feed([msg(1, 'nope')]).done).rejects.toThrow('broker down');
    expect(t.log).toEqual([]);
  });

  it('splits big fetches into handler calls of maxBatchSize and commits after each', async () => {
    const t = setup(allOk, { maxBatchSize: 2 });
    await t.start();
    await t.feed([good(1), good(2), good(3)]).done;
    expect(t.log).toEqual(['handle 1,2', 'resolve 2', 'commit 3', 'handle 3', 'resolve 3', 'commit 4']);
  });

  describe('health', () => {
    it('is unhealthy while a batch is stuck longer than stallTimeoutMs, and recovers', async () => {
      let release: () => void = () => undefined;
      const t = setup((m) => new Promise((r) => (release = () => r(m.map(() => ({ status: 'ok' }))))), {
        stallTimeoutMs: 50,
      });
      const consumer = await t.start();
      expect(consumer.health().healthy).toBe(true);
      const { done } = t.feed([good(1)], { highWatermark: '10' });
      await waitFor(() => !consumer.health().healthy);
      expect(typeof consumer.health().details!.inFlightSince).toBe('string');
      expect(consumer.health().details!.problems).toEqual([expect.stringMatching(/in progress/)]);
      release();
      await done;
      expect(consumer.health()).toMatchObject({ healthy: true, details: { inFlightSince: null, lag: 8 } });
      // Known lag and no progress for stallTimeoutMs is a stall too.
      await waitFor(() => !consumer.health().healthy);
      expect(consumer.health().details!.problems).toEqual([expect.stringMatching(/^lag 8 with no progress/)]);
    });

    it('is unhealthy after a crash kafkajs will not restart, healthy again after a rejoin', async () => {
      const t = setup(allOk, { stallTimeoutMs: 50 });
      const consumer = await t.start();
      t.f.emit('GROUP_JOIN', { memberId: 'm', memberAssignment: {} });
      expect(consumer.ready()).toBe(true);
      t.f.emit('STOP', {});
      t.f.emit('CRASH', { error: new Error('fatal'), restart: false });
      expect(consumer.health()).toMatchObject({ healthy: false, details: { lastCrash: { restart: false } } });
      expect(consumer.ready()).toBe(false);
      t.f.emit('GROUP_JOIN', { memberId: 'm', memberAssignment: {} });
      expect(consumer.health().healthy).toBe(true);
    });

    it('tolerates a restarting crash for stallTimeoutMs only', async () => {
      const t = setup(allOk, { stallTimeoutMs: 50 });
      const consumer = await t.start();
      t.f.emit('STOP', {});
      t.f.emit('CRASH', { error: new Error('broker gone'), restart: true });
      expect(consumer.health().healthy).toBe(true);
      await waitFor(() => !consumer.health().healthy);
      expect(consumer.health().details!.problems).toEqual([
        expect.stringMatching(/^stopped for .* after: Error: broker gone/),
      ]);
    });

    it('a deliberate stop is not ready', async () => {
      const t = setup(allOk);
      const consumer = await t.start();
      t.f.emit('GROUP_JOIN', { memberId: 'm', memberAssignment: {} });
      await consumer.stop();
      t.f.emit('STOP', {});
      expect(consumer.ready()).toBe(false);
      expect(t.f.consumer.disconnect).toHaveBeenCalledTimes(1);
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('decode', () => {
  it('dead-letters JSON whose bytes are not UTF-8 instead of replacing them', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"id":"e1","n":1,"s":"a'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const schema = z.object({ id: z.string(), n: z.number(), s: z.string() });
    const result = decode(
      { key: null, value: bytes, offset: '0', headers: {}, timestamp: '0' } as never,
      { topic: 't', partition: 0 },
      schema,
    );
    expect(result).toEqual({ error: expect.objectContaining({ errorKind: 'not_json' }) });
    const valid = decode(
      {
        key: null,
        value: Buffer.from('{"id":"e1","n":1,"s":"ü"}'),
        offset: '0',
        headers: {},
        timestamp: '0',
      } as never,
      { topic: 't', partition: 0 },
      schema,
    );
    expect(valid).toEqual({ message: expect.objectContaining({ value: { id: 'e1', n: 1, s: 'ü' } }) });
  });
});
