import { dirname, resolve } from 'node:path';
import { TOPICS } from '@crumbtrail/contracts';
import type { BrandsFile, RawMention, SourceName } from '@crumbtrail/contracts';
import {
  connectMongo,
  createKafka,
  createLease,
  gauge,
  keepLease,
  leaseHolderId,
  leaseTiming,
  createMetricsRegistry,
  createProducer,
  ensureTopics,
  kafkaConnectionFrom,
  loadBrandsFile,
  mongoHealth,
  startOpsServer,
} from '@crumbtrail/runtime';
import type {
  ComponentHealth,
  EventProducer,
  Lease,
  LeaseKeeper,
  Logger,
  MongoConnection,
} from '@crumbtrail/runtime';
import type { PollerBrand } from './brands';
import { preparePollerBrands } from './brands';
import type { PollerConfig } from './config';
import { CursorRepository } from './cursors/repository';
import { createHttpClient } from './http/client';
import { DEFAULT_RETRY_POLICY } from './http/rate-limit';
import type { RetryPolicy } from './http/rate-limit';
import { createPollerMetrics } from './metrics';
import { runPoll } from './poll/run-poll';
import { SourceStatusRepo } from './source-status-repo';
import type { MentionPublisher, PollReport } from './poll/run-poll';
import { createScheduler } from './scheduler';
import type { ScheduledJob, Scheduler } from './scheduler';
import { SourceHealth } from './source-health';
import { createSourceEventPublisher } from './source-events';
import type { SourceEventPublisher } from './source-events';
import { createSources } from './sources';
import type { SourceSettings } from './sources/types';

export interface AppOptions {
  config: PollerConfig;
  logger: Logger;
  /** Topic to publish to; default mentions.raw.v1. Tests use a topic of their own. */
  topic?: string;
  /** Brands, if not read from BRANDS_FILE. */
  brands?: BrandsFile;
  /** Clock for look-back windows and fetchedAt; default the real one. */
  now?: () => Date;
  /** Overrides of the retry/backoff policy (tests shorten the backoff). */
  retryPolicy?: Partial<RetryPolicy>;
  /** Topic for source_down / source_recovered events; default sources.health.v1. */
  healthTopic?: string;
}

export interface PollerApp {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): ComponentHealth[];
  /** Runs every enabled, credentialed brand+source poll now and returns their reports. */
  pollAll(): Promise<PollReport[]>;
  /** Port of the ops server once started (HTTP_PORT=0 picks a free one). */
  opsPort(): number | undefined;
  /** `leader` while this replica holds the poller lease (and polls), else `standby`. */
  role(): 'leader' | 'standby';
}

/** Any number of poller replicas may run: the one holding this lease polls, the others stand by. */
export const LEADER_LEASE = 'poller.leader';

export function sourceSettings(config: PollerConfig, reader?: string): SourceSettings {
  return {
    hackernews: { baseUrl: config.HACKERNEWS_BASE_URL },
    reddit: {
      baseUrl: config.REDDIT_BASE_URL,
      authUrl: config.REDDIT_AUTH_URL,
      clientId: config.REDDIT_CLIENT_ID,
      clientSecret: config.REDDIT_CLIENT_SECRET,
    },
    mastodon: { baseUrl: config.MASTODON_BASE_URL, accessToken: config.MASTODON_ACCESS_TOKEN },
    bluesky: {
      baseUrl: config.BLUESKY_BASE_URL,
      handle: config.BLUESKY_HANDLE,
      appPassword: config.BLUESKY_APP_PASSWORD,
    },
    stackexchange: { baseUrl: config.STACKEXCHANGE_BASE_URL, key: config.STACKEXCHANGE_KEY },
    rss: {},
    x: { baseUrl: config.X_BASE_URL, bearerToken: config.X_BEARER_TOKEN },
    youtube: { baseUrl: config.YOUTUBE_BASE_URL, apiKey: config.YOUTUBE_API_KEY },
    replay: {
      baseDir: dirname(resolve(config.BRANDS_FILE)),
      ...(config.REPLAY_READERS_LOG && { readersLog: config.REPLAY_READERS_LOG, reader }),
    },
  };
}

const PUBLISH_CHUNK = 500;

function publisherFor(producer: EventProducer, topic: string): MentionPublisher {
  return {
    async publish(mentions: RawMention[]) {
      for (let i = 0; i < mentions.length; i += PUBLISH_CHUNK) {
        await producer.send(
          topic,
          mentions.slice(i, i + PUBLISH_CHUNK).map((m) => ({ key: m.eventId, value: m })),
        );
      }
    },
  };
}

/**
 * The poller's composition root. Validates the brands (queries, schedules) at construction so a bad file fails
 * fast; connects to Kafka and MongoDB in start(), then schedules one job per brand and enabled source. Sources
 * without their credentials are skipped with one log line each.
 */
export function createApp(options: AppOptions): PollerApp {
  const { config, logger } = options;
  const topic = options.topic ?? config.RAW_TOPIC ?? TOPICS.mentionsRaw.name;
  const now = options.now ?? (() => new Date());
  const brandsFile = options.brands ?? loadBrandsFile(config.BRANDS_FILE);
  const brands = preparePollerBrands(brandsFile, config.BRANDS_FILE);
  const holder = leaseHolderId('poller');
  const settings = sourceSettings(config, holder);
  const sources = createSources();

  const registry = createMetricsRegistry('poller');
  const metrics = createPollerMetrics(registry);
  const leaderGauge = gauge(registry, {
    name: 'poller_leader',
    help: '1 while this replica is the poller leader (holds the lease and polls), 0 while it stands by',
  });
  const healthTopic = options.healthTopic ?? TOPICS.sourceHealth.name;
  let sourceEvents: SourceEventPublisher | undefined;
  const health = new SourceHealth(config.SOURCE_UNHEALTHY_AFTER, metrics.onHealthChange, (t) => {
    metrics.onTransition(t);
    sourceEvents?.publish(t);
  });
  const shutdown = new AbortController();
  const http = createHttpClient({
    timeoutMs: config.HTTP_TIMEOUT_MS,
    userAgent: config.HTTP_USER_AGENT,
    policy: {
      ...DEFAULT_RETRY_POLICY,
      maxRetries: config.HTTP_MAX_RETRIES,
      maxWaitMs: config.RATE_LIMIT_MAX_WAIT_SECONDS * 1000,
      ...options.retryPolicy,
    },
    observer: metrics.http,
    signal: shutdown.signal,
  });

  // Which brand+source pairs run; the others are skipped once, loudly.
  const runnable: { entry: PollerBrand; source: SourceName }[] = [];
  const skipped = new Map<string, { missing: string[]; brands: string[] }>();
  for (const entry of brands) {
    for (const source of entry.sources) {
      const opts = entry.brand.sources[source]!;
      const missing = (sources[source].missingCredentials as (s: unknown, o: unknown) => string[])(
        settings[source],
        opts,
      );
      if (missing.length > 0) {
        const key = `${source}\u0000${missing.join(',')}`;
        const s = skipped.get(key) ?? { missing, brands: [] };
        s.brands.push(entry.brand.id);
        skipped.set(key, s);
        health.skipped(entry.brand.id, source, `${missing.join(', ')} not set`);
        continue;
      }
      const notes =
        (sources[source].startupNotes as ((s: unknown, o: unknown) => string[]) | undefined)?.(
          settings[source],
          opts,
        ) ?? [];
      for (const note of notes) logger.info({ source, brand: entry.brand.id }, `${source}: ${note}`);
      health.register(entry.brand.id, source);
      runnable.push({ entry, source });
    }
  }

  const reports = new Map<string, PollReport>();
  let scheduler: Scheduler | undefined;
  let closers: { name: string; close: () => Promise<void> }[] = [];
  let ops: { port: number; close(): Promise<void> } | undefined;
  let mongo: MongoConnection | undefined;
  let started = false;
  let lease: Lease | undefined;
  let keeper: LeaseKeeper | undefined;
  const isLeader = (): boolean => lease?.held() ?? false;

  async function start(): Promise<void> {
    for (const [key, s] of skipped) {
      const source = key.split('\u0000')[0];
      logger.warn(
        { source, missing: s.missing, brands: s.brands },
        `source ${source} skipped: ${s.missing.join(', ')} not set (brands: ${s.brands.join(', ')})`,
      );
    }
    const kafka = createKafka(kafkaConnectionFrom(config, 'crumbtrail-poller'), logger);
    await ensureTopics(kafka, [{ topic }, { topic: healthTopic }]);
    const producer = await createProducer(kafka, logger);
    closers.push({ name: 'kafka producer', close: () => producer.disconnect() });
    const events = createSourceEventPublisher({
      producer,
      topic: healthTopic,
      tolerance: config.SOURCE_UNHEALTHY_AFTER,
      logger,
    });
    sourceEvents = events;
    closers.push({ name: 'source health events', close: () => events.flush() });
    const connection = await connectMongo(config.MONGO_URL, config.MONGO_DB, logger);
    mongo = connection;
    closers.push({ name: 'mongodb', close: () => connection.close() });
    const { ttlMs, renewMs } = leaseTiming(config);
    const leaderLease = createLease({ db: connection.db, name: LEADER_LEASE, holder, ttlMs });
    lease = leaderLease;
    // Cursors are saved only under the leader's fencing token: a stale leader's save is refused.
    const cursors = new CursorRepository(connection.db, leaderLease);
    await cursors.ensureIndexes();
    const sourceStatus = new SourceStatusRepo(connection.db);

    const deps = {
      sources,
      settings,
      http,
      cursors,
      publisher: publisherFor(producer, topic),
      health,
      observer: metrics.poll,
      logger,
      now,
      maxPages: config.POLL_MAX_PAGES,
      lookbackMs: config.POLL_LOOKBACK_HOURS * 3600_000,
    };
    const jobs: ScheduledJob[] = runnable.map(({ entry, source }) => ({
      key: `${entry.brand.id}:${source}`,
      schedule: entry.brand.sources[source]!.schedule,
      run: async () => {
        // Standby replicas keep their schedules but poll nothing: one replica at a time calls the APIs.
        if (!isLeader()) return undefined;
        const report = await runPoll(deps, { brand: entry.brand, source, query: entry.query });
        reports.set(`${entry.brand.id}:${source}`, report);
        await sourceStatus
          .record(report, now())
          .catch((err: unknown) => logger.warn({ err }, 'source status not saved'));
        return report;
      },
    }));
    scheduler = createScheduler(jobs, logger);
    ops = await startOpsServer({
      port: config.HTTP_PORT,
      logger,
      registry,
      checks: async () => [...healthChecks(), ...(mongo ? [await mongoHealth(mongo)] : [])],
      ready: () => ({ ready: started, details: { role: role(), holder } }),
    });
    const sched = scheduler;
    keeper = keepLease({
      lease: leaderLease,
      intervalMs: renewMs,
      logger,
      onAcquired: (token) => {
        leaderGauge.set(1);
        logger.info({ token, holder }, 'poller leader: polling');
        // A replica that takes over (token > 1: someone held it before) polls every source at once, so a failover
        // costs no schedule interval; the very first leader polls on start-up only with POLL_ON_START.
        if (config.POLL_ON_START || token > 1) {
          sched.runAll().catch((err: unknown) => logger.error({ err }, 'polls on taking the lead failed'));
        }
      },
      onLost: () => {
        leaderGauge.set(0);
        logger.warn({ holder }, 'poller standby: another replica is the leader');
      },
    });
    sched.start();
    await keeper.start();
    started = true;
    logger.info(
      { topic, jobs: jobs.map((j) => `${j.key} (${j.schedule})`), opsPort: ops.port, role: role() },
      `poller started with ${jobs.length} scheduled polls`,
    );
  }

  function role(): 'leader' | 'standby' {
    return isLeader() ? 'leader' : 'standby';
  }

  function healthChecks(): ComponentHealth[] {
    const entries = health.snapshot();
    const unhealthy = entries.filter((e) => e.state === 'unhealthy').map((e) => `${e.brand}:${e.source}`);
    return [
      {
        name: 'scheduler',
        healthy: started,
        details: { running: scheduler?.running() ?? [], role: role(), holder },
      },
      {
        // A source that keeps failing (or reads nothing usable) makes /healthz 503, so a silent poller never looks
        // like a calm brand; the details say which source, which URL and why.
        name: 'sources',
        healthy: unhealthy.length === 0,
        details: { unhealthy, sources: entries },
      },
    ];
  }

  async function stop(): Promise<void> {
    started = false;
    shutdown.abort();
    await scheduler?.stop();
    // After the polls in hand ended: the next replica takes the lead at its next tick.
    await keeper?.stop();
    keeper = undefined;
    if (ops) await ops.close();
    ops = undefined;
    for (const c of closers.reverse()) {
      await c.close().catch((err: unknown) => logger.warn({ err }, `closing ${c.name} failed`));
    }
    closers = [];
  }

  return {
    start,
    stop,
    health: healthChecks,
    async pollAll() {
      if (!scheduler) throw new Error('start() the app first');
      await scheduler.runAll();
      return runnable.map(({ entry, source }) => reports.get(`${entry.brand.id}:${source}`)!).filter(Boolean);
    },
    opsPort: () => ops?.port,
    role,
  };
}
