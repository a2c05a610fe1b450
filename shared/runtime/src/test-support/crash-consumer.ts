/**
 * Child process for the "killed before commit" integration test: consumes with the runtime's batch consumer,
 * makes the handler's side effect (an idempotent upsert), reports it on stdout, then hangs so the offset is
 * never committed. The parent SIGKILLs it.
 */
import { z } from 'zod';
import { createKafka, createLogger, createProducer, connectMongo, startBatchConsumer } from '../index';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const logger = createLogger({
    service: 'crash-consumer',
    level: 'warn',
    destination: process.stderr,
  });
  const kafka = createKafka({ clientId: 'crash-consumer', brokers: env('KAFKA_BROKERS').split(',') }, logger);
  const mongo = await connectMongo(env('MONGO_URL'), env('TEST_DB'), logger);
  const producer = await createProducer(kafka, logger);
  const events = mongo.db.collection<{ _id: string; deliveries: number }>('events');
  await startBatchConsumer({
    kafka,
    logger,
    producer,
    groupId: env('TEST_GROUP'),
    topic: env('TEST_TOPIC'),
    dlqTopic: env('TEST_DLQ'),
    schema: z.object({ id: z.string() }),
    fromBeginning: true,
    sessionTimeoutMs: 6000,
    heartbeatIntervalMs: 1000,
    handleBatch: async (messages) => {
      for (const m of messages)
        await events.updateOne({ _id: m.value.id }, { $inc: { deliveries: 1 } }, { upsert: true });
      process.stdout.write(`processed ${messages.map((m) => m.offset).join(',')}\n`);
      return new Promise(() => undefined); // never settles: the "crash" comes before the commit
    },
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
