import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AlertAcknowledgements } from '@crumbtrail/alert-actions';
import { ClassifiedMention, CONSUMER_GROUPS, TOPICS } from '@crumbtrail/contracts';
import {
  connectMongo,
  consumerGroupTiming,
  consumerHealth,
  createKafka,
  createMetricsRegistry,
  createProducer,
  ensureTopics,
  gauge,
  kafkaConnectionFrom,
  loadBrandsFile,
  mongoHealth,
  startBatchConsumer,
  type BatchConsumer,
  type ComponentHealth,
  type EventProducer,
  type Logger,
  type MongoConnection,
  type Registry,
} from '@crumbtrail/runtime';
import { UsersRepo } from '@crumbtrail/storage';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { LoginFailures } from './auth/login-failures-repo';
import { LOGIN_LIMITS } from './auth/rate-limit';
import { SessionsRepo } from './auth/sessions-repo';
import { TokensRepo } from './auth/tokens-repo';
import { cookieSecure, type DashboardConfig } from './config';
import type { BrandInfo, Deps } from './deps';
import type { ApiRoute } from './http/route';
import { buildServer, type RegisteredRoute } from './http/server';
import { startAlertWatcher } from './live/alert-watcher';
import { LiveHub } from './live/hub';
import { startLiveConsumer } from './live/live-consumer';
import { createReadModelHandler } from './readmodel/consumer';
import { dropExpiredReadModels } from './readmodel/retention-job';
import { InboxRepo } from './readmodel/inbox-repo';
import { MentionIndexRepo } from './readmodel/mention-index-repo';
import { AuditRepo } from './store/audit-repo';
import { registerCacheMetrics } from './store/cache-metrics';
import { CachedBrandMutes } from './store/cached-mutes';
import { FeedbackRepo } from './store/feedback-repo';
import { StoredReads } from './store/readers';
import { warmFirstPages, warmHourCache } from './store/warm-up';

export interface DashboardApp {
  registry: Registry;
  start(): Promise<void>;
  /** Settles when the background read of DASHBOARD_WARM_DAYS of hour rollups (begun by start) has ended. */
  warmedUp(): Promise<{ hours: number; ms: number }>;
  stop(): Promise<void>;
  health(): Promise<ComponentHealth[]>;
  ready(): Promise<boolean>;
  /** After start: the HTTP server (tests inject requests and walk its routes) and the port it listens on. */
  server(): {
    app: FastifyInstance;
    port: number;
    routes: ApiRoute[];
    registered: RegisteredRoute[];
    deps: Deps;
  };
}

/**
 * The built web app: dist/web when the build copied it there (what the container image ships), else web/dist of
 * the package (tsx and jest run from src/).
 */
const DEFAULT_WEB_DIR = existsSync(join(__dirname, 'web', 'index.html'))
  ? join(__dirname, 'web')
  : join(dirname(__dirname), 'web', 'dist');

export function createDashboardApp(
  config: DashboardConfig,
  logger: Logger,
  clock: () => Date = () => new Date(),
): DashboardApp {
  const brandsFile = loadBrandsFile(config.BRANDS_FILE);
  const brands = new Map<string, BrandInfo>(
    brandsFile.brands.map((b) => [
      b.id,
      {
        id: b.id,
        name: b.name,
        sources: Object.entries(b.sources)
          .filter(([, s]) => s !== undefined && (s as { enabled?: boolean }).enabled !== false)
          .map(([name]) => name),
      },
    ]),
  );
  const registry = createMetricsRegistry('dashboard');
  const classifiedTopic = config.CLASSIFIED_TOPIC ?? TOPICS.mentionsClassified.name;
  const kafka = createKafka(kafkaConnectionFrom(config, 'crumbtrail-dashboard'), logger);
  let mongo: MongoConnection | undefined;
  let producer: EventProducer | undefined;
  let consumer: BatchConsumer | undefined;
  let liveConsumer: BatchConsumer | undefined;
  let watcher: { stop(): void } | undefined;
  let built: ReturnType<DashboardApp['server']> | undefined;
  let stopping = false;
  let retentionTimer: NodeJS.Timeout | undefined;
  let retentionRun: Promise<unknown> = Promise.resolve();
  let warming: Promise<{ hours: number; ms: number }> = Promise.resolve({ hours: 0, ms: 0 });

  return {
    registry,
    async start() {
      mongo = await connectMongo(config.MONGO_URL, config.MONGO_DB, logger);
      const db = mongo.db;
      const deps: Deps = {
        brands,
        users: new UsersRepo(db),
        sessions: new SessionsRepo(db),
        tokens: new TokensRepo(db),
        // 5 failures per account and 30 per address in 15 minutes, counted in MongoDB (shared by replicas).
        loginFailures: new LoginFailures(db, LOGIN_LIMITS),
        audit: new AuditRepo(db),
        reads: new StoredReads(db, () => clock().getTime()),
        index: new MentionIndexRepo(db, () => clock().getTime()),
        inbox: new InboxRepo(db),
        feedback: new FeedbackRepo(db),
        mutes: new CachedBrandMutes(db),
        acks: new AlertAcknowledgements(db),
        hub: new LiveHub(),
        clock,
        logger,
        sessionTtlMs: config.DASHBOARD_SESSION_HOURS * 3_600_000,
        cookieSecure: cookieSecure(config),
        ...(config.ACTION_TOKEN_SECRET !== undefined && { actionTokenSecret: config.ACTION_TOKEN_SECRET }),
      };
      await Promise.all([
        deps.users.ensureIndexes(),
        deps.sessions.ensureIndexes(),
        deps.tokens.ensureIndexes(),
        deps.audit.ensureIndexes(),
        deps.loginFailures.ensureIndexes(),
      ]);
      await createFirstAdmin(deps, config, logger);
      registerCacheMetrics(registry, () => [
        ...deps.reads.cacheStats(),
        ...deps.index.cacheStats(),
        ...deps.inbox.cacheStats(),
      ]);
      const { app, routes, registered } = await buildServer(deps, {
        webDir: config.DASHBOARD_WEB_DIR ?? DEFAULT_WEB_DIR,
        ops: {
          health: async () => {
            const checks = await this.health();
            const healthy = checks.every((c) => c.healthy);
            return { healthy, body: { status: healthy ? 'ok' : 'unhealthy', components: checks } };
          },
          ready: () => this.ready(),
          metrics: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
        },
      });
      await app.listen({ port: config.HTTP_PORT, host: '0.0.0.0' });
      built = { app, port: (app.server.address() as AddressInfo).port, routes, registered, deps };
      await ensureTopics(kafka, [{ topic: classifiedTopic }, { topic: `${classifiedTopic}.dlq` }]);
      const out = await createProducer(kafka, logger);
      producer = out;
      const group = config.CONSUMER_GROUP ?? CONSUMER_GROUPS.dashboard;
      consumer = await startBatchConsumer<ClassifiedMention>({
        kafka,
        logger,
        producer: out,
        groupId: group,
        topic: classifiedTopic,
        dlqTopic: `${classifiedTopic}.dlq`,
        schema: ClassifiedMention,
        metrics: registry,
        fromBeginning: true,
        ...consumerGroupTiming(config),
        maxBatchSize: 2000,
        handleBatch: createReadModelHandler({
          index: deps.index,
          inbox: deps.inbox,
          knownBrands: new Set(brands.keys()),
          clock,
        }),
      });
      // Live streams: every replica reads every partition in a group of its own (the group above splits them).
      liveConsumer = await startLiveConsumer({
        kafka,
        logger,
        producer: out,
        group,
        topic: classifiedTopic,
        dlqTopic: `${classifiedTopic}.dlq`,
        metrics: registry,
        ...consumerGroupTiming(config),
        hub: deps.hub,
        knownBrands: new Set(brands.keys()),
        // Whichever replica indexes a mention, every replica's caches of its hour, slot and day must let go.
        seen: (m, at) => {
          const t = Math.min(Date.parse(m.publishedAt), clock().getTime());
          deps.reads.hourTouched(m.brand, t, at);
          deps.index.touch(m.brand, t);
        },
      });
      watcher = startAlertWatcher({ reads: deps.reads, acks: deps.acks, hub: deps.hub, logger });
      const warmArgs = { brands: [...brands.keys()], stopped: () => stopping, logger };
      const warmStarted = Date.now();
      warming = (async () => {
        const hours = await warmHourCache({
          ...warmArgs,
          reads: deps.reads,
          days: config.DASHBOARD_WARM_DAYS,
          now: clock().getTime(),
        });
        if (config.DASHBOARD_WARM_DAYS > 0)
          await warmFirstPages({
            ...warmArgs,
            reads: deps.reads,
            index: deps.index,
            inbox: deps.inbox,
            now: clock().getTime(),
          });
        gauge(registry, {
          name: 'dashboard_warm_up_seconds',
          help: 'How long the start-up read of hour rollups and first pages took (absent until it has ended)',
        }).set((Date.now() - warmStarted) / 1000);
        return hours;
      })().catch((err: unknown) => {
        // A cold cache only makes the first pages slower.
        logger.warn({ err }, 'could not read the first pages into memory');
        return { hours: 0, ms: 0 };
      });
      const runRetention = () =>
        dropExpiredReadModels({
          index: deps.index,
          inbox: deps.inbox,
          brands: [...brands.keys()],
          retentionDays: config.MENTION_RETENTION_DAYS,
          now: clock().getTime(),
          logger,
        }).catch((err: unknown) => logger.error({ err }, 'read-model retention failed'));
      retentionRun = runRetention();
      retentionTimer = setInterval(() => {
        retentionRun = runRetention();
      }, 3_600_000);
      retentionTimer.unref();
      logger.info({ port: built.port, brands: brands.size, classifiedTopic }, 'dashboard started');
    },
    warmedUp: () => warming,
    async stop() {
      stopping = true;
      clearInterval(retentionTimer);
      await retentionRun;
      watcher?.stop();
      await warming;
      await built?.app.close();
      await liveConsumer?.stop();
      await consumer?.stop();
      await producer?.disconnect();
      await mongo?.close();
    },
    async health() {
      const checks: ComponentHealth[] = [];
      checks.push(
        mongo
          ? await mongoHealth(mongo)
          : { name: 'mongo', healthy: false, details: { state: 'not connected' } },
      );
      checks.push(consumerHealth(consumer));
      checks.push({ ...consumerHealth(liveConsumer), name: `live-consumer:${classifiedTopic}` });
      return checks;
    },
    async ready() {
      return Boolean(
        mongo &&
        built &&
        (consumer?.ready() ?? false) &&
        (liveConsumer?.ready() ?? false) &&
        (await mongo.ping(800)),
      );
    },
    server() {
      if (!built) throw new Error('dashboard not started');
      return built;
    },
  };
}

/** On first start (no user at all), the admin named by DASHBOARD_ADMIN_EMAIL / _PASSWORD. */
async function createFirstAdmin(deps: Deps, config: DashboardConfig, logger: Logger): Promise<void> {
  if (!config.DASHBOARD_ADMIN_EMAIL || !config.DASHBOARD_ADMIN_PASSWORD) return;
  if ((await deps.users.count()) > 0) return;
  const now = deps.clock();
  try {
    const user = await deps.users.add(
      {
        email: config.DASHBOARD_ADMIN_EMAIL,
        name: 'Admin',
        role: 'admin',
        brands: [],
        password: config.DASHBOARD_ADMIN_PASSWORD,
      },
      now,
    );
    await deps.audit.record({
      at: now,
      actor: 'system',
      action: 'user.add',
      target: user._id,
      after: { email: user.email, role: 'admin' },
    });
    logger.info({ email: user.email }, 'created the first admin from DASHBOARD_ADMIN_EMAIL');
  } catch (err) {
    // Another replica created it at the same moment.
    logger.info({ err }, 'first admin not created');
  }
}
