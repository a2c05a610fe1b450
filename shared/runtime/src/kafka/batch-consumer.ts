import type { DlqErrorKind } from '@crumbtrail/contracts';
import type { Batch, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { z } from 'zod';
import type { ComponentHealth } from '../health';
import { counter, gauge, histogram } from '../metrics';
import { formatIssues } from '../zod-issues';
import { buildDlqMessage, headersToStrings } from './dlq';
import { DEFAULT_RETRY_POLICY, backoffDelayMs } from './outcome';
import type { Outcome, RetryPolicy } from './outcome';
import type { EventProducer, OutgoingMessage } from './producer';

export interface ConsumedMessage<T> {
  value: T;
  key: string | null;
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  /** Kafka timestamp, epoch milliseconds as a string (as kafkajs gives it). */
  timestamp: string;
}

export interface BatchConsumerOptions<T> {
  kafka: Kafka;
  logger: Logger;
  /** Used for the DLQ writes; the caller owns it (stop the consumer before disconnecting it). */
  producer: EventProducer;
  groupId: string;
  topic: string;
  dlqTopic: string;
  schema: z.ZodType<T>;
  /**
   * Called with the valid messages of a batch (a subset when retrying); must return one outcome per message,
   * in the same order. A throw counts as 'retry' for every message of the call. Must be idempotent: a message
   * is redelivered if the process dies before its offset is committed.
   */
  handleBatch(messages: ConsumedMessage<T>[]): Promise<Outcome[]>;
  /** Retries after the first attempt before 'retries_exhausted' (default 5). */
  maxRetries?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  fromBeginning?: boolean;
  /** A batch in flight longer than this, or lag without progress for this long, is unhealthy (default 60 s). */
  stallTimeoutMs?: number;
  metrics?: Registry;
  /** Partitions processed in parallel (default 1). */
  partitionsConsumedConcurrently?: number;
  /** Largest number of messages given to one handleBatch call; bigger fetches are split (default 500). */
  maxBatchSize?: number;
  /** Called whenever the consumer (re)joins its group: its partitions may have changed. */
  onGroupJoin?: () => void;
  /** Most bytes fetched per partition at once (kafkajs default 1 MiB): bounds how big a batch can get. */
  maxBytesPerPartition?: number;
  /** kafkajs group session timeout (default 30 s); a dead member's partitions move after this. */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /**
   * false: a message that would be dead-lettered (not JSON, schema-invalid, 'dlq', retries exhausted) is skipped
   * instead (logged, counted as 'drop'), and nothing is written to `dlqTopic`. For an observer: a second group
   * that reads a topic which another group already dead-letters (default true).
   */
  deadLetter?: boolean;
}

export interface BatchConsumer {
  /** Leaves the group; uncommitted work in progress is abandoned (and redelivered). */
  stop(): Promise<void>;
  health(): ComponentHealth;
  /** True once the consumer has joined its group (and is not stopped). */
  ready(): boolean;
}

interface Item<T> {
  raw: KafkaMessage;
  message: ConsumedMessage<T>;
  attempts: number;
  lastReason: string;
}

interface DlqEntry {
  raw: KafkaMessage;
  reason: string;
  errorKind: DlqErrorKind;
  attempts: number;
}

class Aborted extends Error {}

const BATCH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Consumes `topic` in batches with at-least-once semantics: an offset is committed only after the handler's
 * outcome for every message up to it is settled and every DLQ write is acknowledged. Not-JSON and
 * schema-invalid messages go to the DLQ without reaching the handler; 'retry' outcomes (and handler throws)
 * are retried with exponential backoff, then dead-lettered as 'retries_exhausted'.
 */
export async function startBatchConsumer<T>(o: BatchConsumerOptions<T>): Promise<BatchConsumer> {
  const policy: RetryPolicy = {
    maxRetries: o.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
    baseDelayMs: o.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: o.retryMaxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
  };
  const stallTimeoutMs = o.stallTimeoutMs ?? 60_000;
  const maxBatchSize = Math.max(1, o.maxBatchSize ?? 500);
  const { topic, groupId, dlqTopic } = o;
  const log = o.logger.child({ component: 'consumer', topic, groupId });
  const m = consumerMetrics(o.metrics ?? new Registry());
  const labels = { topic, group: groupId };

  const state = {
    stopping: false,
    joined: false,
    stoppedUnexpectedlyAt: undefined as number | undefined,
    crash: undefined as { at: number; error: string; restart: boolean } | undefined,
    lastProgressAt: Date.now(),
    inFlight: new Map<number, number>(),
    lag: new Map<number, number>(),
  };
  const wakers = new Set<() => void>();

  const consumer: Consumer = o.kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    ...(o.sessionTimeoutMs !== undefined && { sessionTimeout: o.sessionTimeoutMs }),
    ...(o.heartbeatIntervalMs !== undefined && { heartbeatInterval: o.heartbeatIntervalMs }),
    ...(o.maxBytesPerPartition !== undefined && { maxBytesPerPartition: o.maxBytesPerPartition }),
  });

  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    state.joined = true;
    state.stoppedUnexpectedlyAt = undefined;
    state.crash = undefined;
    state.lastProgressAt = Date.now();
    state.lag.clear(); // the assignment may have changed; lag is re-learnt from the next batches
    o.onGroupJoin?.();
    log.info(
      { memberId: e.payload.memberId, assignment: e.payload.memberAssignment },
      'consumer joined group',
    );
  });
  consumer.on(consumer.events.STOP, () => {
    state.joined = false;
    if (!state.stopping) state.stoppedUnexpectedlyAt ??= Date.now();
  });
  consumer.on(consumer.events.CRASH, (e) => {
    state.joined = false;
    state.stoppedUnexpectedlyAt ??= Date.now();
    state.crash = { at: Date.now(), error: String(e.payload.error), restart: e.payload.restart };
    log.error({ err: e.payload.error, restart: e.payload.restart }, 'consumer crashed');
  });

  const wait = (ms: number, payload: EachBatchPayload): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + ms;
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const wake = (): void => {
        if (timer) clearTimeout(timer);
        wakers.delete(wake);
        reject(new Aborted());
      };
      const tick = (): void => {
        if (shouldAbort(payload)) return wake();
        const left = deadline - Date.now();
        if (left <= 0) return done();
        payload
          .heartbeat()
          .catch((err: unknown) => log.debug({ err }, 'heartbeat failed while waiting to retry'));
        timer = setTimeout(tick, Math.min(left, 1000));
      };
      wakers.add(wake);
      tick();
    });

  const shouldAbort = (p: EachBatchPayload): boolean => state.stopping || !p.isRunning() || p.isStale();

  /**
   * handleBatch, heartbeating while it runs. A throw becomes 'retry' for all with `threw` set; a wrong number of
   * outcomes (a bug in the handler) becomes an ordinary 'retry' for all.
   */
  const callHandler = async (
    items: Item<T>[],
    p: EachBatchPayload,
  ): Promise<{ outcomes: Outcome[]; threw: boolean }> => {
    const beat = setInterval(() => {
      p.heartbeat().catch((err: unknown) => log.debug({ err }, 'heartbeat failed during handleBatch'));
    }, 3000);
    const failed = (err: unknown, threw: boolean) => {
      m.handlerErrors.inc(labels);
      log.error(
        { err, messages: items.length, firstOffset: items[0]?.raw.offset },
        'handleBatch failed; will retry',
      );
      const reason = `handler threw: ${err instanceof Error ? err.message : String(err)}`;
      return { outcomes: items.map((): Outcome => ({ status: 'retry', reason })), threw };
    };
    try {
      let outcomes: Outcome[];
      try {
        outcomes = await o.handleBatch(items.map((i) => i.message));
      } catch (err) {
        return failed(err, true);
      }
      if (!Array.isArray(outcomes) || outcomes.length !== items.length) {
        return failed(
          new Error(
            `handleBatch returned ${Array.isArray(outcomes) ? outcomes.length : 'no'} outcomes for ${items.length} messages`,
          ),
          false,
        );
      }
      return { outcomes, threw: false };
    } finally {
      clearInterval(beat);
    }
  };

  /** Settles every message of one chunk: outcome ok/drop, or a DLQ entry. Throws Aborted if stopped while retrying. */
  const settle = async (raws: KafkaMessage[], batch: Batch, p: EachBatchPayload): Promise<DlqEntry[]> => {
    const dlqEntries: DlqEntry[] = [];
    let pending: Item<T>[] = [];
    for (const raw of raws) {
      const decoded = decode(raw, batch, o.schema);
      if ('error' in decoded) dlqEntries.push({ raw, ...decoded.error, attempts: 0 });
      else pending.push({ raw, message: decoded.message, attempts: 0, lastReason: '' });
    }

    // A handler that throws could not do its work at all (its database or broker is unreachable): that is
    // retried for as long as it takes, since dead-lettering good messages during an outage would turn an outage
    // into lost data; the stall check in health() reports it meanwhile. Only a message's own 'retry' outcomes
    // count towards maxRetries.
    let throwsInARow = 0;
    while (pending.length > 0) {
      const { outcomes, threw } = await callHandler(pending, p);
      throwsInARow = threw ? throwsInARow + 1 : 0;
      const again: Item<T>[] = [];
      pending.forEach((item, i) => {
        if (!threw) item.attempts += 1;
        const outcome = outcomes[i] ?? { status: 'retry', reason: 'missing outcome' };
        switch (outcome.status) {
          case 'ok':
            m.processed.inc({ ...labels, outcome: 'ok' });
            break;
          case 'drop':
            m.processed.inc({ ...labels, outcome: 'drop' });
            log.debug(
              { partition: batch.partition, offset: item.raw.offset, reason: outcome.reason },
              'message dropped',
            );
            break;
          case 'dlq':
            dlqEntries.push({
              raw: item.raw,
              reason: outcome.reason,
              errorKind: outcome.errorKind ?? 'rejected',
              attempts: item.attempts,
            });
            break;
          case 'retry':
            item.lastReason = outcome.reason;
            again.push(item);
            break;
        }
      });
      pending = [];
      const exhausted = again.filter((item) => item.attempts > policy.maxRetries);
      for (const item of exhausted) {
        dlqEntries.push({
          raw: item.raw,
          reason: `retries exhausted after ${item.attempts} attempts: ${item.lastReason}`,
          errorKind: 'retries_exhausted',
          attempts: item.attempts,
        });
      }
      pending = again.filter((item) => item.attempts <= policy.maxRetries);
      if (pending.length > 0) {
        const attempt = threw ? throwsInARow : (pending[0]?.attempts ?? 1);
        const delay = backoffDelayMs(attempt, policy);
        m.retries.inc(labels, pending.length);
        log.warn(
          {
            partition: batch.partition,
            messages: pending.length,
            attempt,
            delayMs: delay,
            reason: pending[0]?.lastReason,
          },
          'retrying messages',
        );
        await wait(delay, p);
      }
    }
    return dlqEntries;
  };

  const eachBatch = async (p: EachBatchPayload): Promise<void> => {
    const { batch } = p;
    if (batch.messages.length === 0) return;
    const partition = batch.partition;
    const started = Date.now();
    state.inFlight.set(partition, started);
    const endTimer = m.batchDuration.startTimer(labels);
    try {
      for (let start = 0; start < batch.messages.length; start += maxBatchSize) {
        if (shouldAbort(p)) throw new Aborted();
        const chunk = batch.messages.slice(start, start + maxBatchSize);
        m.consumed.inc(labels, chunk.length);
        const dlqEntries = await settle(chunk, batch, p);
        if (dlqEntries.length > 0) await sendToDlq(dlqEntries, batch);
        // Settled work is committed even when stopping; only a revoked partition must not be.
        if (p.isStale()) throw new Aborted();

        const last = chunk[chunk.length - 1] as KafkaMessage;
        const next = (BigInt(last.offset) + 1n).toString();
        p.resolveOffset(last.offset);
        await p.commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: next }] }] });
        const lag = Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next)));
        state.lag.set(partition, lag);
        m.lag.set({ ...labels, partition: String(partition) }, lag);
        state.lastProgressAt = Date.now();
        state.inFlight.set(partition, state.lastProgressAt);
      }
    } catch (err) {
      if (err instanceof Aborted) {
        log.info(
          { partition },
          'batch abandoned without commit (stopping or rebalancing); it will be redelivered',
        );
        return;
      }
      throw err;
    } finally {
      state.inFlight.delete(partition);
      endTimer();
    }
  };

  const sendToDlq = async (entries: DlqEntry[], batch: Batch): Promise<void> => {
    if (o.deadLetter === false) {
      for (const e of entries) {
        m.processed.inc({ ...labels, outcome: 'drop' });
        log.debug(
          { partition: batch.partition, offset: e.raw.offset, errorKind: e.errorKind, reason: e.reason },
          'message skipped (this consumer does not dead-letter)',
        );
      }
      return;
    }
    const failedAt = new Date();
    const messages: OutgoingMessage[] = entries.map((e) =>
      buildDlqMessage(e.raw, {
        topic,
        partition: batch.partition,
        groupId,
        reason: e.reason,
        errorKind: e.errorKind,
        attempts: e.attempts,
        failedAt,
      }),
    );
    await o.producer.send(dlqTopic, messages);
    for (const e of entries) {
      m.processed.inc({ ...labels, outcome: 'dlq' });
      m.dlq.inc({ ...labels, kind: e.errorKind });
      log.warn(
        {
          partition: batch.partition,
          offset: e.raw.offset,
          key: e.raw.key?.toString(),
          errorKind: e.errorKind,
          reason: e.reason,
        },
        'message dead-lettered',
      );
    }
  };

  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: o.fromBeginning ?? false });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 1,
      eachBatch,
    });
  } catch (err) {
    await consumer.disconnect();
    throw err;
  }
  log.info({ dlqTopic, maxRetries: policy.maxRetries }, 'consumer started');

  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        state.stopping = true;
        for (const wake of [...wakers]) wake();
        await consumer.disconnect();
        state.joined = false;
        log.info('consumer stopped');
      })();
      return stopped;
    },
    ready: () => state.joined && !state.stopping,
    health(): ComponentHealth {
      const now = Date.now();
      const inFlightSince = state.inFlight.size > 0 ? Math.min(...state.inFlight.values()) : undefined;
      const lag = [...state.lag.values()].reduce((a, b) => a + b, 0);
      const problems: string[] = [];
      if (state.crash && !state.crash.restart) problems.push(`crashed: ${state.crash.error}`);
      else if (
        state.stoppedUnexpectedlyAt !== undefined &&
        now - state.stoppedUnexpectedlyAt > stallTimeoutMs
      ) {
        problems.push(
          `stopped for ${now - state.stoppedUnexpectedlyAt} ms${state.crash ? ` after: ${state.crash.error}` : ''}`,
        );
      }
      if (inFlightSince !== undefined && now - inFlightSince > stallTimeoutMs) {
        problems.push(`batch in progress for ${now - inFlightSince} ms`);
      }
      if (lag > 0 && inFlightSince === undefined && now - state.lastProgressAt > stallTimeoutMs) {
        problems.push(`lag ${lag} with no progress for ${now - state.lastProgressAt} ms`);
      }
      return {
        name: `consumer:${topic}`,
        healthy: problems.length === 0 && !state.stopping,
        details: {
          groupId,
          joined: state.joined,
          ...(problems.length > 0 && { problems }),
          ...(state.stopping && { stopping: true }),
          lastProgressAt: new Date(state.lastProgressAt).toISOString(),
          inFlightSince: inFlightSince === undefined ? null : new Date(inFlightSince).toISOString(),
          lag,
          ...(state.crash && { lastCrash: { ...state.crash, at: new Date(state.crash.at).toISOString() } }),
        },
      };
    },
  };
}

type Decoded<T> = { message: ConsumedMessage<T> } | { error: { reason: string; errorKind: DlqErrorKind } };

/** JSON-parses and validates one message; the error says why in words a person can act on. */
/** Strict UTF-8: a message whose bytes are not UTF-8 is dead-lettered as not_json. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function decode<T>(
  raw: KafkaMessage,
  batch: Pick<Batch, 'topic' | 'partition'>,
  schema: z.ZodType<T>,
): Decoded<T> {
  if (raw.value === null || raw.value.length === 0) {
    return { error: { reason: 'message has no value', errorKind: 'not_json' } };
  }
  let json: unknown;
  try {
    // fatal: invalid UTF-8 is rejected, not silently replaced by U+FFFD (which would store corrupted text).
    json = JSON.parse(UTF8.decode(raw.value));
  } catch (err) {
    return {
      error: {
        reason: `not JSON: ${err instanceof Error ? err.message : String(err)}`,
        errorKind: 'not_json',
      },
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return { error: { reason: `schema: ${formatIssues(parsed.error.issues)}`, errorKind: 'schema' } };
  }
  return {
    message: {
      value: parsed.data,
      key: raw.key === null ? null : raw.key.toString('utf8'),
      topic: batch.topic,
      partition: batch.partition,
      offset: raw.offset,
      headers: headersToStrings(raw.headers),
      timestamp: raw.timestamp,
    },
  };
}

function consumerMetrics(registry: Registry) {
  return {
    consumed: counter(registry, {
      name: 'crumbtrail_consumer_messages_consumed_total',
      help: 'Messages fetched by the consumer wrapper',
      labelNames: ['topic', 'group'],
    }),
    processed: counter(registry, {
      name: 'crumbtrail_consumer_messages_processed_total',
      help: 'Messages settled, by outcome (ok, drop, dlq)',
      labelNames: ['topic', 'group', 'outcome'],
    }),
    dlq: counter(registry, {
      name: 'crumbtrail_consumer_dlq_messages_total',
      help: 'Messages written to the dead-letter topic, by error kind',
      labelNames: ['topic', 'group', 'kind'],
    }),
    retries: counter(registry, {
      name: 'crumbtrail_consumer_retries_total',
      help: 'Message retries (one per message per retry)',
      labelNames: ['topic', 'group'],
    }),
    handlerErrors: counter(registry, {
      name: 'crumbtrail_consumer_handler_errors_total',
      help: 'handleBatch calls that threw or returned the wrong number of outcomes',
      labelNames: ['topic', 'group'],
    }),
    batchDuration: histogram(registry, {
      name: 'crumbtrail_consumer_batch_duration_seconds',
      help: 'Time to settle and commit one fetched batch',
      labelNames: ['topic', 'group'],
      buckets: BATCH_BUCKETS,
    }),
    lag: gauge(registry, {
      name: 'crumbtrail_consumer_lag_messages',
      help: 'High watermark minus committed offset, as of the last committed batch',
      labelNames: ['topic', 'group', 'partition'],
    }),
  };
}
