// `npm run bench:pipeline [-- --count 100000 --rate-seconds 60 --rate 1000 --dashboard 1]`
//
// --dashboard 1 runs the dashboard beside the pipeline (its consumers and start-up read, and three people loading
// the overview, a trend and a mention list every second): compare the figures with a run without it.
// Pushes synthetic mentions through raw -> classifier -> classified -> aggregator -> stored, with both services as
// processes (compose environment, unique topics/groups/database per run), and prints:
//   phase 1  N mentions published as fast as the producer goes: sustained classified/s (classified topic's offsets
//            over time) and stored/s (mentions collection count over time), between 10% and 90% of N so start-up
//            and tail do not count; plus publish->stored latency under that saturation.
//   phase 2  a fixed rate (default 1,000/s for 60 s): publish->stored latency p50/p95/p99, measured two ways:
//              storedAt  the aggregator's `storedAt` (its clock when it began storing the batch) minus the time the
//                        load generator handed the batch to the producer: a lower bound (misses the insert itself);
//              observed  the first time this process saw the sampled eventId in MongoDB (polled every 200 ms)
//                        minus the same publish time: an upper bound (includes up to one poll interval).
//   library  createClassifier() from @crumbtrail/nlp on the same texts, one thread, in this process; and the ratio
//            pipeline/library.
// Nothing here asserts speed: it prints figures (targets: >= 5,000/s end to end, p95 < 2 s at 1,000/s).
import { performance } from 'node:perf_hooks';
import { createClassifier, loadModel } from '@crumbtrail/nlp';
import { syntheticMention } from './generate';
import { createPipeline, percentile, sleep, until, type Pipeline } from './pipeline';
import { publishMentions } from './publish';

interface Args {
  count: number;
  rate: number;
  rateSeconds: number;
  brands: number;
  libraryCount: number;
  spreadMinutes: number;
  maxSeconds: number;
  /** 1: the dashboard runs too (its consumers, start-up read and a few people looking at it). */
  dashboard: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    count: 100_000,
    rate: 1000,
    rateSeconds: 60,
    brands: 20,
    libraryCount: 20_000,
    spreadMinutes: 5,
    maxSeconds: 900,
    dashboard: 0,
  };
  const names: Record<string, keyof Args> = {
    '--count': 'count',
    '--rate': 'rate',
    '--rate-seconds': 'rateSeconds',
    '--brands': 'brands',
    '--library-count': 'libraryCount',
    '--spread-minutes': 'spreadMinutes',
    '--max-seconds': 'maxSeconds',
    '--dashboard': 'dashboard',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = (argv[i] as string).split('=');
    const key = names[flag as string];
    if (!key) throw new Error(`unknown option ${argv[i]}; known: ${Object.keys(names).join(', ')}`);
    const value = Number(inline ?? argv[(i += 1)]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a non-negative number`);
    args[key] = value;
  }
  return args;
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
const ms = (n: number) => (Number.isFinite(n) ? `${fmt(n)} ms` : 'n/a');
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Sample {
  t: number;
  classified: number;
  stored: number;
}

/** Rate between the first samples at or above 10% and 90% of `total` for one counter. */
function sustainedRate(samples: Sample[], field: 'classified' | 'stored', total: number): number {
  const lo = samples.find((s) => s[field] >= total * 0.1);
  const hi = samples.find((s) => s[field] >= total * 0.9);
  if (!lo || !hi || hi.t <= lo.t) return NaN;
  return (hi[field] - lo[field]) / ((hi.t - lo.t) / 1000);
}

async function storedAtLatencies(p: Pipeline, sentAt: Map<string, number>): Promise<number[]> {
  const mentions = p.db.collection<{ _id: string; storedAt: Date }>('mentions');
  const out: number[] = [];
  for (const [_id, sent] of sentAt) {
    const doc = await mentions.findOne({ _id }, { projection: { storedAt: 1 } });
    if (doc) out.push(doc.storedAt.getTime() - sent);
  }
  return out.sort((a, b) => a - b);
}

function latencyLine(label: string, sorted: number[]): string {
  return `${label.padEnd(34)} p50 ${ms(percentile(sorted, 50)).padStart(9)}  p95 ${ms(percentile(sorted, 95)).padStart(9)}  p99 ${ms(percentile(sorted, 99)).padStart(9)}  max ${ms(sorted[sorted.length - 1] ?? NaN).padStart(9)}  (n=${sorted.length})`;
}

/** Mentions the aggregator stored and committed (its consumer commits a batch only after storing it). */
function storedSoFar(p: Pipeline): Promise<number> {
  return p.committed(p.groups.aggregator, p.topics.classified);
}

async function phaseThroughput(
  p: Pipeline,
  args: Args,
): Promise<{ pipelineRate: number; classifiedRate: number }> {
  say(`\nPhase 1: ${fmt(args.count)} mentions, published as fast as the producer goes`);
  const samples: Sample[] = [];
  const sampledSentAt = new Map<string, number>();
  const started = Date.now();
  let done = false;
  const sampler = (async () => {
    let lastPrint = 0;
    while (!done) {
      const s = {
        t: Date.now(),
        classified: await p.topicCount(p.topics.classified),
        stored: await storedSoFar(p),
      };
      samples.push(s);
      if (s.t - lastPrint >= 5000) {
        lastPrint = s.t;
        say(
          `  [${fmt((s.t - started) / 1000).padStart(4)} s] classified ${fmt(s.classified).padStart(9)}   stored ${fmt(s.stored).padStart(9)}`,
        );
      }
      if (s.stored >= args.count) break;
      await sleep(1000);
    }
  })();
  const published = await publishMentions(p.client.producer, {
    topic: p.topics.raw,
    run: p.run,
    brands: p.brands,
    spreadMinutes: args.spreadMinutes,
    from: 0,
    count: args.count,
    batchSize: 2000,
    onBatch: (first, n, at) => {
      for (let i = first; i < first + n; i += 100) {
        sampledSentAt.set(
          syntheticMention(i, { run: p.run, brands: p.brands, now: new Date(0) }).eventId,
          at,
        );
      }
    },
  });
  say(`  published ${fmt(published.sent)} in ${fmt(published.seconds, 1)} s (${fmt(published.rate)}/s)`);
  // Bounded: a pipeline slower than the bench's patience still gets its figures printed (over what it stored).
  const complete = await until(
    'every mention stored',
    args.maxSeconds * 1000,
    async () => (await storedSoFar(p)) >= args.count,
    1000,
  ).then(
    () => true,
    () => false,
  );
  done = true;
  await sampler;
  const last = samples[samples.length - 1];
  const storedTotal = last?.stored ?? 0;
  if (!complete)
    say(
      `  only ${fmt(storedTotal)} of ${fmt(args.count)} stored within --max-seconds ${args.maxSeconds}; figures below cover those`,
    );
  const endToEnd = storedTotal / (((last?.t ?? Date.now()) - started) / 1000);
  const classifiedRate = sustainedRate(samples, 'classified', last?.classified ?? 0);
  const storedRate = sustainedRate(samples, 'stored', storedTotal);
  const latencies = await storedAtLatencies(p, sampledSentAt);
  say(`  sustained classified/s (10%..90%)  ${fmt(classifiedRate)}`);
  say(`  sustained stored/s (10%..90%)      ${fmt(storedRate)}`);
  say(`  end to end, first publish to last stored: ${fmt(endToEnd)} mentions/s`);
  say(`  ${latencyLine('publish->stored under saturation', latencies)}`);
  return { pipelineRate: Math.min(classifiedRate, storedRate), classifiedRate };
}

async function phaseFixedRate(p: Pipeline, args: Args): Promise<void> {
  const count = args.rate * args.rateSeconds;
  say(
    `\nPhase 2: ${fmt(args.rate)} mentions/s for ${args.rateSeconds} s (${fmt(count)} mentions, 1 in 50 sampled)`,
  );
  const from = args.count;
  const sentAt = new Map<string, number>();
  const seenAt = new Map<string, number>();
  let publishing = true;
  let abandoned = false;
  const poller = (async () => {
    while (!abandoned && (publishing || seenAt.size < sentAt.size)) {
      // One _id lookup each, oldest first: FerretDB answers `_id` equality from its index but scans for `$in`.
      const pending = [...sentAt.keys()].filter((id) => !seenAt.has(id)).slice(0, 100);
      const mentions = p.db.collection<{ _id: string }>('mentions');
      for (const _id of pending) {
        if (!(await mentions.findOne({ _id }, { projection: { _id: 1 } }))) break;
        seenAt.set(_id, Date.now());
      }
      await sleep(200);
    }
  })();
  const published = await publishMentions(p.client.producer, {
    topic: p.topics.raw,
    run: p.run,
    brands: p.brands,
    spreadMinutes: args.spreadMinutes,
    from,
    count,
    rate: args.rate,
    onBatch: (first, n, at) => {
      for (let i = first; i < first + n; i += 1) {
        if (i % 50 === 0)
          sentAt.set(syntheticMention(i, { run: p.run, brands: p.brands, now: new Date(0) }).eventId, at);
      }
    },
  });
  say(`  published ${fmt(published.sent)} in ${fmt(published.seconds, 1)} s (${fmt(published.rate)}/s)`);
  publishing = false;
  await Promise.race([poller, sleep(120_000).then(() => (abandoned = true))]);
  await poller;
  const observed = [...seenAt.entries()]
    .map(([id, t]) => t - (sentAt.get(id) as number))
    .sort((a, b) => a - b);
  const stamped = await storedAtLatencies(p, sentAt);
  say(`  ${latencyLine('publish->stored (storedAt, lower)', stamped)}`);
  say(`  ${latencyLine('publish->stored (observed, upper)', observed)}`);
  if (seenAt.size < sentAt.size)
    say(`  ${sentAt.size - seenAt.size} sampled mentions not stored within 120 s`);
}

function libraryThroughput(p: Pipeline, count: number): number {
  const classifier = createClassifier(loadModel());
  const inputs = Array.from({ length: count }, (_, i) => {
    const m = syntheticMention(i, { run: p.run, brands: p.brands, now: new Date() });
    return { text: m.text, ...(m.title ? { title: m.title } : {}), ...(m.lang ? { lang: m.lang } : {}) };
  });
  for (const input of inputs.slice(0, 500)) classifier.classify(input); // warm-up (JIT)
  const t0 = performance.now();
  for (const input of inputs) classifier.classify(input);
  return count / ((performance.now() - t0) / 1000);
}

const VIEWER = { email: 'bench@example.com', password: 'bench-password-123' };

/**
 * Starts the dashboard on the pipeline's topic and database (its read-model and live consumers write and read
 * beside the aggregator) and VIEWERS people who each load the overview and a brand's trend and mentions about once
 * a second, as brand managers keep it open during a surge.
 */
async function startDashboardViewers(p: Pipeline): Promise<{ stop(): Promise<string> }> {
  const VIEWERS = 3;
  const dashboard = await p.start('dashboard');
  say(`  dashboard pid ${dashboard.pid} :${dashboard.port}, ${VIEWERS} people looking at it`);
  const base = `http://127.0.0.1:${dashboard.port}`;
  // Steady state: the pipeline is measured beside a dashboard that has done its start-up read.
  let warm = '';
  await until("the dashboard's start-up read", 600_000, async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    warm = /^dashboard_warm_up_seconds\{[^}]*\} ([\d.]+)$/m.exec(metrics)?.[1] ?? '';
    return warm !== '';
  });
  say(`  dashboard start-up read done in ${Number(warm).toFixed(1)} s`);
  const login = await fetch(`${base}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(VIEWER),
  });
  if (login.status !== 200) throw new Error(`dashboard login answered ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  let running = true;
  let requests = 0;
  let failures = 0;
  const loops = Array.from({ length: VIEWERS }, async (_, u) => {
    const brand = p.brands[u % p.brands.length]!.id;
    const paths = [
      '/api/v1/overview?period=24h',
      `/api/v1/brands/${brand}/trend?period=24h`,
      `/api/v1/brands/${brand}/mentions?period=24h`,
    ];
    while (running) {
      for (const path of paths) {
        const res = await fetch(`${base}${path}`, { headers: { cookie } }).catch(() => null);
        requests += 1;
        if (res?.status !== 200) failures += 1;
        await res?.arrayBuffer();
      }
      await sleep(1000);
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return `${requests} page requests, ${failures} not answered 200`;
    },
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const p = await createPipeline({
    prefix: 'bench',
    brandCount: args.brands,
    env: { dashboard: { DASHBOARD_ADMIN_EMAIL: VIEWER.email, DASHBOARD_ADMIN_PASSWORD: VIEWER.password } },
  });
  const stop = () => void p.close().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    say(`bench:pipeline run ${p.run} (logs ${p.logDir})`);
    say(`publishedAt spread over the ${args.spreadMinutes} min before publishing (--spread-minutes)`);
    say(`brands ${p.brands.length}, raw topic ${p.topics.raw} (6 partitions), database ${p.database}`);
    for (const name of ['aggregator', 'classifier'] as const) {
      const s = await p.start(name);
      say(`  ${name} pid ${s.pid} ops :${s.port}`);
    }
    const viewers = args.dashboard > 0 ? await startDashboardViewers(p) : undefined;
    const { pipelineRate, classifiedRate } = await phaseThroughput(p, args);
    if (args.rateSeconds > 0 && args.rate > 0) await phaseFixedRate(p, args);
    if (viewers) say(`  dashboard: ${await viewers.stop()}`);
    say(`\nLibrary: createClassifier on ${fmt(args.libraryCount)} of the same texts, one thread`);
    const library = libraryThroughput(p, args.libraryCount);
    say(`  library classify/s                 ${fmt(library)}`);
    say(`  classifier stage / library         ${fmt(classifiedRate / library, 3)}`);
    say(`  pipeline (slowest stage) / library ${fmt(pipelineRate / library, 3)}`);
    const dlq = await p.topicCount(p.topics.rawDlq);
    const classifiedDlq = await p.topicCount(p.topics.classifiedDlq);
    if (dlq + classifiedDlq > 0)
      say(`  note: ${dlq} raw and ${classifiedDlq} classified messages were dead-lettered`);
    say(
      '\nTargets: >= 5,000 mentions/s end to end; p95 < 2 s at 1,000 mentions/s (figures only, nothing asserted).',
    );
  } finally {
    await p.close();
  }
}

main().catch((err: unknown) => {
  console.error(`bench:pipeline failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
