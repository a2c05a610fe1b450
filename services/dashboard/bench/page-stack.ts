// A private dashboard for the page bench: the aggregator and the dashboard as processes with docker-compose.yml's
// environment on the local stack (own topic, groups and database), fed `days` of classified mentions of one brand
// (one every two minutes, then a complaint surge) and a little of four others.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { stringify } from 'yaml';
import { readStackEnv } from '../../../deploy/pipeline/stack-env';
import { freePort, type RunningService } from '../../../deploy/pipeline/supervisor';
import { startDashboardProcesses } from '../web/test/processes';
import { seedMentions } from '../web/test/seed';

const repoRoot = resolve(__dirname, '..', '..', '..');
const BRAND = 'bench-brand';
const OTHERS = ['bench-other-1', 'bench-other-2', 'bench-other-3', 'bench-other-4'];

export interface PageBenchStack {
  baseUrl: string;
  brand: string;
  login: { email: string; password: string };
  stop(): Promise<void>;
}

export async function startPageBenchStack(options: { days: number }): Promise<PageBenchStack> {
  const say = (line: string): void => console.log(line);
  const run = `page-bench-${Date.now().toString(36)}`;
  const database = run.replace(/-/g, '_');
  const topic = `${run}.classified`;
  const stack = readStackEnv(repoRoot);
  const dir = mkdtempSync(join(tmpdir(), 'page-bench-'));
  const feed = join(dir, 'empty.jsonl');
  writeFileSync(feed, '');
  const brandsFile = join(dir, 'brands.yaml');
  writeFileSync(
    brandsFile,
    stringify({
      brands: [BRAND, ...OTHERS].map((id) => ({
        id,
        name: id,
        query: id,
        sources: { replay: { schedule: '0 0 1 1 *', file: feed } },
      })),
    }),
  );

  const kafka = new Kafka({
    clientId: run,
    brokers: stack.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 6 }, { topic: `${run}.alerts` }],
    waitForLeaders: true,
  });
  await admin.disconnect();

  const login = { email: 'bench@crumbtrail.test', password: 'page-bench-password' };
  const port = await freePort();
  const services: RunningService[] = await startDashboardProcesses({
    repoRoot,
    run,
    brandsFile,
    database,
    topics: { classified: topic, alerts: `${run}.alerts` },
    port,
    admin: login,
    logLevel: 'warn',
  });

  const now = new Date();
  const mentions = [
    ...seedMentions({
      brand: BRAND,
      now,
      run,
      baselineMinutes: options.days * 24 * 60 - 30,
      surgeMinutes: 30,
    }),
    ...OTHERS.flatMap((brand) =>
      seedMentions({ brand, now, run, baselineMinutes: 24 * 60, surgeMinutes: 0 }),
    ),
  ];
  const started = Date.now();
  const producer = kafka.producer();
  await producer.connect();
  for (let i = 0; i < mentions.length; i += 1000) {
    await producer.send({
      topic,
      messages: mentions.slice(i, i + 1000).map((m) => ({ key: m.eventId, value: JSON.stringify(m) })),
    });
  }
  await producer.disconnect();
  say(
    `page bench: published ${mentions.length} mentions (${options.days} days of ${BRAND}, 1 day of 4 others)`,
  );

  // Ready when the aggregator stored every mention and the dashboard's consumer has no lag.
  const mongo = await MongoClient.connect(stack.MONGO_URL);
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const stored = await mongo.db(database).collection('mentions').estimatedDocumentCount();
    const health = (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.json())) as {
      components?: { details?: { lag?: number } }[];
    };
    const lag = health.components?.find((c) => c.details?.lag !== undefined)?.details?.lag;
    if (stored >= mentions.length && lag === 0) break;
    if (Date.now() > deadline)
      throw new Error(`page bench: stored ${stored}/${mentions.length}, dashboard lag ${lag}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  say(`page bench: stored and indexed in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    brand: BRAND,
    login,
    async stop() {
      for (const s of services.reverse()) await s.stop().catch(() => undefined);
      await mongo
        .db(database)
        .dropDatabase()
        .catch(() => undefined);
      await mongo.close();
    },
  };
}
