import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { parse, stringify } from 'yaml';
import { loadComposeServices, localServiceEnvironment } from '../../deploy/pipeline/compose-env';
import { readStackEnv, stackDataDir } from '../../deploy/pipeline/stack-env';
import { startService, type RunningService } from '../../deploy/pipeline/supervisor';
import { listMail, topicMessageCount, uniqueName, waitFor } from '../support';

/**
 * The whole pipeline as devops run it: poller, classifier, aggregator and notifier as processes with the environment
 * docker-compose.yml gives them (hosts swapped for the local stack), fed the demo's bundled sample through the replay
 * source. Topics, groups and the database are unique to this run.
 */
jest.setTimeout(600_000);

const repoRoot = resolve(__dirname, '..', '..');
const sampleDir = join(repoRoot, 'deploy', 'pipeline', 'sample');
const run = uniqueName('e2e');
const topics = { raw: `${run}.raw`, classified: `${run}.classified`, alerts: `${run}.alerts` };
const database = run.replace(/-/g, '_');
const recipient = `manager-${run}@acme-cloud.example`;
const brands = ['acme-cloud', 'nordlicht-coffee', 'volta-bikes'];
const demoBrands = parse(readFileSync(join(repoRoot, 'deploy', 'pipeline', 'demo-brands.yaml'), 'utf8')) as {
  brands: { id: string; exclude?: { terms?: string[] } }[];
};
/** Sample lines per brand that the poller publishes: those without one of the brand's excluded terms. */
const sampleLines = Object.fromEntries(
  brands.map((b) => {
    const excluded = demoBrands.brands.find((d) => d.id === b)?.exclude?.terms ?? [];
    const lines = readFileSync(join(sampleDir, `${b}.jsonl`), 'utf8')
      .trim()
      .split('\n');
    const kept = lines.filter((line) => {
      const text = (JSON.parse(line) as { text: string }).text.toLowerCase();
      return !excluded.some((term) => text.includes(term.toLowerCase()));
    });
    return [b, kept.length];
  }),
);
const totalMentions = Object.values(sampleLines).reduce((a, b) => a + b, 0);

let services: RunningService[] = [];
let mongo: MongoClient;
let db: Db;
let kafka: Kafka;

function brandsFile(): string {
  const demo = parse(readFileSync(join(repoRoot, 'deploy', 'pipeline', 'demo-brands.yaml'), 'utf8')) as {
    brands: { id: string; sources: { replay: { file: string } }; notify?: { recipients: string[] } }[];
  };
  for (const brand of demo.brands) {
    brand.sources.replay.file = join(sampleDir, `${brand.id}.jsonl`);
    brand.notify = { recipients: brand.id === 'acme-cloud' ? [recipient] : [] };
  }
  const file = join(mkdtempSync(join(tmpdir(), 'e2e-')), 'brands.yaml');
  writeFileSync(file, stringify(demo));
  return file;
}

function topicCount(topic: string): Promise<number> {
  return topicMessageCount(kafka, topic);
}

async function startAll(file: string): Promise<RunningService[]> {
  const stack = readStackEnv(repoRoot);
  const compose = loadComposeServices(repoRoot);
  const overrides: Record<string, Record<string, string>> = {
    poller: { RAW_TOPIC: topics.raw },
    classifier: {
      RAW_TOPIC: topics.raw,
      CLASSIFIED_TOPIC: topics.classified,
      CONSUMER_GROUP: `${run}-classifier`,
    },
    aggregator: {
      CLASSIFIED_TOPIC: topics.classified,
      ALERTS_TOPIC: topics.alerts,
      CONSUMER_GROUP: `${run}-aggregator`,
    },
    notifier: { ALERTS_TOPIC: topics.alerts, CONSUMER_GROUP: `${run}-notifier` },
  };
  const started: RunningService[] = [];
  // Consumers first, so nothing waits on a rebalance after the poller publishes.
  for (const name of ['aggregator', 'notifier', 'classifier', 'poller'] as const) {
    const env = localServiceEnvironment(compose[name]!.environment, stack, {
      ...overrides[name],
      BRANDS_FILE: file,
      MONGO_DB: database,
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
    });
    started.push(
      await startService({ repoRoot, name, env, logDir: join(stackDataDir(repoRoot), 'logs', run) }),
    );
  }
  return started;
}

beforeAll(async () => {
  const stack = readStackEnv(repoRoot);
  mongo = await MongoClient.connect(stack.MONGO_URL);
  db = mongo.db(database);
  kafka = new Kafka({ clientId: run, brokers: stack.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
});

afterAll(async () => {
  for (const service of services) await service.kill();
  await db?.dropDatabase().catch(() => undefined);
  await mongo?.close();
});

describe('the whole pipeline', () => {
  const file = brandsFile();

  it('turns replayed mentions into classified events, rollups, one alert and one email', async () => {
    services = await startAll(file);

    await waitFor(async () => (await topicCount(topics.classified)) >= totalMentions, {
      timeoutMs: 120_000,
      description: `${totalMentions} classified events`,
    });
    // FerretDB stores a few hundred mentions/s on this machine (see the aggregator README).
    await waitFor(async () => (await db.collection('mentions').countDocuments()) === totalMentions, {
      timeoutMs: 240_000,
      description: 'every mention stored',
    });
    for (const brand of brands) {
      expect(await db.collection('mentions').countDocuments({ brand })).toBe(sampleLines[brand]);
    }

    interface Counts {
      mentions: number;
      negatives: number;
    }
    const alert = await waitFor(
      () =>
        db
          .collection<{ alert: { observed: Counts; baseline: Counts; statistic: { pValue?: number } } }>(
            'alerts',
          )
          .findOne({ brand: 'acme-cloud', state: 'open' }),
      { timeoutMs: 180_000, description: 'an open alert for acme-cloud' },
    );
    // What the detector guarantees: enough volume, a higher share than the brand's own baseline, a significant test.
    const { observed, baseline, statistic } = alert.alert;
    expect(observed.mentions).toBeGreaterThanOrEqual(20);
    expect(observed.negatives / observed.mentions).toBeGreaterThan(baseline.negatives / baseline.mentions);
    expect(statistic.pValue ?? 1).toBeLessThan(0.01);
    const mails = await waitFor(
      async () => {
        const found = await listMail({ to: recipient });
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 60_000, description: 'the alert email' },
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('Acme Cloud');
    // The calm brands do not page anyone.
    expect(await db.collection('alerts').countDocuments({ brand: { $ne: 'acme-cloud' } })).toBe(0);
  });

  it('stops on SIGTERM with nothing lost or counted twice', async () => {
    const exits = await Promise.all(services.map((service) => service.stop()));
    expect(exits).toEqual([0, 0, 0, 0]);
    services = [];

    expect(await db.collection('mentions').countDocuments()).toBe(totalMentions);
    // Rollups agree with a recount of the stored mentions: nothing counted twice.
    const rollups = await db.collection('rollups_hour').find({}).toArray();
    const rolledUp = rollups.reduce((sum, doc) => sum + (doc.total as number), 0);
    expect(rolledUp).toBe(totalMentions);
    for (const brand of brands) {
      const perBrand = rollups
        .filter((doc) => doc.brand === brand)
        .reduce((sum, doc) => sum + (doc.total as number), 0);
      expect(perBrand).toBe(sampleLines[brand]);
    }
    expect(await listMail({ to: recipient })).toHaveLength(1);
  });
});
