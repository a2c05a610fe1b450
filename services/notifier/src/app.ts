import { Alert, CONSUMER_GROUPS, TOPICS } from '@crumbtrail/contracts';
import {
  connectMongo,
  consumerGroupTiming,
  createKafka,
  createMetricsRegistry,
  createProducer,
  ensureTopics,
  kafkaConnectionFrom,
  loadBrandsFile,
  mongoHealth,
  startBatchConsumer,
  type BatchConsumer,
  type ComponentHealth,
  type EventProducer,
  type Logger,
  type MongoConnection,
} from '@crumbtrail/runtime';
import type { Registry } from 'prom-client';
import type { NotifierConfig } from './config';
import { createSmtpMailer } from './mailer';
import { createNotifierMetrics } from './metrics';
import { startSourceHealthConsumer } from './ops/source-health-consumer';
import { createAlertHandler, type Mailer } from './send-alert';
import { SendLedger } from './sends/send-ledger';

export interface NotifierApp {
  registry: Registry;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): Promise<ComponentHealth[]>;
  ready(): boolean;
}

export interface NotifierOverrides {
  clock?: () => Date;
  mailer?: Mailer;
}

export function createNotifierApp(
  config: NotifierConfig,
  logger: Logger,
  overrides: NotifierOverrides = {},
): NotifierApp {
  const brands = loadBrandsFile(config.BRANDS_FILE);
  const registry = createMetricsRegistry('notifier');
  const metrics = createNotifierMetrics(registry);
  const alertsTopic = config.ALERTS_TOPIC ?? TOPICS.alerts.name;
  const kafka = createKafka(kafkaConnectionFrom(config), logger);
  const smtp = overrides.mailer ? undefined : createSmtpMailer(config);
  const mailer = overrides.mailer ?? smtp!;
  let mongo: MongoConnection | undefined;
  let producer: EventProducer | undefined;
  let consumer: BatchConsumer | undefined;
  let opsConsumer: BatchConsumer | undefined;

  return {
    registry,
    async start() {
      mongo = await connectMongo(config.MONGO_URL, config.MONGO_DB, logger);
      const ledger = new SendLedger(mongo.db);
      await ledger.ensureIndexes();
      await ensureTopics(kafka, [{ topic: alertsTopic }, { topic: `${alertsTopic}.dlq` }]);
      producer = await createProducer(kafka, logger);
      consumer = await startBatchConsumer<Alert>({
        kafka,
        logger,
        producer,
        groupId: config.CONSUMER_GROUP ?? CONSUMER_GROUPS.notifier,
        topic: alertsTopic,
        dlqTopic: `${alertsTopic}.dlq`,
        schema: Alert,
        metrics: registry,
        fromBeginning: true,
        ...consumerGroupTiming(config),
        handleBatch: createAlertHandler({
          ledger,
          mailer,
          brands: new Map(brands.brands.map((brand) => [brand.id, brand])),
          from: config.MAIL_FROM,
          metrics,
          logger,
          clock: overrides.clock ?? (() => new Date()),
          smtpRetry: {
            maxRetries: config.SEND_MAX_ATTEMPTS - 1,
            baseDelayMs: config.SEND_RETRY_BASE_MS,
            maxDelayMs: 60_000,
          },
        }),
      });
      logger.info({ topic: alertsTopic, brands: brands.brands.length }, 'notifier consuming alerts');
      opsConsumer = await startSourceHealthConsumer({ config, kafka, producer, mailer, logger, registry });
    },
    async stop() {
      await opsConsumer?.stop();
      await consumer?.stop();
      await producer?.disconnect();
      smtp?.close();
      await mongo?.close();
    },
    async health() {
      const checks: ComponentHealth[] = [
        consumer
          ? consumer.health()
          : { name: 'consumer', healthy: false, details: { state: 'not started' } },
      ];
      if (opsConsumer) checks.push({ ...opsConsumer.health(), name: 'source-health consumer' });
      if (mongo) checks.push(await mongoHealth(mongo));
      return checks;
    },
    ready() {
      return consumer?.ready() ?? false;
    },
  };
}
