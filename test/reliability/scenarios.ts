// The reliability scenarios. Each returns one row of the summary table plus named checks; a failed check fails
// the suite. Sizes come from the environment (see run.ts).
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DLQ_HEADERS } from '@crumbtrail/contracts';
import { headersToStrings } from '@crumbtrail/runtime';
import { stringify } from 'yaml';
import { redriveDlq } from '../../shared/cli/src/commands/dlq-redrive';
import { badMessages, syntheticMention, type LoadBrand } from '../load/generate';
import {
  createPipeline,
  processAlive,
  repoRoot,
  rssBytes,
  sleep,
  type Pipeline,
  type PipelineOptions,
  type PipelineService,
} from '../load/pipeline';
import { publishMentions } from '../load/publish';
import { verifyStored, waitDrained } from './verify';
import type { StackEnv } from '../../deploy/pipeline/stack-env';

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface ScenarioResult {
  scenario: string;
  mentionsIn: number;
  stored: number;
  duplicates: number;
  dlq: number;
  lost: number;
  seconds: number;
  checks: Check[];
  notes: string[];
}

export interface ScenarioContext {
  stack: StackEnv;
  /** Runs `stack.sh <command>` against the suite's stack. */
  stackCommand(command: string): void;
  say(line: string): void;
  drainTimeoutMs: number;
}

function ids(p: Pipeline, from: number, count: number): string[] {
  const out: string[] = [];
  for (let i = from; i < from + count; i += 1) {
    out.push(syntheticMention(i, { run: p.run, brands: p.brands, now: new Date(0) }).eventId);
  }
  return out;
}

/** Runs `body` on a fresh pipeline (own topics, groups, database); the DLQ count and timing fill in the row. */
export async function withPipeline(
  ctx: ScenarioContext,
  name: string,
  options: Omit<PipelineOptions, 'prefix' | 'stack'>,
  body: (p: Pipeline, result: ScenarioResult) => Promise<void>,
): Promise<ScenarioResult> {
  const started = Date.now();
  const result: ScenarioResult = {
    scenario: name,
    mentionsIn: 0,
    stored: 0,
    duplicates: 0,
    dlq: 0,
    lost: 0,
    seconds: 0,
    checks: [],
    notes: [],
  };
  const p = await createPipeline({ prefix: `rel-${name}`, stack: ctx.stack, ...options });
  ctx.say(`\n[${name}] run ${p.run}, logs ${p.logDir}`);
  try {
    await body(p, result);
  } catch (err) {
    result.checks.push({ name: 'scenario ran to the end', ok: false, detail: (err as Error).message });
  } finally {
    result.dlq = await p.topicCount(p.topics.rawDlq).catch(() => NaN);
    result.dlq += await p.topicCount(p.topics.classifiedDlq).catch(() => NaN);
    await p.close();
    result.seconds = (Date.now() - started) / 1000;
  }
  return result;
}

async function startCore(p: Pipeline): Promise<void> {
  await p.start('aggregator');
  await p.start('classifier');
}

/** Waits for the pipeline to drain, then fills stored / lost / duplicates and the rollup recount check. */
export async function finish(
  p: Pipeline,
  r: ScenarioResult,
  ctx: ScenarioContext,
  expected: Set<string>,
): Promise<void> {
  const drained = await waitDrained(p, expected.size, ctx.drainTimeoutMs);
  const v = await verifyStored(p, expected);
  r.stored = v.stored;
  r.lost = v.lost;
  r.duplicates = v.duplicates;
  r.checks.push({ name: 'pipeline drained (lag 0)', ok: drained });
  r.checks.push({
    name: `rollups_minute equal a recount (${v.rollupBucketsChecked} buckets)`,
    ok: v.rollupMismatches.length === 0,
    ...(v.rollupMismatches.length > 0 ? { detail: v.rollupMismatches.slice(0, 3).join('; ') } : {}),
  });
}

// ---------------------------------------------------------------------------------------------------------------

export async function badInput(ctx: ScenarioContext, good: number): Promise<ScenarioResult> {
  return withPipeline(ctx, 'bad-input', { brandCount: 5 }, async (p, r) => {
    await startCore(p);
    const bad = badMessages({ run: p.run, brands: p.brands, now: new Date() }, good);
    const half = Math.floor(good / 2);
    const common = { topic: p.topics.raw, run: p.run, brands: p.brands };
    await publishMentions(p.client.producer, { ...common, from: 0, count: half });
    await p.client.producer.send(
      p.topics.raw,
      bad.map((b) => ({ key: b.key, value: b.value })),
    );
    await publishMentions(p.client.producer, { ...common, from: half, count: good - half });
    r.mentionsIn = good + bad.length;
    const goodIds = new Set(ids(p, 0, good));
    const drained = await waitDrained(p, good, ctx.drainTimeoutMs);
    r.checks.push({ name: 'good mentions around the bad ones drained', ok: drained });

    // Every bad message is on the raw DLQ with a reason and an expected error kind, and none is stored.
    const dlqMessages = await readTopic(p, p.topics.rawDlq, bad.length, 60_000);
    for (const b of bad) {
      const m = dlqMessages.find((x) => x.key === b.key);
      const kind = m?.headers[DLQ_HEADERS.errorKind];
      const reason = m?.headers[DLQ_HEADERS.reason];
      r.checks.push({
        name: `${b.kind} dead-lettered (${kind ?? 'missing'})`,
        ok: !!m && !!reason && !!kind && b.expectedErrorKinds.includes(kind),
        detail: m ? `reason: ${reason?.slice(0, 120)}` : 'not on the DLQ',
      });
    }
    const storedBad = await p.db
      .collection('mentions')
      .countDocuments({ _id: { $in: bad.map((b) => b.key) } } as never);
    r.checks.push({ name: 'no bad message stored', ok: storedBad === 0, detail: `${storedBad} stored` });

    // Redrive with corrected events: the fixed versions are stored, the pipeline keeps running.
    const redrive = await redriveDlq({
      kafka: p.client.kafka,
      dlqTopic: p.topics.rawDlq,
      fixes: new Map(bad.map((b) => [b.key, b.fixed])),
    });
    r.notes.push(
      `redrive: read ${redrive.read}, re-published ${redrive.republished} (${redrive.fixed} fixed)`,
    );
    r.checks.push({
      name: 'dlq redrive re-published every fixed event',
      ok: redrive.republished === bad.length && redrive.targets[p.topics.raw] === bad.length,
      detail: JSON.stringify(redrive.skipped),
    });
    const expected = new Set([...goodIds, ...bad.map((b) => b.key)]);
    await finish(p, r, ctx, expected);
  });
}

interface Consumed {
  key: string | null;
  headers: Record<string, string>;
}

async function readTopic(
  p: Pipeline,
  topic: string,
  atLeast: number,
  timeoutMs: number,
): Promise<Consumed[]> {
  const consumer = p.client.kafka.consumer({ groupId: `${p.run}-reader-${randomBytes(3).toString('hex')}` });
  const out: Consumed[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        out.push({ key: message.key?.toString() ?? null, headers: headersToStrings(message.headers) });
        await Promise.resolve();
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (out.length < atLeast && Date.now() < deadline) await sleep(200);
  } finally {
    await consumer.disconnect();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

export async function crashSafety(
  ctx: ScenarioContext,
  count: number,
  kills: number,
): Promise<ScenarioResult> {
  return withPipeline(ctx, 'crash-safety', { brandCount: 10 }, async (p, r) => {
    await startCore(p);
    r.mentionsIn = count;
    const publishing = publishMentions(p.client.producer, {
      topic: p.topics.raw,
      run: p.run,
      brands: p.brands,
      from: 0,
      count,
    });
    // kill -9 at random points while the backlog flows: a seeded sequence, so a failure can be replayed.
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let done = 0;
    while (done < kills && (await p.stored()) < count) {
      await sleep(2000 + rand() * 8000);
      const name: PipelineService = rand() < 0.5 ? 'classifier' : 'aggregator';
      const service = p.services.get(name);
      if (!service) continue;
      const storedBefore = await p.stored();
      await service.kill();
      ctx.say(`  kill -9 ${name} (pid ${service.pid}) at ${storedBefore} stored; restarting`);
      await p.start(name);
      done += 1;
    }
    await publishing;
    r.notes.push(`${done} kill -9 + restart`);
    r.checks.push({ name: `killed ${done} of ${kills} times while mentions flowed`, ok: done > 0 });
    await finish(p, r, ctx, new Set(ids(p, 0, count)));
  });
}

// ---------------------------------------------------------------------------------------------------------------

async function readyz(port: number): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return 0;
  }
}

export async function outages(
  ctx: ScenarioContext,
  count: number,
  outageSeconds: number,
): Promise<ScenarioResult> {
  return withPipeline(ctx, 'outages', { brandCount: 10 }, async (p, r) => {
    await startCore(p);
    r.mentionsIn = count;
    const half = Math.floor(count / 2);
    const common = { topic: p.topics.raw, run: p.run, brands: p.brands };
    for (const [component, from, n] of [
      ['kafka', 0, half],
      ['mongo', half, count - half],
    ] as const) {
      await publishMentions(p.client.producer, { ...common, from, count: n });
      const target = from + Math.ceil(n * 0.05);
      while ((await p.stored()) < target) await sleep(500);
      ctx.say(`  stopping ${component} for ${outageSeconds} s at ${await p.stored()} stored`);
      ctx.stackCommand(`stop-${component}`);
      const statuses: Record<string, Set<number>> = {};
      const deadline = Date.now() + outageSeconds * 1000;
      let allAlive = true;
      while (Date.now() < deadline) {
        for (const [name, s] of p.services) {
          if (!processAlive(s.pid)) allAlive = false;
          (statuses[name] ??= new Set()).add(await readyz(s.port));
        }
        await sleep(1000);
      }
      ctx.stackCommand(`start-${component}`);
      r.checks.push({ name: `services stayed up while ${component} was down`, ok: allAlive });
      // Unready, not silent: the aggregator answers 503 while its database is down. (A Kafka outage reaches the
      // consumers' readiness only when their next fetch fails, so it is reported, not asserted.)
      if (component === 'mongo') {
        r.checks.push({
          name: 'aggregator /readyz answered 503 while mongo was down',
          ok: statuses.aggregator?.has(503) ?? false,
        });
      }
      r.notes.push(
        `${component} down: /readyz ${Object.entries(statuses)
          .map(([n, s]) => `${n} ${[...s].join('/')}`)
          .join(', ')}`,
      );
    }
    await finish(p, r, ctx, new Set(ids(p, 0, count)));
    for (const [name, s] of p.services) {
      r.checks.push({ name: `${name} still the same process`, ok: processAlive(s.pid) });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------

export async function secrets(ctx: ScenarioContext, count: number): Promise<ScenarioResult> {
  const tag = randomBytes(6).toString('hex');
  const secret = {
    SMTP_PASSWORD: `smtp-pw-${tag}`,
    X_BEARER_TOKEN: `x-token-${tag}`,
    REDDIT_CLIENT_SECRET: `reddit-secret-${tag}`,
    BLUESKY_APP_PASSWORD: `bsky-pw-${tag}`,
    YOUTUBE_API_KEY: `yt-key-${tag}`,
    STACKEXCHANGE_KEY: `se-key-${tag}`,
    MONGO_PASSWORD: `mongo-pw-${tag}`,
  };
  const common: Record<string, string> = {
    SMTP_USER: 'alerts',
    SMTP_PASSWORD: secret.SMTP_PASSWORD,
    X_BEARER_TOKEN: secret.X_BEARER_TOKEN,
    REDDIT_CLIENT_ID: 'reddit-id',
    REDDIT_CLIENT_SECRET: secret.REDDIT_CLIENT_SECRET,
    BLUESKY_HANDLE: 'crumbtrail.test',
    BLUESKY_APP_PASSWORD: secret.BLUESKY_APP_PASSWORD,
    YOUTUBE_API_KEY: secret.YOUTUBE_API_KEY,
    STACKEXCHANGE_KEY: secret.STACKEXCHANGE_KEY,
    LOG_LEVEL: 'debug',
  };
  // Poll sources that use the tokens (the machine may be offline: the failures are logged, which is the point).
  const brandsYaml = (brands: LoadBrand[]) =>
    stringify({
      brands: brands.map((b, i) => ({
        id: b.id,
        name: b.name,
        query: `"${b.name}"`,
        sources:
          i === 0
            ? {
                x: { schedule: '*/1 * * * *' },
                reddit: { schedule: '*/1 * * * *' },
                bluesky: { schedule: '*/1 * * * *' },
                stackexchange: { schedule: '*/1 * * * *' },
              }
            : {},
        notify: { recipients: ['manager@example.com'] },
      })),
    });
  const env = { poller: common, classifier: common, aggregator: common, notifier: common };
  return withPipeline(ctx, 'secrets', { brandCount: 3, env, brandsYaml }, async (p, r) => {
    // A MongoDB URL with a password: FerretDB v1 refuses the credentials, so the process fails to connect, which
    // exercises the error path's logging. It runs apart, then the pipeline runs with working endpoints.
    const withCreds = p.stack.MONGO_URL.replace(
      'mongodb://',
      `mongodb://crumbtrail:${secret.MONGO_PASSWORD}@`,
    );
    const failing = await createPipeline({
      prefix: 'rel-secrets-mongo',
      stack: p.stack,
      brandCount: 1,
      env: { aggregator: { ...common, MONGO_URL: withCreds } },
    });
    try {
      await Promise.race([failing.start('aggregator'), sleep(20_000)]).catch(() => undefined);
    } finally {
      await failing.stopAll().catch(() => undefined);
      await failing.close().catch(() => undefined);
    }
    const mongoLog = failing.logs('aggregator');
    await p.start('aggregator');
    await p.start('notifier');
    await p.start('classifier');
    await p.start('poller');
    r.mentionsIn = count;
    await publishMentions(p.client.producer, {
      topic: p.topics.raw,
      run: p.run,
      brands: p.brands,
      from: 0,
      count,
    });
    await finish(p, r, ctx, new Set(ids(p, 0, count)));
    await sleep(2000); // let a poll attempt happen and be logged
    await p.stopAll();
    const logs = [
      ...(['poller', 'classifier', 'aggregator', 'notifier'] as const).map((n) => [n, p.logs(n)] as const),
      ['aggregator (mongo with password)', mongoLog] as const,
    ];
    for (const [service, text] of logs) {
      const leaked = Object.entries(secret).filter(
        ([, value]) => text.includes(value) || text.includes(encodeURIComponent(value)),
      );
      r.checks.push({
        name: `${service} log (${text.split('\n').length} lines) has no secret`,
        ok: leaked.length === 0 && text.length > 0,
        ...(leaked.length > 0 ? { detail: `leaked ${leaked.map(([k]) => k).join(', ')}` } : {}),
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------

export async function soak(ctx: ScenarioContext, rate: number, seconds: number): Promise<ScenarioResult> {
  return withPipeline(ctx, 'soak', { brandCount: 20 }, async (p, r) => {
    await startCore(p);
    const count = rate * seconds;
    r.mentionsIn = count;
    const rss = (name: PipelineService) => rssBytes(p.services.get(name)?.pid ?? -1) ?? NaN;
    const mb = (b: number) => `${Math.round(b / 1e6)} MB`;
    const startRss = { classifier: rss('classifier'), aggregator: rss('aggregator') };
    const lags: { t: number; classifier: number; aggregator: number }[] = [];
    let publishing = true;
    const t0 = Date.now();
    const interval = Math.max(5, Math.round(seconds / 20)) * 1000;
    const sampler = (async () => {
      while (publishing) {
        await sleep(interval);
        lags.push({
          t: Math.round((Date.now() - t0) / 1000),
          classifier: await p.lag(p.groups.classifier, p.topics.raw),
          aggregator: await p.lag(p.groups.aggregator, p.topics.classified),
        });
      }
    })();
    const published = await publishMentions(p.client.producer, {
      topic: p.topics.raw,
      run: p.run,
      brands: p.brands,
      from: 0,
      count,
      rate,
    });
    publishing = false;
    await sampler;
    const endRss = { classifier: rss('classifier'), aggregator: rss('aggregator') };
    ctx.say(`  published ${published.sent} at ${Math.round(published.rate)}/s`);
    ctx.say(
      `  lag over time (s: classifier/aggregator): ${lags.map((l) => `${l.t}:${l.classifier}/${l.aggregator}`).join(' ')}`,
    );
    for (const name of ['classifier', 'aggregator'] as const) {
      r.notes.push(`${name} RSS ${mb(startRss[name])} -> ${mb(endRss[name])}`);
    }
    // Flat lag: at the end of the load, less than 10 s of traffic is queued in front of either consumer.
    const last = lags[lags.length - 1];
    const maxQueued = rate * 10;
    r.checks.push({
      name: `consumer lag flat (<= ${maxQueued} at the end of the load)`,
      ok: !!last && last.classifier + last.aggregator <= maxQueued,
      detail: last ? `final lag classifier ${last.classifier}, aggregator ${last.aggregator}` : 'no samples',
    });
    await finish(p, r, ctx, new Set(ids(p, 0, count)));
  });
}

export function stackCommandFor(dataDir: string | undefined): (command: string) => void {
  return (command) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CRUMBTRAIL_STACK_QUIET: '1' };
    for (const key of ['KAFKA_BROKERS', 'MONGO_URL', 'SMTP_HOST', 'SMTP_PORT']) delete env[key];
    if (dataDir) env.CRUMBTRAIL_DATA_DIR = dataDir;
    execFileSync('bash', [join(repoRoot, 'deploy', 'local', 'stack.sh'), ...command.split(' ')], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  };
}
