import { ClassifiedMention, CONSUMER_GROUPS, TOPICS, type BrandConfig } from '@crumbtrail/contracts';
import {
  connectMongo,
  consumerGroupTiming,
  consumerHealth,
  createKafka,
  createLease,
  createMetricsRegistry,
  createProducer,
  ensureTopics,
  kafkaConnectionFrom,
  keepLease,
  leaseHolderId,
  leaseTiming,
  loadBrandsFile,
  mergeConcurrentBatches,
  mongoHealth,
  startBatchConsumer,
  type BatchConsumer,
  type ComponentHealth,
  type EventProducer,
  type LeaseKeeper,
  type Logger,
  type MongoConnection,
  type Registry,
} from '@crumbtrail/runtime';
import type { AggregatorConfig } from './config';
import { SENSITIVITY_ALPHA, type DetectorSettings } from './detect/detector';
import { createDetection } from './detection';
import { createBatchHandler } from './handle-batch';
import { HOUR_MS, MINUTE_MS } from './mention-doc';
import { createAggregatorMetrics } from './metrics';
import { applyRetention, type RetentionPolicy } from './retention';
import { createDetectionScheduler, type DetectionScheduler } from './scheduler';
import { createAlertsRepo } from './store/alerts-repo';
import { createMentionsRepo } from './store/mentions-repo';
import { cachedRollups } from './store/cached-rollups';
import { createRollupsRepo } from './store/rollups-repo';

export interface AggregatorApp {
  registry: Registry;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): Promise<ComponentHealth[]>;
  /** Consuming, and the database answers a ping now (so /readyz turns 503 while MongoDB is unreachable). */
  ready(): Promise<boolean>;
  /** Runs one detection cycle now (tests, and the timer); nothing unless this instance owns detection. */
  detectNow(): Promise<void>;
  /** `owner` while this instance holds the detection lease, else `standby`. */
  detectionRole(): 'owner' | 'standby';
}

/**
 * The lease that makes one aggregator instance, of however many, the detection owner: it alone evaluates brands,
 * runs the re-publish sweep and the retention job. Ingest (storing mentions and rollups) runs on every instance.
 */
export const DETECTION_LEASE = 'aggregator.detection';

const DAY_MS = 24 * HOUR_MS;
/** Partitions handed over at once (and merged into one batch); more than the topic has costs nothing. */
const MERGED_PARTITIONS = 32;

/** Service-wide detector defaults from the environment; brands.yaml `alerts` refines them per brand. */
export function detectorDefaults(config: AggregatorConfig): DetectorSettings {
  return {
    bucketMs: config.DETECT_BUCKET === 'hour' ? HOUR_MS : MINUTE_MS,
    windowBuckets: config.DETECT_WINDOW_BUCKETS,
    baselineBuckets: config.DETECT_BASELINE_BUCKETS,
    persistence: config.DETECT_PERSISTENCE,
    minMentions: config.DETECT_MIN_MENTIONS,
    minBaselineMentions: config.DETECT_MIN_BASELINE_MENTIONS,
    minShareIncrease: config.DETECT_MIN_SHARE_INCREASE,
    minComplaints: config.DETECT_MIN_COMPLAINTS,
    complaintRatio: config.DETECT_COMPLAINT_RATIO,
    volumeRatio: config.DETECT_VOLUME_RATIO,
    alpha: SENSITIVITY_ALPHA.normal,
    cooldownMs: config.DETECT_COOLDOWN_MINUTES * MINUTE_MS,
  };
}

export function createAggregatorApp(
  config: AggregatorConfig,
  logger: Logger,
  clock: () => Date = () => new Date(),
): AggregatorApp {
  const brandsFile = loadBrandsFile(config.BRANDS_FILE);
  const brands = new Map<string, BrandConfig>(brandsFile.brands.map((b) => [b.id, b]));
  const registry = createMetricsRegistry('aggregator');
  const metrics = createAggregatorMetrics(registry);
  const classifiedTopic = config.CLASSIFIED_TOPIC ?? TOPICS.mentionsClassified.name;
  const alertsTopic = config.ALERTS_TOPIC ?? TOPICS.alerts.name;
  const kafka = createKafka(kafkaConnectionFrom(config, 'crumbtrail-aggregator'), logger);
  const retention: RetentionPolicy = {
    mentionMs: config.MENTION_RETENTION_DAYS * DAY_MS,
    minuteRollupMs: config.MINUTE_ROLLUP_RETENTION_HOURS * HOUR_MS,
    hourRollupMs: config.ROLLUP_RETENTION_DAYS * DAY_MS,
  };
  let mongo: MongoConnection | undefined;
  let producer: EventProducer | undefined;
  let consumer: BatchConsumer | undefined;
  let scheduler: DetectionScheduler | undefined;
  let retentionTimer: NodeJS.Timeout | undefined;
  let keeper: LeaseKeeper | undefined;
  const holder = leaseHolderId('aggregator');

  const role = (): 'owner' | 'standby' => (keeper?.state() === 'held' ? 'owner' : 'standby');

  return {
    registry,
    async start() {
      mongo = await connectMongo(config.MONGO_URL, config.MONGO_DB, logger);
      const mentions = createMentionsRepo(mongo.db);
      const rollups = cachedRollups(createRollupsRepo(mongo.db));
      const alerts = createAlertsRepo(mongo.db);
      await Promise.all([mentions.ensureIndexes(), rollups.ensureIndexes(), alerts.ensureIndexes()]);
      const migrated = await alerts.migrateHeads();
      if (migrated > 0) logger.info({ brands: migrated }, 'built alert heads from stored alerts');
      await ensureTopics(kafka, [
        { topic: classifiedTopic },
        { topic: `${classifiedTopic}.dlq` },
        { topic: alertsTopic },
      ]);
      const out = await createProducer(kafka, logger);
      producer = out;
      const detection = createDetection({
        mentions,
        rollups,
        alerts,
        publish: (alert) => out.send(alertsTopic, [{ key: alert.brand, value: alert }]),
        granularity: config.DETECT_BUCKET,
        defaults: detectorDefaults(config),
        brands,
        metrics,
        logger,
      });
      const sched = createDetectionScheduler({
        throttleMs: config.DETECT_THROTTLE_SECONDS * 1000,
        intervalMs: config.DETECT_INTERVAL_SECONDS * 1000,
        allBrands: () => [...brands.keys()],
        runBrand: (brand) => detection.runBrand(brand, clock()),
        republish: () => detection.republish(),
        logger,
      });
      scheduler = sched;
      const { ttlMs, renewMs } = leaseTiming(config);
      const lease = createLease({ db: mongo.db, name: DETECTION_LEASE, holder, ttlMs });
      keeper = keepLease({
        lease,
        intervalMs: renewMs,
        logger,
        onAcquired: (token) => {
          metrics.detectionOwner.set(1);
          logger.info({ token, holder }, 'detection owner: evaluating every brand');
          // Alert events stored but not acknowledged (a crash, or the previous owner's) go out first, then every
          // brand is evaluated at once: a takeover does not wait for the next timer.
          void sched.runAll();
        },
        onLost: () => {
          metrics.detectionOwner.set(0);
          logger.warn({ holder }, 'detection standby: another instance owns detection');
        },
      });
      sched.setActive(() => lease.held());
      await keeper.start();
      consumer = await startBatchConsumer<ClassifiedMention>({
        kafka,
        logger,
        producer: out,
        groupId: config.CONSUMER_GROUP ?? CONSUMER_GROUPS.aggregator,
        topic: classifiedTopic,
        dlqTopic: `${classifiedTopic}.dlq`,
        schema: ClassifiedMention,
        metrics: registry,
        fromBeginning: true,
        ...consumerGroupTiming(config),
        // A batch costs one insert plus an update per rollup document it touches (its brands' minutes and hours),
        // whatever its size: big batches make the rollup cost per mention small. The partitions of one fetch are
        // handed over together and stored as one batch (mergeConcurrentBatches), so that a document touched from
        // six partitions is written once, not six times.
        maxBatchSize: 5000,
        maxBytesPerPartition: 8 * 1024 * 1024,
        partitionsConsumedConcurrently: MERGED_PARTITIONS,
        // Another member may have written this process's former partitions' rollups in between.
        onGroupJoin: () => rollups.clear(),
        handleBatch: mergeConcurrentBatches(
          createBatchHandler({
            mentions,
            rollups,
            knownBrands: new Set(brands.keys()),
            mentionRetentionMs: retention.mentionMs,
            clock,
            metrics,
            logger,
            onStored: (touched) => sched.request(touched),
          }),
        ),
      });
      sched.start();
      // A singleton job: only the detection owner runs it.
      const runRetention = async () => {
        if (!lease.held()) return;
        await applyRetention({ mentions, rollups, metrics, logger }, retention, clock()).catch(
          (err: unknown) => logger.error({ err }, 'retention failed'),
        );
      };
      retentionTimer = setInterval(() => void runRetention(), config.RETENTION_INTERVAL_MINUTES * MINUTE_MS);
      void runRetention();
      logger.info({ classifiedTopic, alertsTopic, brands: brands.size }, 'aggregator started');
    },
    async stop() {
      if (retentionTimer) clearInterval(retentionTimer);
      await consumer?.stop();
      await scheduler?.stop();
      // Released once the evaluation in hand has ended: another instance takes detection over at its next tick.
      await keeper?.stop();
      await producer?.disconnect();
      await mongo?.close();
    },
    async health() {
      const checks: ComponentHealth[] = [];
      if (mongo) {
        checks.push(await mongoHealth(mongo));
      } else checks.push({ name: 'mongo', healthy: false, details: { state: 'not connected' } });
      checks.push(consumerHealth(consumer));
      checks.push({ name: 'detection', healthy: true, details: { role: role(), holder } });
      return checks;
    },
    async ready() {
      if (!mongo || !(consumer?.ready() ?? false)) return false;
      // Well inside a probe's timeout (compose and Kubernetes default to 1-2 s): an outage answers 503, not silence.
      // The race: while no server is selectable the driver can wait past the ping's own timeout.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 800)));
      try {
        return await Promise.race([mongo.ping(800), late]);
      } finally {
        clearTimeout(timer);
      }
    },
    async detectNow() {
      await scheduler?.runAll();
    },
    detectionRole: role,
  };
}
