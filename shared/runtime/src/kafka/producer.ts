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
      if (messages.length === 0) return;
      await producer.send({
        topic,
        acks: -1,
        compression: CompressionTypes.None,
        messages: messages.map(toKafkaMessage),
      });
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

function serialise(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`cannot JSON-serialise a ${typeof value} message value`);
  return json;
}
