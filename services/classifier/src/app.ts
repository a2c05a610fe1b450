import { CONSUMER_GROUPS, RawMention, TOPICS } from '@crumbtrail/contracts';
import { createClassifier, loadModel } from '@crumbtrail/nlp';
import {
  consumerGroupTiming,
  consumerHealth,
  createKafka,
  createMetricsRegistry,
  createProducer,
  ensureTopics,
  kafkaConnectionFrom,
  loadBrandsFile,
  startBatchConsumer,
  type BatchConsumer,
  type ComponentHealth,
  type EventProducer,
  type Logger,
} from '@crumbtrail/runtime';
import type { Registry } from 'prom-client';
import { createBatchHandler, DEFAULT_CLASSIFIED_TOPIC } from './classify-batch';
import type { ClassifierConfig } from './config';
import { createClassifierMetrics } from './metrics';

export interface ClassifierApp {
  registry: Registry;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): ComponentHealth[];
  ready(): boolean;
}

export function createClassifierApp(
  config: ClassifierConfig,
  logger: Logger,
  clock: () => Date = () => new Date(),
): ClassifierApp {
  // Model and language tables load once, before any message is read.
  const model = loadModel(config.NLP_MODEL_FILE);
  const classifier = createClassifier(model);
  const brands = loadBrandsFile(config.BRANDS_FILE);
  const registry = createMetricsRegistry('classifier');
  const metrics = createClassifierMetrics(registry);
  const rawTopic = config.RAW_TOPIC ?? TOPICS.mentionsRaw.name;
  const classifiedTopic = config.CLASSIFIED_TOPIC ?? DEFAULT_CLASSIFIED_TOPIC;
  const kafka = createKafka(kafkaConnectionFrom(config), logger);
  let producer: EventProducer | undefined;
  let consumer: BatchConsumer | undefined;

  logger.info(
    { modelVersion: classifier.modelVersion, brands: brands.brands.length },
    'classifier model loaded',
  );

  return {
    registry,
    async start() {
      await ensureTopics(kafka, [
        { topic: rawTopic },
        { topic: `${rawTopic}.dlq` },
        { topic: classifiedTopic },
      ]);
      producer = await createProducer(kafka, logger);
      consumer = await startBatchConsumer<RawMention>({
        kafka,
        logger,
        producer,
        groupId: config.CONSUMER_GROUP ?? CONSUMER_GROUPS.classifier,
        topic: rawTopic,
        dlqTopic: `${rawTopic}.dlq`,
        schema: RawMention,
        metrics: registry,
        fromBeginning: true,
        // A batch waits for its produce to be acknowledged and its offset committed: with the partitions of a
        // fetch handled concurrently, one partition is classified while another's produce is in flight (alone,
        // the service sat idle a third of the time). More than the topic's partitions costs nothing.
        partitionsConsumedConcurrently: 32,
        // One produce and one commit per chunk: a whole fetched partition (up to 1 MiB) is one chunk.
        maxBatchSize: 2000,
        ...consumerGroupTiming(config),
        handleBatch: createBatchHandler({
          policy: {
            classifier,
            knownBrands: new Set(brands.brands.map((brand) => brand.id)),
            maxFutureSkewMs: config.MAX_FUTURE_SKEW_MINUTES * 60_000,
          },
          producer,
          classifiedTopic,
          metrics,
          logger,
          clock,
        }),
      });
    },
    async stop() {
      await consumer?.stop();
      await producer?.disconnect();
    },
    health() {
      return [consumerHealth(consumer)];
    },
    ready() {
      return consumer?.ready() ?? false;
    },
  };
}
