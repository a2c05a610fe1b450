// A pipeline under test: classifier and aggregator as processes (deploy/pipeline/supervisor.ts) with the environment
// docker-compose.yml gives them, on topics, consumer groups and a database unique to one run.
// Env: LOAD_LOG_LEVEL (services' LOG_LEVEL, default info; debug logs each stored batch), LOAD_KEEP_DATA=true keeps
// the run's topics and database.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { loadComposeServices, localServiceEnvironment } from '../../deploy/pipeline/compose-env';
import { readStackEnv, stackDataDir, type StackEnv } from '../../deploy/pipeline/stack-env';
import { startService, type RunningService } from '../../deploy/pipeline/supervisor';
import { uniqueName } from '../support';
import { loadBrands, writeBrandsYaml, type LoadBrand } from './generate';
import { connectLoadClient, type LoadClient } from './publish';

export const repoRoot = resolve(__dirname, '..', '..');
export const PIPELINE_SERVICES = ['poller', 'classifier', 'aggregator', 'notifier', 'dashboard'] as const;
export type PipelineService = (typeof PIPELINE_SERVICES)[number];

export interface PipelineOptions {
  prefix: string;
  brandCount?: number;
  /** Write your own brands.yaml (e.g. with poll sources) instead of the generated one. */
  brandsYaml?: (brands: LoadBrand[]) => string;
  partitions?: number;
  /** Extra environment per service (on top of compose's and the run's topics/groups/db). */
  env?: Partial<Record<PipelineService, Record<string, string>>>;
  stack?: StackEnv;
}

export interface Pipeline {
  run: string;
  topics: { raw: string; rawDlq: string; classified: string; classifiedDlq: string; alerts: string };
  groups: Record<'classifier' | 'aggregator' | 'notifier', string>;
  database: string;
  brands: LoadBrand[];
  brandsFile: string;
  logDir: string;
  stack: StackEnv;
  db: Db;
  client: LoadClient;
  services: Map<PipelineService, RunningService>;
  start(name: PipelineService): Promise<RunningService>;
  /** The environment start(name) gives a service: for scenarios that run several replicas of one service. */
  envFor(name: PipelineService): Record<string, string>;
  stopAll(): Promise<void>;
  close(): Promise<void>;
  /** Messages written to a topic (sum of the partitions' high watermarks). */
  topicCount(topic: string): Promise<number>;
  /** Messages of `topic` not yet committed by `group`. */
  lag(group: string, topic: string): Promise<number>;
  /** Messages of `topic` the group has committed (an aggregator commits after storing): cheap, unlike a count. */
  committed(group: string, topic: string): Promise<number>;
  stored(): Promise<number>;
  /** The concatenated logs of one service's processes (every restart appends). */
  logs(name: PipelineService): string;
}

export async function createPipeline(o: PipelineOptions): Promise<Pipeline> {
  const stack = o.stack ?? readStackEnv(repoRoot);
  const run = uniqueName(o.prefix);
  const database = run.replace(/-/g, '_');
  const topics = {
    raw: `${run}.raw`,
    rawDlq: `${run}.raw.dlq`,
    classified: `${run}.classified`,
    classifiedDlq: `${run}.classified.dlq`,
    alerts: `${run}.alerts`,
  };
  const groups = {
    classifier: `${run}-classifier`,
    aggregator: `${run}-aggregator`,
    notifier: `${run}-notifier`,
    dashboard: `${run}-dashboard`,
  };
  const logDir = join(stackDataDir(repoRoot), 'load', run);
  const brands = loadBrands(o.brandCount ?? 20);
  const brandsFile = join(logDir, 'brands.yaml');
  if (o.brandsYaml) {
    mkdirSync(logDir, { recursive: true });
    writeFileSync(brandsFile, o.brandsYaml(brands));
  } else writeBrandsYaml(brandsFile, brands);
  const compose = loadComposeServices(repoRoot);
  const client = await connectLoadClient(stack.KAFKA_BROKERS, Object.values(topics), o.partitions ?? 6);
  const mongo = await MongoClient.connect(stack.MONGO_URL);
  const db = mongo.db(database);
  const services = new Map<PipelineService, RunningService>();
  const admin = client.kafka.admin();
  await admin.connect();

  const envFor = (name: PipelineService): Record<string, string> => {
    const composeService = compose[name];
    if (!composeService) throw new Error(`docker-compose.yml has no service "${name}"`);
    const own: Record<PipelineService, Record<string, string>> = {
      classifier: {
        RAW_TOPIC: topics.raw,
        CLASSIFIED_TOPIC: topics.classified,
        CONSUMER_GROUP: groups.classifier,
      },
      aggregator: {
        CLASSIFIED_TOPIC: topics.classified,
        ALERTS_TOPIC: topics.alerts,
        CONSUMER_GROUP: groups.aggregator,
      },
      notifier: { ALERTS_TOPIC: topics.alerts, CONSUMER_GROUP: groups.notifier },
      dashboard: { CLASSIFIED_TOPIC: topics.classified, CONSUMER_GROUP: groups.dashboard },
      poller: { RAW_TOPIC: topics.raw },
    };
    return localServiceEnvironment(composeService.environment, stack, {
      ...own[name],
      BRANDS_FILE: brandsFile,
      MONGO_DB: database,
      HTTP_PORT: '0',
      LOG_LEVEL: process.env.LOAD_LOG_LEVEL ?? 'info',
      ...(o.env?.[name] ?? {}),
    });
  };

  const pipeline: Pipeline = {
    run,
    topics,
    groups,
    database,
    brands,
    brandsFile,
    logDir,
    stack,
    db,
    client,
    services,
    async start(name) {
      const service = await startService({
        repoRoot,
        name,
        env: envFor(name),
        logDir,
        readyTimeoutMs: 120_000,
      });
      services.set(name, service);
      return service;
    },
    envFor,
    async stopAll() {
      // In parallel: each stop (SIGTERM, finish the batch in hand, leave the group) takes a few seconds.
      await Promise.all([...services.values()].map((service) => service.stop()));
      services.clear();
    },
    async close() {
      await pipeline.stopAll();
      await admin.disconnect().catch(() => undefined);
      await client.close().catch(() => undefined);
      if (process.env.LOAD_KEEP_DATA !== 'true') {
        await Promise.race([db.dropDatabase().catch(() => undefined), sleep(30_000)]);
      }
      await mongo.close(true).catch(() => undefined);
    },
    async topicCount(topic) {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((sum, p) => sum + Number(p.high), 0);
    },
    async lag(group, topic) {
      const [ends, committed] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId: group, topics: [topic] }),
      ]);
      const done = new Map<number, number>();
      for (const t of committed) {
        for (const p of t.partitions) done.set(p.partition, Math.max(0, Number(p.offset)));
      }
      return ends.reduce((sum, p) => sum + Math.max(0, Number(p.high) - (done.get(p.partition) ?? 0)), 0);
    },
    async committed(group, topic) {
      const [t] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return (t?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    },
    // FerretDB counts by reading every document: fine for checks, too heavy to poll every second under load.
    stored: () => db.collection('mentions').estimatedDocumentCount(),
    logs(name) {
      try {
        return readFileSync(join(logDir, `${name}.log`), 'utf8');
      } catch {
        return '';
      }
    },
  };
  return pipeline;
}

/** Resident set size of a process in bytes (Linux /proc), or undefined when it is gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns true; throws with `what` after the deadline. */
export async function until(
  what: string,
  timeoutMs: number,
  probe: () => Promise<boolean>,
  intervalMs = 500,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}
