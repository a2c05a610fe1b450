// The demo: every service as a local process with the compose file's environment, fed a bundled sample of mentions.
// Run it with `npm run demo` (deploy/local/demo.sh installs, builds and starts the local stack first).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { parse, stringify } from 'yaml';
import { loadComposeServices, localServiceEnvironment } from './compose-env';
import { dashboardLoginLines, startDemoDashboard } from './demo-dashboard';
import { brandTrends, caughtMail, storedAlerts, topicCount, type PipelineSnapshot } from './demo-progress';
import { readStackEnv, stackDataDir } from './stack-env';
import { startDemoWebhookReceiver } from './demo-webhook';
import { startService, type RunningService } from './supervisor';

const repoRoot = resolve(__dirname, '..', '..');
const dataDir = join(stackDataDir(repoRoot), 'demo');
const DEMO_DB = 'crumbtrail_demo';
const TOPICS = ['mentions.raw.v1', 'mentions.classified.v1', 'alerts.v1'] as const;
const SERVICES = ['aggregator', 'notifier', 'classifier', 'poller'] as const;
const timeoutMs = Number(process.env.DEMO_TIMEOUT_SECONDS ?? 240) * 1000;
const keepRunning = process.stdout.isTTY && process.env.DEMO_EXIT_AFTER_ALERT !== 'true';

interface BrandEntry {
  id: string;
  sources: Record<string, unknown>;
  notify?: Record<string, unknown>;
}

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function hasInternet(): Promise<boolean> {
  try {
    const res = await fetch('https://hn.algolia.com/api/v1/search_by_date?query=kafka&hitsPerPage=1', {
      signal: AbortSignal.timeout(4000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** The demo's brands.yaml with absolute replay paths, plus live keyless sources for one brand when online. */
function writeBrandsFile(online: boolean): { file: string; brands: string[] } {
  const template = parse(readFileSync(join(__dirname, 'demo-brands.yaml'), 'utf8')) as {
    brands: BrandEntry[];
  };
  for (const brand of template.brands) {
    const replay = brand.sources.replay as { file: string } | undefined;
    if (replay) replay.file = join(__dirname, replay.file);
  }
  // Acme Cloud's team also gets its alerts on a signed webhook: the local receiver the demo starts.
  const acme = template.brands.find((b) => b.id === 'acme-cloud');
  if (acme) {
    acme.notify = {
      ...acme.notify,
      webhooks: [{ name: 'demo', urlEnv: 'DEMO_WEBHOOK_URL', secretEnv: 'DEMO_WEBHOOK_SECRET' }],
    };
  }
  if (online) {
    template.brands.push({
      id: 'apache-kafka',
      name: 'Apache Kafka',
      query: '"apache kafka" OR kafka',
      sources: {
        hackernews: { schedule: '*/5 * * * *' },
        mastodon: { schedule: '*/5 * * * *', hashtags: ['kafka'] },
        rss: { schedule: '*/15 * * * *', feeds: ['https://hnrss.org/newest?q=kafka'] },
      },
    } as BrandEntry);
  }
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'brands.yaml');
  writeFileSync(file, stringify(template));
  return { file, brands: template.brands.map((b) => b.id) };
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function printSnapshot(s: PipelineSnapshot, elapsedS: number): void {
  say(
    `[${elapsedS.toFixed(0).padStart(3)}s] raw ${s.raw} → classified ${s.classified} → stored ${s.stored}` +
      (s.dlq > 0 ? ` (dead-lettered ${s.dlq})` : ''),
  );
}

function printTrends(s: PipelineSnapshot): void {
  say('\nTrend per brand (negative share, last hour vs the hours before):');
  for (const t of s.trends) {
    say(
      `  ${t.brand.padEnd(18)} ${String(t.total).padStart(5)} mentions   ${percent(t.negativeShareBefore).padStart(4)} → ${percent(t.negativeShareLastHour)}`,
    );
  }
}

async function main(): Promise<void> {
  const stack = readStackEnv(repoRoot);
  const online = await hasInternet();
  say(
    online
      ? 'Internet: reachable — the poller will also search Hacker News, Mastodon and an RSS feed live for "Apache Kafka".'
      : 'Internet: not reachable from this machine — live sources (Hacker News, Mastodon, RSS) are skipped; the demo uses the bundled sample only.',
  );
  const { file: brandsFile, brands } = writeBrandsFile(online);

  const mongo = await MongoClient.connect(stack.MONGO_URL);
  // A fresh database each run, so the story (calm, then a surge) is told from the start.
  await mongo.db(DEMO_DB).dropDatabase();
  const db = mongo.db(DEMO_DB);
  const kafka = new Kafka({
    clientId: 'crumbtrail-demo',
    brokers: stack.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const baselines: Record<string, number> = {};
  for (const topic of [...TOPICS, 'mentions.raw.v1.dlq']) {
    baselines[topic] = existing.has(topic) ? await topicCount(admin, topic) : 0;
  }

  const webhook = await startDemoWebhookReceiver();
  const compose = loadComposeServices(repoRoot);
  const running: RunningService[] = [];
  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      say('\nStopping services (SIGTERM)…');
      for (const service of [...running].reverse()) {
        const exit = await service.stop();
        say(`  ${service.name} stopped (exit ${exit})`);
      }
      await webhook.close().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
      await mongo.close().catch(() => undefined);
    }
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  const started = new Date();
  say(
    `\nStarting services with the environment docker-compose.yml gives them (logs in ${join(dataDir, 'logs')}):`,
  );
  const dashboard = await startDemoDashboard({
    repoRoot,
    compose,
    stack,
    brandsFile,
    database: DEMO_DB,
    logDir: join(dataDir, 'logs'),
  });
  if (dashboard) {
    running.push(dashboard.service);
    say(`  ${'dashboard'.padEnd(11)} pid ${dashboard.service.pid}, ${dashboard.url} (web app and API)`);
  }
  for (const name of SERVICES) {
    const composeService = compose[name];
    if (!composeService) throw new Error(`docker-compose.yml has no service "${name}"`);
    const env = localServiceEnvironment(composeService.environment, stack, {
      BRANDS_FILE: brandsFile,
      MONGO_DB: DEMO_DB,
      HTTP_PORT: '0',
      ...(name === 'notifier' && { DEMO_WEBHOOK_URL: webhook.url, DEMO_WEBHOOK_SECRET: webhook.secret }),
      ...(name === 'notifier' && dashboard ? dashboard.linkEnv : {}),
    });
    const service = await startService({ repoRoot, name, env, logDir: join(dataDir, 'logs') });
    running.push(service);
    say(
      `  ${name.padEnd(11)} pid ${service.pid}, health http://127.0.0.1:${service.port}/healthz, metrics /metrics`,
    );
  }
  if (dashboard) say(`\n${dashboardLoginLines(dashboard.url).join('\n')}`);
  say(
    `\nFeeding the bundled sample (${brands.filter((b) => b !== 'apache-kafka').length} brands, 10 languages) through the replay source…\n`,
  );

  const deadline = Date.now() + timeoutMs;
  let lastLine = '';
  let snapshot: PipelineSnapshot | undefined;
  const announcedAlerts = new Set<string>();
  for (;;) {
    const now = new Date();
    snapshot = {
      raw: await topicCount(admin, 'mentions.raw.v1', baselines['mentions.raw.v1']),
      classified: await topicCount(admin, 'mentions.classified.v1', baselines['mentions.classified.v1']),
      dlq: await topicCount(admin, 'mentions.raw.v1.dlq', baselines['mentions.raw.v1.dlq']),
      stored: await db.collection('mentions').countDocuments({}),
      alerts: await storedAlerts(db),
      trends: await brandTrends(db, brands, now),
      mails: await caughtMail(stack.MAIL_UI_URL, started),
    };
    const line = `${snapshot.raw}/${snapshot.classified}/${snapshot.stored}`;
    if (line !== lastLine) printSnapshot(snapshot, (Date.now() - started.getTime()) / 1000);
    lastLine = line;
    for (const alert of snapshot.alerts) {
      const key = `${alert.brand}:${alert.kind}:${alert.state}`;
      if (!announcedAlerts.has(key)) {
        announcedAlerts.add(key);
        say(`\n⚠ ALERT ${alert.state.toUpperCase()} for ${alert.brand} (${alert.kind}): ${alert.headline}\n`);
      }
    }
    if (snapshot.mails.length > 0 && webhook.deliveries.length > 0) break;
    if (Date.now() > deadline) {
      printTrends(snapshot);
      say(`\nNo alert email within ${timeoutMs / 1000} s. Service logs: ${join(dataDir, 'logs')}`);
      await stopAll(1);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }

  printTrends(snapshot);
  say('\nEmail sent to the brand manager:');
  for (const mail of snapshot.mails) say(`  To: ${mail.to}\n  Subject: ${mail.subject}`);
  say(`\nWebhook delivered to the local receiver (${webhook.url}):`);
  for (const d of webhook.deliveries) {
    say(
      `  ${d.state} ${d.kind} alert for ${d.brand} (${d.alertId}), signature ${d.signatureValid ? 'valid' : 'INVALID'}`,
    );
  }
  if (stack.MAIL_UI_URL) {
    say(
      `\nRead it at ${stack.MAIL_UI_URL} (HTML: ${new URL(`messages/${snapshot.mails[0]!.id}`, stack.MAIL_UI_URL).toString()})`,
    );
  }
  if (dashboard) say(`\n${dashboardLoginLines(dashboard.url).join('\n')}`);
  if (keepRunning) {
    say('\nThe pipeline keeps running (pollers on their schedules). Press Ctrl-C to stop everything.');
    return;
  }
  await stopAll(0);
}

main().catch((err: unknown) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
