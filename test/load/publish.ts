// Publishes synthetic mentions onto a raw topic with the runtime's producer: large batches, at a target rate or as
// fast as the broker takes them.
import {
  createKafka,
  createLogger,
  createProducer,
  ensureTopics,
  type EventProducer,
  type Kafka,
  type Logger,
  type OutgoingMessage,
} from '@crumbtrail/runtime';
import { syntheticMention, type MentionOptions } from './generate';

export interface LoadClient {
  kafka: Kafka;
  producer: EventProducer;
  logger: Logger;
  close(): Promise<void>;
}

export async function connectLoadClient(
  brokers: string,
  topics: string[],
  partitions = 6,
): Promise<LoadClient> {
  const logger = createLogger({ service: 'load', level: process.env.LOAD_LOG_LEVEL ?? 'error' });
  const kafka = createKafka({ clientId: 'crumbtrail-load', brokers: brokers.split(',') }, logger);
  await ensureTopics(
    kafka,
    topics.map((topic) => ({ topic, numPartitions: partitions })),
  );
  const producer = await createProducer(kafka, logger);
  return { kafka, producer, logger, close: () => producer.disconnect() };
}

export interface PublishOptions extends Omit<MentionOptions, 'now'> {
  topic: string;
  /** First mention index (mentions are numbered per run, so two phases never share an eventId). */
  from: number;
  count: number;
  /** Mentions per second; 0 or undefined: as fast as possible. */
  rate?: number;
  batchSize?: number;
  /** Called after each acknowledged batch with the indexes sent and the time they were handed to the producer. */
  onBatch?: (firstIndex: number, count: number, sentAtMs: number) => void;
  /** Stop early when this returns true (checked between batches). */
  shouldStop?: () => boolean;
}

export interface PublishResult {
  sent: number;
  seconds: number;
  /** Mentions per second actually achieved. */
  rate: number;
}

/**
 * Sends `count` mentions numbered from `from`. With a rate, batches are paced so that at any time no more than
 * rate × elapsed mentions have been sent (a token bucket of 100 ms granularity); without one, up to `parallel`
 * batches are in flight.
 */
export async function publishMentions(producer: EventProducer, o: PublishOptions): Promise<PublishResult> {
  const started = Date.now();
  const batchSize = o.rate
    ? Math.max(1, Math.min(o.batchSize ?? 1000, Math.ceil(o.rate / 10)))
    : (o.batchSize ?? 1000);
  let sent = 0;
  while (sent < o.count) {
    if (o.shouldStop?.()) break;
    if (o.rate) {
      const allowed = Math.floor(((Date.now() - started) / 1000) * o.rate) + batchSize;
      if (sent + batchSize > allowed) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
    }
    const n = Math.min(batchSize, o.count - sent);
    const first = o.from + sent;
    const now = new Date();
    const messages: OutgoingMessage[] = [];
    for (let i = 0; i < n; i += 1) {
      const m = syntheticMention(first + i, { ...o, now });
      messages.push({ key: m.eventId, value: m });
    }
    const sentAt = Date.now();
    await producer.send(o.topic, messages);
    o.onBatch?.(first, n, sentAt);
    sent += n;
  }
  const seconds = (Date.now() - started) / 1000;
  return { sent, seconds, rate: sent / Math.max(seconds, 0.001) };
}
