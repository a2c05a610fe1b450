import type { ITopicConfig, Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  /** Default: the broker's num.partitions. */
  numPartitions?: number;
  /** Default: the broker's default.replication.factor. */
  replicationFactor?: number;
  configEntries?: { name: string; value: string }[];
}

/**
 * Creates the topics that do not exist yet (existing ones are left as they are, whatever their settings) and
 * waits until every partition of every listed topic has a leader, so a producer can write at once.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: TopicSpec[],
  o: { timeoutMs?: number } = {},
): Promise<void> {
  if (topics.length === 0) return;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          topics: missing.map(toTopicConfig),
          waitForLeaders: true,
          timeout: timeoutMs,
        });
      } catch (err) {
        // Another process may have created them between listTopics and createTopics. And kafkajs's own wait for
        // leaders gives up on UNKNOWN_TOPIC_OR_PARTITION, which a just-started broker answers while the topic is
        // being created (seen on a fresh KRaft node): waitForLeaders below keeps polling instead.
        if (!isAlreadyExists(err) && !isUnknownTopic(err)) throw err;
      }
    }
    await waitForLeaders(
      admin,
      topics.map((t) => t.topic),
      timeoutMs,
    );
  } finally {
    await admin.disconnect();
  }
}

function toTopicConfig(t: TopicSpec): ITopicConfig {
  const config: ITopicConfig = { topic: t.topic };
  if (t.numPartitions !== undefined) config.numPartitions = t.numPartitions;
  if (t.replicationFactor !== undefined) config.replicationFactor = t.replicationFactor;
  if (t.configEntries !== undefined) config.configEntries = t.configEntries;
  return config;
}

function isAlreadyExists(err: unknown): boolean {
  const e = err as { type?: string; errors?: { type?: string }[] } | null;
  if (e?.type === 'TOPIC_ALREADY_EXISTS') return true;
  return (
    Array.isArray(e?.errors) &&
    e.errors.length > 0 &&
    e.errors.every((x) => x.type === 'TOPIC_ALREADY_EXISTS')
  );
}

function isUnknownTopic(err: unknown): boolean {
  return (err as { type?: string } | null)?.type === 'UNKNOWN_TOPIC_OR_PARTITION';
}

async function waitForLeaders(
  admin: ReturnType<Kafka['admin']>,
  topics: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const ready =
        metadata.length === topics.length &&
        metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (ready) return;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`topics ${topics.join(', ')} have no leader after ${timeoutMs} ms`, {
        cause: lastError,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
