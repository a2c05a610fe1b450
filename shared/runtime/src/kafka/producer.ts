import { CompressionTypes, Partitioners } from 'kafkajs';
import type { Kafka, Message } from 'kafkajs';
import type { Logger } from 'pino';

export interface OutgoingMessage {
  /** Partitioning key; `null` spreads messages round-robin. A Buffer is sent as is. */
  key: string | Buffer | null;
  /** JSON-serialised by the producer; a Buffer is taken as already serialised and sent byte for byte. */
  value: unknown;
  headers?: Record<string, string>;
}

export interface EventProducer {
  /** Resolves once every message is acknowledged by all in-sync replicas; rejects otherwise. */
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * Bytes of messages per produce request. The broker refuses a partition's record batch over its message.max.bytes
 * (1 MiB by default) and kafkajs puts all of a request's messages for one partition into one batch, so a big
 * send (a classifier batch of 2,000 long posts) is split into requests below that, sent one after the other.
 */
export const MAX_REQUEST_BYTES = 768 * 1024;

/**
 * An idempotent producer (acks = all, one request in flight, so retries never duplicate or reorder) that
 * JSON-serialises values. kafkajs retries idempotent sends indefinitely with backoff: when the cluster is
 * unreachable `send` waits rather than failing, and the caller's health/stall checks surface it.
 */
export async function createProducer(kafka: Kafka, logger: Logger): Promise<EventProducer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    // murmur2, as the Java client: the same key lands on the same partition whichever client wrote it.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  logger.debug('kafka producer connected');
  return {
    async send(topic, messages) {
      for (const chunk of byteChunks(messages.map(toKafkaMessage), MAX_REQUEST_BYTES)) {
        await producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages: chunk });
      }
    },
    async disconnect() {
      await producer.disconnect();
      logger.debug('kafka producer disconnected');
    },
  };
}

export function toKafkaMessage(m: OutgoingMessage): Message {
  const message: Message = {
    key: m.key,
    value: Buffer.isBuffer(m.value) ? m.value : serialise(m.value),
  };
  if (m.headers !== undefined) message.headers = { ...m.headers };
  return message;
}

/** Consecutive runs of messages of at most `maxBytes` each (a bigger message goes alone: the broker judges it). */
export function byteChunks(messages: Message[], maxBytes: number): Message[][] {
  const chunks: Message[][] = [];
  let current: Message[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = messageBytes(m);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Key, value and header bytes plus a record's framing (an upper bound of ~70 bytes). */
function messageBytes(m: Message): number {
  const size = (v: string | Buffer | null | undefined) =>
    v == null ? 0 : Buffer.isBuffer(v) ? v.length : Buffer.byteLength(v);
  let bytes = 70 + size(m.key) + size(m.value);
  for (const [name, value] of Object.entries(m.headers ?? {})) {
    bytes +=
      Buffer.byteLength(name) + (typeof value === 'string' || Buffer.isBuffer(value) ? size(value) : 0);
  }
  return bytes;
}

function serialise(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`cannot JSON-serialise a ${typeof value} message value`);
  return json;
}
