import type { Kafka } from 'kafkajs';
import { createLogger } from '../logger';
import { stackEnv, uniqueName } from '../test-support/stack';
import { createKafka } from './client';
import { ensureTopics } from './topics';

const logger = createLogger({ service: 'runtime-int-test', level: 'silent' });
let kafka: Kafka;

beforeAll(() => {
  kafka = createKafka({ clientId: uniqueName('topics'), brokers: stackEnv().brokers }, logger);
});

it('creates missing topics with leaders, and tolerates concurrent and repeated calls', async () => {
  const a = uniqueName('rt.topics.a');
  const b = uniqueName('rt.topics.b');
  const specs = [{ topic: a, numPartitions: 3 }, { topic: b }];
  await Promise.all([ensureTopics(kafka, specs), ensureTopics(kafka, specs)]);
  await ensureTopics(kafka, specs);

  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [a, b] });
    const byName = new Map(topics.map((t) => [t.name, t]));
    expect(byName.get(a)!.partitions).toHaveLength(3);
    expect(byName.get(b)!.partitions.length).toBeGreaterThanOrEqual(1);
    for (const t of topics) for (const p of t.partitions) expect(p.leader).toBeGreaterThanOrEqual(0);
    await admin.deleteTopics({ topics: [a, b] });
  } finally {
    await admin.disconnect();
  }
});
