import { CONSUMER_GROUPS, SourceHealthEvent, TOPICS } from '@crumbtrail/contracts';
import {
  consumerGroupTiming,
  ensureTopics,
  startBatchConsumer,
  type BatchConsumer,
  type EventProducer,
  type Logger,
} from '@crumbtrail/runtime';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { NotifierConfig } from '../config';
import type { Mailer } from '../send-alert';
import { createSourceHealthHandler } from './source-health-handler';

/**
 * When OPS_EMAIL is set: consumes sources.health.v1 (its own consumer group, `<group>.ops`) and emails each
 * source_down / source_recovered to that address. Returns undefined when OPS_EMAIL is not set.
 */
export async function startSourceHealthConsumer(o: {
  config: NotifierConfig;
  kafka: Kafka;
  producer: EventProducer;
  mailer: Mailer;
  logger: Logger;
  registry: Registry;
}): Promise<BatchConsumer | undefined> {
  const to = o.config.OPS_EMAIL;
  if (!to) return undefined;
  const topic = o.config.SOURCE_HEALTH_TOPIC ?? TOPICS.sourceHealth.name;
  await ensureTopics(o.kafka, [{ topic }, { topic: `${topic}.dlq` }]);
  const consumer = await startBatchConsumer<SourceHealthEvent>({
    kafka: o.kafka,
    logger: o.logger,
    producer: o.producer,
    groupId: `${o.config.CONSUMER_GROUP ?? CONSUMER_GROUPS.notifier}.ops`,
    topic,
    dlqTopic: `${topic}.dlq`,
    schema: SourceHealthEvent,
    metrics: o.registry,
    fromBeginning: true,
    ...consumerGroupTiming(o.config),
    handleBatch: createSourceHealthHandler({
      mailer: o.mailer,
      to,
      from: o.config.MAIL_FROM,
      logger: o.logger,
    }),
  });
  o.logger.info({ topic }, 'notifier emailing source down/recovered events to OPS_EMAIL');
  return consumer;
}
