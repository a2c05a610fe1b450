import {
  requireEnv,
  uniqueName as sharedUniqueName,
  waitFor as sharedWaitFor,
} from '../../../../test/support';
import type { Kafka, KafkaMessage } from 'kafkajs';

/** The local stack's addresses; jest's globalSetup (or `npm run stack:up`) provides them. */
export function stackEnv(): { brokers: string[]; mongoUrl: string } {
  return { brokers: requireEnv('KAFKA_BROKERS').split(','), mongoUrl: requireEnv('MONGO_URL') };
}

/** A name no other test run uses (test/support's, shared by every suite). */
export const uniqueName = sharedUniqueName;

/** Polls until `condition` holds (or returns a value), failing after the deadline with `what`. */
export function waitFor<T>(
  what: string,
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  return sharedWaitFor(condition, { timeoutMs, intervalMs: 50, description: what });
}

/** Reads a topic from the beginning with a throwaway group until `count` messages arrived. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader') });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        messages.push(message);
        return Promise.resolve();
      },
    });
    await waitFor(`${count} messages on ${topic}`, () => messages.length >= count, timeoutMs);
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** The group's committed offset for partition 0 of `topic` ("-1" when none). */
export async function committedOffset(kafka: Kafka, groupId: string, topic: string): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return entry?.partitions.find((p) => p.partition === 0)?.offset ?? '-1';
  } finally {
    await admin.disconnect();
  }
}
