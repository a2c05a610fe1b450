// API benchmark of the dashboard (npm run bench:dashboard): seeds BENCH_MENTIONS mentions (200,000) over BENCH_DAYS
// (30) days for BENCH_BRANDS (20) brands into a private database of the local stack, then measures p50/p95 of every
// API route under BENCH_USERS (10) concurrent users, BENCH_ROUNDS (5) requests per user and route. Prints figures,
// asserts nothing; then the page-draw timing of bench/page.ts on the same data (skipped when Chromium is missing).
//
// How the data is written: the documents the aggregator stores (mentions, hour rollups, alerts) are written directly,
// in the aggregator's shapes from @crumbtrail/storage, not through Kafka and the aggregator (that would measure the
// pipeline, which bench:pipeline does); the dashboard's own read models are bulk-loaded by their repositories
// (MentionIndexRepo.load, InboxRepo.load: the documents their consumer's add() builds, inserted whole).
// BENCH_DB=<name> keeps the seeded database and reuses it on the next run with that name (seeding takes minutes).
//
// Before measuring, the bench waits for the dashboard's start-up read of DASHBOARD_WARM_DAYS of hour rollups and
// prints how long it took; the "first" column is each route's first request, whose data may not be cached yet.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  eventId,
  type ClassifiedMention,
  type IntentLabel,
  type SentimentLabel,
  type SourceName,
} from '@crumbtrail/contracts';
import { createLogger } from '@crumbtrail/runtime';
import {
  hourOf,
  toMentionDoc,
  rollupId,
  type AlertDoc,
  type HourDoc,
  type MentionDoc,
} from '@crumbtrail/storage';
import { MongoClient } from 'mongodb';
import { createDashboardApp } from '../src/app';
import { loadDashboardConfig } from '../src/config';
import { inboxKind, InboxRepo } from '../src/readmodel/inbox-repo';
import { MentionIndexRepo } from '../src/readmodel/mention-index-repo';
import { classified, openAlertDoc } from '../src/test-support/harness';
import { benchPages } from './page';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const MENTIONS = env('BENCH_MENTIONS', 200_000);
const DAYS = env('BENCH_DAYS', 30);
const BRANDS = env('BENCH_BRANDS', 20);
const USERS = env('BENCH_USERS', 10);
const ROUNDS = env('BENCH_ROUNDS', 5);
const HOUR = 3_600_000;
const ADMIN = { email: 'bench@example.com', password: 'bench-password-123' };

function stackEnv(): Record<string, string> {
  const text = readFileSync(join(__dirname, '..', '..', '..', '.data', 'stack.env'), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .map((l) => l.replace(/^export\s+/, '').match(/^([A-Z_]+)=(.*)$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => [m[1]!, m[2]!.replace(/^['"]|['"]$/g, '')]),
  );
}

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'refund delivery order late broken support app update price login crash slow great love thanks battery screen account billing sync'.split(
    ' ',
  );
const SOURCES: SourceName[] = ['reddit', 'hackernews', 'mastodon', 'bluesky', 'rss'];
const LANGS = ['en', 'en', 'en', 'de', 'fr', 'es', 'pl'];

/** A classified mention as the pipeline publishes it (the tests' builder), with random labels, source and language. */
function mention(i: number, brand: string, t: number, r: () => number): ClassifiedMention {
  const x = r();
  const sentiment: SentimentLabel = x < 0.25 ? 'negative' : x < 0.7 ? 'neutral' : 'positive';
  const y = r();
  const intent: IntentLabel = y < 0.12 ? 'complaint' : y < 0.22 ? 'question' : y < 0.35 ? 'praise' : 'other';
  const words = Array.from({ length: 12 }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
  return classified({
    brand,
    id: `bench-${i}`,
    at: new Date(t),
    sentiment,
    intent,
    source: SOURCES[Math.floor(r() * SOURCES.length)]!,
    lang: LANGS[Math.floor(r() * LANGS.length)]!,
    text: `${brand} ${words} #${i}`,
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function main(): Promise<void> {
  const stack = stackEnv();
  const dir = mkdtempSync(join(tmpdir(), 'bench-dashboard-'));
  const brands = Array.from({ length: BRANDS }, (_, i) => `brand-${String(i + 1).padStart(2, '0')}`);
  const schedule = { schedule: '*/5 * * * *' };
  writeFileSync(
    join(dir, 'brands.json'),
    JSON.stringify({
      brands: brands.map((id) => ({
        id,
        name: id.toUpperCase(),
        query: id,
        sources: { reddit: schedule, hackernews: schedule },
      })),
    }),
  );
  const dbName = process.env.BENCH_DB ?? `bench_dashboard_${Date.now().toString(36)}`;
  const client = await MongoClient.connect(stack.MONGO_URL!);
  const db = client.db(dbName);
  const meta = db.collection<{ _id: string; mentions: number; days: number; brands: number; end: number }>(
    'bench_meta',
  );
  const seeded = await meta.findOne({ _id: 'seed' });
  const reuse =
    seeded !== null && seeded.mentions === MENTIONS && seeded.days === DAYS && seeded.brands === BRANDS;
  const end = reuse ? seeded.end : Date.now();
  const now = new Date(end);
  const start = end - DAYS * 24 * HOUR;
  const alerts: AlertDoc[] = brands.map((brand, i) =>
    openAlertDoc(eventId('bench-alert', brand), brand, new Date(end - (i + 1) * 5 * HOUR)),
  );
  if (reuse) {
    console.log(`reusing ${dbName}, seeded ${((Date.now() - end) / 60_000).toFixed(0)} min ago`);
  } else {
    await db.dropDatabase();
    await seed();
    await meta.insertOne({ _id: 'seed', mentions: MENTIONS, days: DAYS, brands: BRANDS, end });
  }

  async function seed(): Promise<void> {
    // ---- seed
    console.log(
      `seeding ${MENTIONS.toLocaleString('en')} mentions over ${DAYS} days for ${BRANDS} brands into ${dbName} ...`,
    );
    const t0 = performance.now();
    const index = new MentionIndexRepo(db);
    const inbox = new InboxRepo(db);
    const r = rng(42);
    const hours = new Map<string, HourDoc>();
    const BATCH = 2000;
    const all: ClassifiedMention[] = [];
    for (let i = 0; i < MENTIONS; i += BATCH) {
      const batch: ClassifiedMention[] = [];
      for (let j = i; j < Math.min(MENTIONS, i + BATCH); j++) {
        // Brands by a skewed share (brand-01 biggest); times in arrival order over the period with a little jitter,
        // as the consumer sees them (a batch then touches the slots of a few minutes, not of thirty days).
        const brand = brands[Math.min(BRANDS - 1, Math.floor(BRANDS * r() * r()))]!;
        const t = start + Math.floor(((j + r()) / MENTIONS) * (end - start - 60_000));
        batch.push(mention(j, brand, t, r));
      }
      await db.collection<MentionDoc>('mentions').insertMany(
        batch.map((m) => toMentionDoc(m, now, { partition: 0, offset: 0 })),
        { ordered: false },
      );
      all.push(...batch);
      for (const m of batch) {
        const bucket = hourOf(new Date(m.publishedAt));
        const id = rollupId(m.brand, bucket);
        const h = hours.get(id) ?? {
          _id: id,
          brand: m.brand,
          bucket,
          wm: {},
          total: 0,
          sentiment: {},
          intent: {},
          sources: {},
          langs: {},
          complaints: 0,
          updatedAt: now,
        };
        const c = m.classification;
        h.total += 1;
        h.sentiment![c.sentiment.label] = (h.sentiment![c.sentiment.label] ?? 0) + 1;
        h.intent![c.intent.label] = (h.intent![c.intent.label] ?? 0) + 1;
        h.sources![m.source] = (h.sources![m.source] ?? 0) + 1;
        h.langs![c.lang] = (h.langs![c.lang] ?? 0) + 1;
        if (c.intent.flags.complaint) h.complaints = (h.complaints ?? 0) + 1;
        hours.set(id, h);
      }
      if ((i / BATCH) % 10 === 0)
        console.log(
          `  ${(i + batch.length).toLocaleString('en')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`,
        );
    }
    // Whole, once: a slot, day or inbox day straddles batches, and load() inserts each document once.
    await index.load(all, end);
    await inbox.load(
      all.flatMap((m) => {
        const kind = inboxKind(m);
        return kind ? [{ id: m.eventId, brand: m.brand, t: Date.parse(m.publishedAt), kind }] : [];
      }),
    );
    const hourDocs = [...hours.values()];
    for (let i = 0; i < hourDocs.length; i += 5000)
      await db.collection<HourDoc>('rollups_hour').insertMany(hourDocs.slice(i, i + 5000));
    await db.collection<AlertDoc>('alerts').insertMany(alerts);
    await db
      .collection('alert_heads')
      .insertMany(alerts.map((a) => ({ _id: a.brand as never, openAlertId: a._id, updatedAt: now })));
    console.log(
      `seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s (${hourDocs.length.toLocaleString('en')} hour rollups)`,
    );
  }

  // ---- dashboard
  const config = loadDashboardConfig({
    KAFKA_BROKERS: stack.KAFKA_BROKERS,
    MONGO_URL: stack.MONGO_URL,
    MONGO_DB: dbName,
    BRANDS_FILE: join(dir, 'brands.json'),
    HTTP_PORT: '0',
    CLASSIFIED_TOPIC: `bench-dashboard-${Date.now().toString(36)}`,
    CONSUMER_GROUP: `bench-dashboard-${Date.now().toString(36)}`,
    DASHBOARD_ADMIN_EMAIL: ADMIN.email,
    DASHBOARD_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
  });
  const app = createDashboardApp(config, createLogger({ service: 'bench-dashboard', level: 'warn' }));
  await app.start();
  const warm = await app.warmedUp();
  console.log(
    `dashboard started; its start-up read of ${warm.hours.toLocaleString('en')} hour rollups took ${(warm.ms / 1000).toFixed(1)} s`,
  );
  const base = `http://127.0.0.1:${app.server().port}`;
  const login = await fetch(`${base}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const big = brands[0]!;
  const firstPage = (await (
    await fetch(`${base}/api/v1/brands/${big}/mentions?period=30d`, { headers: { cookie } })
  ).json()) as { items: { id: string }[]; nextCursor: string };
  const inboxPage = (await (
    await fetch(`${base}/api/v1/brands/${big}/inbox`, { headers: { cookie } })
  ).json()) as { items: { mention: { id: string } }[] };
  const someId = firstPage.items[0]!.id;

  type Req = {
    name: string;
    method?: string;
    path: (u: number, k: number) => string;
    body?: (u: number, k: number) => unknown;
  };
  const routes: Req[] = [
    { name: 'GET /api/v1/session', path: () => '/api/v1/session' },
    { name: 'GET /api/v1/overview?period=24h (20 brands)', path: () => '/api/v1/overview?period=24h' },
    { name: 'GET /api/v1/overview?period=30d (20 brands)', path: () => '/api/v1/overview?period=30d' },
    {
      name: 'GET /brands/:b/trend?period=24h',
      path: (u) => `/api/v1/brands/${brands[u % BRANDS]}/trend?period=24h`,
    },
    {
      name: 'GET /brands/:b/trend?period=7d&compare',
      path: (u) => `/api/v1/brands/${brands[u % BRANDS]}/trend?period=7d&compare=true`,
    },
    {
      name: 'GET /brands/:b/trend?period=30d',
      path: (u) => `/api/v1/brands/${brands[u % BRANDS]}/trend?period=30d`,
    },
    {
      name: 'GET /brands/:b/mentions (30d, first page)',
      path: (u) => `/api/v1/brands/${brands[u % BRANDS]}/mentions?period=30d`,
    },
    {
      name: 'GET /brands/:b/mentions (next page)',
      path: () => `/api/v1/brands/${big}/mentions?period=30d&cursor=${firstPage.nextCursor}`,
    },
    {
      name: 'GET /brands/:b/mentions?sentiment=negative&source=reddit',
      path: (u) =>
        `/api/v1/brands/${brands[u % BRANDS]}/mentions?period=30d&sentiment=negative&source=reddit`,
    },
    {
      name: 'GET /brands/:b/mentions?q=refund late',
      path: (u) => `/api/v1/brands/${brands[u % BRANDS]}/mentions?period=30d&q=refund%20late`,
    },
    {
      name: 'GET /brands/:b/mentions?lang=pl&intent=question',
      path: (u) => `/api/v1/brands/${brands[u % BRANDS]}/mentions?period=30d&lang=pl&intent=question`,
    },
    { name: 'GET /mentions/:id', path: () => `/api/v1/mentions/${someId}` },
    {
      name: 'GET /brands/:b/inbox (open, oldest first)',
      path: (u) => `/api/v1/brands/${brands[u % BRANDS]}/inbox`,
    },
    { name: 'GET /api/v1/alerts (all brands)', path: () => '/api/v1/alerts' },
    { name: 'GET /alerts/:id', path: (u) => `/api/v1/alerts/${alerts[u % BRANDS]!._id}` },
    { name: 'GET /api/v1/sources', path: () => '/api/v1/sources' },
    {
      name: 'POST /mentions/:id/correction',
      method: 'POST',
      path: (u, k) =>
        `/api/v1/mentions/${firstPage.items[(u * ROUNDS + k) % firstPage.items.length]!.id}/correction`,
      body: () => ({ sentiment: 'negative', intent: 'complaint' }),
    },
    {
      name: 'POST /brands/:b/inbox/actions (handle 1)',
      method: 'POST',
      path: () => `/api/v1/brands/${big}/inbox/actions`,
      body: (u, k) => ({
        action: k % 2 ? 'reopen' : 'handle',
        ids: [inboxPage.items[u % inboxPage.items.length]!.mention.id],
      }),
    },
    {
      name: 'POST /alerts/:id/acknowledge',
      method: 'POST',
      path: (u) => `/api/v1/alerts/${alerts[u % BRANDS]!._id}/acknowledge`,
      body: () => ({ note: 'bench' }),
    },
    {
      name: 'PUT /brands/:b/mute',
      method: 'PUT',
      path: (u) => `/api/v1/brands/${brands[u % BRANDS]}/mute`,
      body: () => ({ hours: 1 }),
    },
  ];

  console.log(
    `\n${USERS} concurrent users x ${ROUNDS} requests per route (after one warm-up request per route):`,
  );
  console.log(
    `${'route'.padEnd(62)} ${'first ms'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}  status`,
  );
  for (const route of routes) {
    const once = async (u: number, k: number) => {
      const t = performance.now();
      const res = await fetch(`${base}${route.path(u, k)}`, {
        method: route.method ?? 'GET',
        headers: { cookie, 'x-csrf-token': csrf, ...(route.body && { 'content-type': 'application/json' }) },
        ...(route.body && { body: JSON.stringify(route.body(u, k)) }),
      });
      await res.arrayBuffer();
      return { ms: performance.now() - t, status: res.status };
    };
    const first = await once(0, 0);
    const samples = (
      await Promise.all(
        Array.from({ length: USERS }, async (_, u) => {
          const out: { ms: number; status: number }[] = [];
          for (let k = 0; k < ROUNDS; k++) out.push(await once(u, k));
          return out;
        }),
      )
    ).flat();
    const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
    const statuses = [...new Set(samples.map((s) => s.status))].join(',');
    console.log(
      `${route.name.padEnd(62)} ${first.ms.toFixed(0).padStart(9)} ${percentile(ms, 50).toFixed(0).padStart(8)} ${percentile(ms, 95).toFixed(0).padStart(8)} ${ms[ms.length - 1]!.toFixed(0).padStart(8)}  ${statuses}`,
    );
  }

  const mem = process.memoryUsage();
  console.log(
    `\nbench process with the dashboard in it: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
  const metrics = await (await fetch(`${base}/metrics`)).text();
  for (const line of metrics.split('\n').filter((l) => l.startsWith('dashboard_read_cache_entries')))
    console.log(`  ${line}`);

  if (process.env.BENCH_SKIP_PAGES !== 'true') {
    try {
      console.log('\npage draw (headless Chromium):');
      await benchPages({ baseUrl: base, email: ADMIN.email, password: ADMIN.password, brand: big });
    } catch (err) {
      console.log(`page draw skipped: ${(err as Error).message}`);
    }
  }
  await app.stop();
  if (process.env.BENCH_DB === undefined) await db.dropDatabase();
  await client.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
