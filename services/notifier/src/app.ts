import { BrandMutes } from '@crumbtrail/alert-actions';
import { Alert, CONSUMER_GROUPS, DLQ_HEADERS, TOPICS } from '@crumbtrail/contracts';
import {
  connectMongo,
  consumerGroupTiming,
  consumerHealth,
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
import { resolveEndpoints } from './channels/endpoints';
import type { DeadLetter } from './channels/send-channels';
import type { NotifierConfig } from './config';
import { AlertLog } from './digest/alert-log';
import { DigestRunner } from './digest/digest-runner';
import { HourRollupsReader } from './digest/rollups-read';
import { startDigestScheduler, type CronLike } from './digest/scheduler';
import { createSmtpMailer } from './mailer';
import { createNotifierMetrics } from './metrics';
import { DeferredAlerts } from './deferred-alerts';
import { startSourceHealthConsumer } from './ops/source-health-consumer';
import { createAlertHandler, flushDeferred, type Mailer, type SendAlertDeps } from './send-alert';

/** How often alerts held back by quiet hours are checked for being due. */
const DEFERRED_FLUSH_MS = 60_000;
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
  /** Where endpoint URLs and secrets named in brands.yaml are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  cron?: CronLike;
}

/** The dead-letter record of a chat or webhook delivery: the alert as published, headers saying why and where. */
export function deadLetterMessage(letter: DeadLetter, sourceTopic: string, failedAt: Date) {
  return {
    key: letter.alert.brand,
    value: letter.alert,
    headers: {
      [DLQ_HEADERS.reason]: letter.reason.slice(0, 2000),
      [DLQ_HEADERS.errorKind]: letter.kind,
      [DLQ_HEADERS.sourceTopic]: sourceTopic,
      [DLQ_HEADERS.failedAt]: failedAt.toISOString(),
      [DLQ_HEADERS.attempts]: String(letter.attempts),
      'x-crumbtrail-channel': letter.endpoint.channel,
      'x-crumbtrail-endpoint': letter.endpoint.name,
    },
  };
}

export function createNotifierApp(
  config: NotifierConfig,
  logger: Logger,
  overrides: NotifierOverrides = {},
): NotifierApp {
  const brands = loadBrandsFile(config.BRANDS_FILE);
  const endpoints = resolveEndpoints(brands.brands, overrides.env ?? process.env);
  const registry = createMetricsRegistry('notifier');
  const metrics = createNotifierMetrics(registry);
  const alertsTopic = config.ALERTS_TOPIC ?? TOPICS.alerts.name;
  const dlqTopic = `${alertsTopic}.dlq`;
  const kafka = createKafka(kafkaConnectionFrom(config), logger);
  const smtp = overrides.mailer ? undefined : createSmtpMailer(config);
  const mailer = overrides.mailer ?? smtp!;
  const clock = overrides.clock ?? (() => new Date());
  const sleep = overrides.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  if (config.ACTION_TOKEN_SECRET && !config.DASHBOARD_URL) {
    logger.warn('ACTION_TOKEN_SECRET is set without DASHBOARD_URL: emails get no action links');
  }
  let mongo: MongoConnection | undefined;
  let producer: EventProducer | undefined;
  let consumer: BatchConsumer | undefined;
  let opsConsumer: BatchConsumer | undefined;
  let digests: { stop(): Promise<void> } | undefined;
  let flushTimer: NodeJS.Timeout | undefined;

  return {
    registry,
    async start() {
      mongo = await connectMongo(config.MONGO_URL, config.MONGO_DB, logger);
      const ledger = new SendLedger(mongo.db);
      await ledger.ensureIndexes();
      const alertLog = new AlertLog(mongo.db);
      await alertLog.ensureIndexes();
      await ensureTopics(kafka, [{ topic: alertsTopic }, { topic: dlqTopic }]);
      const out = await createProducer(kafka, logger);
      producer = out;
      const deferred = new DeferredAlerts(mongo.db);
      await deferred.ensureIndexes();
      const alertDeps: SendAlertDeps = {
        ledger,
        mailer,
        brands: new Map(brands.brands.map((brand) => [brand.id, brand])),
        from: config.MAIL_FROM,
        metrics,
        logger,
        clock,
        smtpRetry: {
          maxRetries: config.SEND_MAX_ATTEMPTS - 1,
          baseDelayMs: config.SEND_RETRY_BASE_MS,
          maxDelayMs: 60_000,
        },
        mutes: new BrandMutes(mongo.db),
        endpoints,
        channels: {
          policy: {
            maxAttempts: config.CHANNEL_MAX_ATTEMPTS,
            baseDelayMs: config.CHANNEL_RETRY_BASE_MS,
            maxDelayMs: 60_000,
            maxRetryAfterMs: config.CHANNEL_MAX_WAIT_SECONDS * 1000,
            timeoutMs: config.CHANNEL_TIMEOUT_MS,
          },
          io: { fetch: overrides.fetch ?? fetch, sleep, now: clock },
          deadLetter: async (letter) => {
            await out.send(dlqTopic, [deadLetterMessage(letter, alertsTopic, clock())]);
          },
        },
        ...(config.DASHBOARD_URL && { dashboardUrl: config.DASHBOARD_URL }),
        ...(config.ACTION_TOKEN_SECRET && { actionSecret: config.ACTION_TOKEN_SECRET }),
        alertLog,
        deferred,
      };
      consumer = await startBatchConsumer<Alert>({
        kafka,
        logger,
        producer: out,
        groupId: config.CONSUMER_GROUP ?? CONSUMER_GROUPS.notifier,
        topic: alertsTopic,
        dlqTopic,
        schema: Alert,
        metrics: registry,
        fromBeginning: true,
        ...consumerGroupTiming(config),
        handleBatch: createAlertHandler(alertDeps),
      });
      flushTimer = setInterval(() => {
        flushDeferred(deferred, alertDeps).catch((err: unknown) =>
          logger.error({ err }, 'could not send alerts held back by quiet hours; trying again in a minute'),
        );
      }, DEFERRED_FLUSH_MS);
      flushTimer.unref();
      if (config.DIGEST_ENABLED) {
        const runner = new DigestRunner({
          brands: brands.brands,
          rollups: new HourRollupsReader(mongo.db),
          alertLog,
          ledger: new SendLedger(mongo.db, 'digest_sends'),
          mailer,
          from: config.MAIL_FROM,
          clock,
          logger,
          ...(config.DASHBOARD_URL && { dashboardUrl: config.DASHBOARD_URL }),
        });
        digests = startDigestScheduler(runner, brands.brands, logger, overrides.cron);
      }
      logger.info(
        {
          topic: alertsTopic,
          brands: brands.brands.length,
          endpoints: [...endpoints.values()].reduce((n, list) => n + list.length, 0),
        },
        'notifier consuming alerts',
      );
      opsConsumer = await startSourceHealthConsumer({ config, kafka, producer, mailer, logger, registry });
    },
    async stop() {
      await opsConsumer?.stop();
      if (flushTimer) clearInterval(flushTimer);
      await digests?.stop();
      await consumer?.stop();
      await producer?.disconnect();
      smtp?.close();
      await mongo?.close();
    },
    async health() {
      const checks: ComponentHealth[] = [consumerHealth(consumer)];
      if (opsConsumer) checks.push({ ...opsConsumer.health(), name: 'source-health consumer' });
      if (mongo) checks.push(await mongoHealth(mongo));
      return checks;
    },
    ready() {
      return consumer?.ready() ?? false;
    },
  };
}
