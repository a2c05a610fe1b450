// The reliability scenarios. Each returns one row of the summary table plus named checks; a failed check fails
// the suite. Sizes come from the environment (see run.ts).
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DLQ_HEADERS } from '@crumbtrail/contracts';
import { headersToStrings } from '@crumbtrail/runtime';
import { stringify } from 'yaml';
import { redriveDlq } from '../../shared/cli/src/commands/dlq-redrive';
import { badMessages, prng, syntheticMention, type LoadBrand } from '../load/generate';
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
import { waitFor } from '../support';
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
  /** Stop waiting for a drain once the stored count has not moved for this long. */
  stallTimeoutMs: number;
  /**
   * KAFKA_SESSION_TIMEOUT_MS given to the consuming services: how soon the group notices a member killed with
   * kill -9 (and, after a Kafka restart, a member that reconnected under a new id), which is most of what a crash
   * costs. Undefined: the services' default (30 s).
   */
  sessionTimeoutMs?: number;
}

/** Seconds since `since`, one decimal, for the timeline. */
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

/** Prints a line prefixed with the seconds since the scenario started: where the time goes. */
export type Mark = (line: string) => void;

const CONSUMERS = ['classifier', 'aggregator', 'notifier'] as const;

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
  body: (p: Pipeline, result: ScenarioResult, mark: Mark) => Promise<void>,
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
  const mark: Mark = (line) => ctx.say(`  [${seconds(started).padStart(5)} s] ${line}`);
  const p = await createPipeline({
    prefix: `rel-${name}`,
    stack: ctx.stack,
    ...options,
    env: withSessionTimeout(options.env, ctx.sessionTimeoutMs),
  });
  ctx.say(`\n[${name}] run ${p.run}, logs ${p.logDir}`);
  try {
    await body(p, result, mark);
  } catch (err) {
    result.checks.push({ name: 'scenario ran to the end', ok: false, detail: (err as Error).message });
  } finally {
    result.dlq = await p.topicCount(p.topics.rawDlq).catch(() => NaN);
    result.dlq += await p.topicCount(p.topics.classifiedDlq).catch(() => NaN);
    await p.close();
    mark('stopped and cleaned up');
    result.seconds = (Date.now() - started) / 1000;
  }
  return result;
}

/** The scenario's environment plus KAFKA_SESSION_TIMEOUT_MS for every consumer (unless a scenario sets its own). */
function withSessionTimeout(
  env: PipelineOptions['env'],
  sessionTimeoutMs: number | undefined,
): PipelineOptions['env'] {
  if (sessionTimeoutMs === undefined) return env;
  const out: NonNullable<PipelineOptions['env']> = { ...env };
  for (const name of CONSUMERS) {
    out[name] = { KAFKA_SESSION_TIMEOUT_MS: String(sessionTimeoutMs), ...env?.[name] };
  }
  return out;
}

/** Starts a service and waits until its /healthz is green (for a consumer: it has joined its group). */
async function startTimed(p: Pipeline, name: PipelineService, mark: Mark): Promise<void> {
  const t = Date.now();
  await p.start(name);
  mark(`${name} started and healthy in ${seconds(t)} s`);
}

async function startCore(p: Pipeline, mark: Mark): Promise<void> {
  await startTimed(p, 'aggregator', mark);
  await startTimed(p, 'classifier', mark);
}

/** Waits for the pipeline to drain, then fills stored / lost / duplicates and the rollup recount check. */
export async function finish(
  p: Pipeline,
  r: ScenarioResult,
  ctx: ScenarioContext,
  expected: Set<string>,
  mark?: Mark,
): Promise<void> {
  const drained = await waitDrained(p, expected.size, ctx.drainTimeoutMs, ctx.stallTimeoutMs);
  mark?.(drained ? `drained: ${expected.size} stored, lag 0` : 'NOT drained');
  const v = await verifyStored(p, expected);
  r.stored = v.stored;
  r.lost = v.lost;
  r.duplicates = v.duplicates;
  r.checks.push({ name: 'pipeline drained (lag 0)', ok: drained });
  r.checks.push({
    name: `rollups (hours and their minutes) equal a recount (${v.rollupBucketsChecked} buckets)`,
    ok: v.rollupMismatches.length === 0,
    ...(v.rollupMismatches.length > 0 ? { detail: v.rollupMismatches.slice(0, 3).join('; ') } : {}),
  });
}

// ---------------------------------------------------------------------------------------------------------------

export async function badInput(ctx: ScenarioContext, good: number): Promise<ScenarioResult> {
  return withPipeline(ctx, 'bad-input', { brandCount: 5 }, async (p, r, mark) => {
    await startCore(p, mark);
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
    const drained = await waitDrained(p, good, ctx.drainTimeoutMs, ctx.stallTimeoutMs);
    mark(`good mentions drained: ${drained}`);
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
    mark('dead letters checked and redriven');
    const expected = new Set([...goodIds, ...bad.map((b) => b.key)]);
    await finish(p, r, ctx, expected, mark);
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
  // A short fetch wait: disconnecting waits for the fetch in flight (kafkajs' default wait is 5 s).
  const consumer = p.client.kafka.consumer({
    groupId: `${p.run}-reader-${randomBytes(3).toString('hex')}`,
    maxWaitTimeInMs: 250,
  });
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
    // Short of `atLeast` at the deadline: return what arrived, and the caller's checks name what is missing.
    await waitFor(() => out.length >= atLeast, {
      timeoutMs,
      intervalMs: 100,
      description: `${atLeast} messages on ${topic}`,
    }).catch(() => undefined);
  } finally {
    await consumer.disconnect();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

export interface CrashOptions {
  count: number;
  kills: number;
  /** Mentions per second published (0: as fast as the broker takes them); paced so the kills land mid-flow. */
  rate: number;
  /** Seeds the kill points, so a failing run can be replayed. */
  seed: number;
}

export async function crashSafety(ctx: ScenarioContext, o: CrashOptions): Promise<ScenarioResult> {
  return withPipeline(ctx, 'crash-safety', { brandCount: 10 }, async (p, r, mark) => {
    await startCore(p, mark);
    r.mentionsIn = o.count;
    let published = 0;
    const publishing = publishMentions(p.client.producer, {
      topic: p.topics.raw,
      run: p.run,
      brands: p.brands,
      from: 0,
      count: o.count,
      rate: o.rate,
      onBatch: (_first, n) => (published += n),
    });
    // kill -9 at random points of the flow: kill i of k waits until a seeded random share of the mentions, within the
    // i-th of k equal slices of 10-85 %, is published and its victim has work in hand (consumer lag > 0), then kills
    // it. The classifier and the aggregator take turns, the classifier first. Each is restarted at once, in the
    // background: the kills follow the publishing, not the time a restarted process needs to rejoin its group.
    const rand = prng(o.seed);
    const points = Array.from({ length: o.kills }, (_, i) =>
      Math.floor(o.count * (0.1 + (0.75 * (i + rand())) / o.kills)),
    );
    const input = {
      classifier: { group: p.groups.classifier, topic: p.topics.raw },
      aggregator: { group: p.groups.aggregator, topic: p.topics.classified },
    };
    const restarts = new Map<PipelineService, Promise<void>>();
    const killed: { name: PipelineService; storedBefore: number; lagBefore: number }[] = [];
    for (const [i, point] of points.entries()) {
      const name = i % 2 === 0 ? 'classifier' : 'aggregator';
      await restarts.get(name); // killed before: wait until it is back
      const lagBefore = await waitFor(
        async () => {
          if (published < point) return false;
          const lag = await p.lag(input[name].group, input[name].topic);
          return lag > 0 && lag;
        },
        {
          timeoutMs: ctx.stallTimeoutMs,
          intervalMs: 50,
          description: `${point} of ${o.count} mentions published and work in hand for the ${name} (kill ${i + 1})`,
        },
      );
      const service = p.services.get(name);
      if (!service) throw new Error(`${name} is not running`);
      const storedBefore = await p.stored();
      await service.kill();
      killed.push({ name, storedBefore, lagBefore });
      mark(
        `kill -9 ${name} (pid ${service.pid}): ${published} published, ${storedBefore} stored, lag ${lagBefore}`,
      );
      const t = Date.now();
      restarts.set(
        name,
        p.start(name).then(() => mark(`${name} restarted, back in its group after ${seconds(t)} s`)),
      );
    }
    await Promise.all(restarts.values());
    const sent = await publishing;
    mark(`published ${sent.sent} at ${Math.round(sent.rate)}/s`);
    r.notes.push(
      `${killed.length} kill -9 + restart: ${killed.map((k) => `${k.name} at ${k.storedBefore} stored`).join(', ')}`,
    );
    const names = new Set(killed.map((k) => k.name));
    r.checks.push({
      name: `killed ${killed.length} of ${o.kills} times with work in hand${o.kills >= 2 ? ', both services' : ''}`,
      ok:
        killed.length === o.kills &&
        killed.every((k) => k.storedBefore < o.count && k.lagBefore > 0) &&
        (o.kills < 2 || names.size === 2),
      detail: killed.map((k) => `${k.name} at ${k.storedBefore} stored, lag ${k.lagBefore}`).join('; '),
    });
    await finish(p, r, ctx, new Set(ids(p, 0, o.count)), mark);
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

/** The `mongo` entry's `rebuilds` on a service's /healthz (see shared/runtime mongo-recovery.ts), '?' if unknown. */
async function mongoRebuilds(port: number | undefined): Promise<string> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as { components?: { name: string; details?: { rebuilds?: number } }[] };
    return String(body.components?.find((c) => c.name === 'mongo')?.details?.rebuilds ?? '?');
  } catch {
    return '?';
  }
}

/** Kafka connection errors as kafkajs logs them (through the service's logger). */
const KAFKA_UNREACHABLE =
  /ECONNREFUSED|Connection error|KafkaJSNoBrokerAvailableError|KafkaJSConnectionError/;

/**
 * Where each server is stopped: once a seeded random share of its half is stored (Kafka: 2-60 % of a backlog
 * published in advance; FerretDB: 2-40 % of a paced stream, or 60 % published if storing lags behind that), then
 * after a random 0-1 s more, so that the stop lands
 * at any point of a batch's writes (insert, rollup bulk, commit) rather than always between batches.
 */
export function outageStopPoints(
  seed: number,
): Record<'kafka' | 'mongo', { share: number; delayMs: number }> {
  const rand = prng(seed);
  return {
    kafka: { share: 0.02 + 0.58 * rand(), delayMs: Math.floor(1000 * rand()) },
    mongo: { share: 0.02 + 0.38 * rand(), delayMs: Math.floor(1000 * rand()) },
  };
}

export async function outages(
  ctx: ScenarioContext,
  count: number,
  outageSeconds: number,
  seed = Math.floor(Math.random() * 2 ** 31),
): Promise<ScenarioResult> {
  return withPipeline(ctx, 'outages', { brandCount: 10 }, async (p, r, mark) => {
    await startCore(p, mark);
    r.mentionsIn = count;
    const stops = outageStopPoints(seed);
    mark(
      `stop points (RELIABILITY_OUTAGE_SEED=${seed}): ` +
        `kafka at ${Math.round(stops.kafka.share * 100)} % + ${stops.kafka.delayMs} ms, ` +
        `mongo at ${Math.round(stops.mongo.share * 100)} % + ${stops.mongo.delayMs} ms`,
    );
    const half = Math.floor(count / 2);
    const common = { topic: p.topics.raw, run: p.run, brands: p.brands };
    for (const [component, from, n] of [
      ['kafka', 0, half],
      ['mongo', half, count - half],
    ] as const) {
      // Kafka: everything published first (nothing can be published while it is down), so a backlog is in flight
      // when it stops. FerretDB: published at a pace that spans the outage, so mentions keep arriving while the
      // aggregator cannot store them.
      const outage = { from: Infinity, to: Infinity };
      let publishedDuringOutage = 0;
      let published = 0;
      const publishing = publishMentions(p.client.producer, {
        ...common,
        from,
        count: n,
        ...(component === 'mongo' && { rate: Math.max(1, Math.ceil(n / (outageSeconds + 5))) }),
        onBatch: (_first, sent, at) => {
          published += sent;
          if (at >= outage.from) publishedDuringOutage += sent;
        },
      });
      if (component === 'kafka') await publishing;
      const target = from + Math.ceil(n * stops[component].share);
      // FerretDB: stopped before the paced publishing ends, however far storing lags behind on a loaded machine,
      // so that mentions keep arriving during the outage.
      const stopAnyway = component === 'mongo' ? Math.ceil(n * 0.6) : Infinity;
      await waitFor(async () => (await p.stored()) >= target || published >= stopAnyway, {
        timeoutMs: ctx.stallTimeoutMs,
        intervalMs: 100,
        description: `${target} mentions stored before stopping ${component}`,
      });
      await sleep(stops[component].delayMs); // a random point of the batch in hand, not a synchronisation
      const storedAtStop = await p.stored();
      const logOffsets = new Map([...p.services.keys()].map((name) => [name, p.logs(name).length]));
      // Down from the moment the stop begins (it refuses new work at once) until its restart is ready again; the
      // restart begins `outageSeconds` after the stop began. Meanwhile liveness and readiness are sampled.
      const stopBegan = Date.now();
      ctx.stackCommand(`stop-${component}`);
      outage.from = stopBegan;
      mark(`${component} stopped in ${seconds(stopBegan)} s at ${storedAtStop} stored`);
      const statuses: Record<string, Set<number>> = {};
      let allAlive = true;
      // At least one sample: on a loaded machine the stop itself can take longer than the outage.
      do {
        for (const [name, s] of p.services) {
          if (!processAlive(s.pid)) allAlive = false;
          (statuses[name] ??= new Set()).add(await readyz(s.port));
        }
        await sleep(1000); // sampling interval during a fixed-length outage, not a synchronisation
      } while (Date.now() - stopBegan < outageSeconds * 1000);
      const startBegan = Date.now();
      ctx.stackCommand(`start-${component}`);
      outage.to = Date.now();
      mark(
        `${component} back after ${seconds(stopBegan)} s down (its start took ${seconds(startBegan)} s); ` +
          `${await p.stored()} stored`,
      );
      r.checks.push({ name: `services stayed up while ${component} was down`, ok: allAlive });
      // Unready, not silent: the aggregator answers 503 while its database is down.
      if (component === 'mongo') {
        r.checks.push({
          name: 'aggregator /readyz answered 503 while mongo was down',
          ok: statuses.aggregator?.has(503) ?? false,
        });
      }
      // Every consumer noticed Kafka going away: its readiness dropped or it logged a failed connection.
      if (component === 'kafka') {
        for (const [name] of p.services) {
          const logged = KAFKA_UNREACHABLE.test(p.logs(name).slice(logOffsets.get(name) ?? 0));
          const unready = [...(statuses[name] ?? [])].some((status) => status !== 200);
          r.checks.push({
            name: `${name} noticed kafka was down (/readyz not 200 or a logged connection error)`,
            ok: logged || unready,
          });
        }
      }
      await publishing;
      // Recovered: everything published so far is stored and committed (for Kafka, before the FerretDB phase).
      const recovered = await waitDrained(p, from + n, ctx.drainTimeoutMs, ctx.stallTimeoutMs);
      mark(
        `${recovered ? 'recovered' : 'NOT recovered'}: ${await p.stored()} of ${from + n} stored ${seconds(outage.to)} s after ${component} was back`,
      );
      r.checks.push({
        name: `every mention published so far stored after ${component} came back`,
        ok: recovered,
      });
      if (component === 'mongo') {
        r.checks.push({
          name: 'mentions kept arriving while mongo was down',
          ok: publishedDuringOutage > 0,
          detail: `${publishedDuringOutage} published during the outage`,
        });
      }
      const rebuilds = component === 'mongo' ? await mongoRebuilds(p.services.get('aggregator')?.port) : '';
      r.notes.push(
        `${component} down: ${storedAtStop - from} of ${n} stored at the stop` +
          `${rebuilds && `, aggregator's MongoDB client rebuilt ${rebuilds} times by its watchdog`}` +
          `${component === 'mongo' ? `, ${publishedDuringOutage} published during the outage` : ''}; /readyz ` +
          Object.entries(statuses)
            .map(([name, s]) => `${name} ${[...s].join('/')}`)
            .join(', '),
      );
    }
    await finish(p, r, ctx, new Set(ids(p, 0, count)), mark);
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
  return withPipeline(ctx, 'secrets', { brandCount: 3, env, brandsYaml }, async (p, r, mark) => {
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
      // start() returns once the process is healthy and throws once it has exited (the expected outcome here),
      // whichever comes first; either way its log then holds the attempt.
      const outcome = await failing.start('aggregator').then(
        () => 'connected (the server accepted the credentials)',
        (err: unknown) => `did not start: ${(err as Error).message.split(';')[0]}`,
      );
      mark(`aggregator with a password in MONGO_URL ${outcome}`);
    } finally {
      await failing.stopAll().catch(() => undefined);
      await failing.close().catch(() => undefined);
    }
    const mongoLog = failing.logs('aggregator');
    await startTimed(p, 'aggregator', mark);
    await startTimed(p, 'notifier', mark);
    await startTimed(p, 'classifier', mark);
    await startTimed(p, 'poller', mark);
    r.mentionsIn = count;
    await publishMentions(p.client.producer, {
      topic: p.topics.raw,
      run: p.run,
      brands: p.brands,
      from: 0,
      count,
    });
    await finish(p, r, ctx, new Set(ids(p, 0, count)), mark);
    // The start-up polls use the tokens; they are under way (or done) once the poller's /healthz says so. Stopping
    // logs the ones still waiting for an answer (this machine may be offline), finished ones are logged already.
    const poller = p.services.get('poller');
    const polls = await waitFor(
      async () => {
        const health = (await (await fetch(`http://127.0.0.1:${poller?.port}/healthz`)).json()) as {
          components?: {
            name: string;
            details?: { running?: string[]; sources?: { lastAttemptAt?: string }[] };
          }[];
        };
        const details = (name: string) => health.components?.find((c) => c.name === name)?.details;
        const running = details('scheduler')?.running?.length ?? 0;
        const attempted = details('sources')?.sources?.filter((e) => e.lastAttemptAt).length ?? 0;
        return running + attempted > 0 && { running, attempted };
      },
      { timeoutMs: 30_000, intervalMs: 100, description: "the poller's start-up polls to be under way" },
    );
    mark(`poller: ${polls.running} polls running, ${polls.attempted} sources attempted; stopping`);
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
  return withPipeline(ctx, 'soak', { brandCount: 20 }, async (p, r, mark) => {
    await startCore(p, mark);
    const count = rate * seconds;
    r.mentionsIn = count;
    const rss = (name: PipelineService) => rssBytes(p.services.get(name)?.pid ?? -1) ?? NaN;
    const mb = (b: number) => `${Math.round(b / 1e6)} MB`;
    const startRss = { classifier: rss('classifier'), aggregator: rss('aggregator') };
    const lags: { t: number; classifier: number; aggregator: number; rss: Record<string, number> }[] = [];
    const t0 = Date.now();
    const interval = Math.max(5, Math.round(seconds / 20)) * 1000;
    const publishing = publishMentions(p.client.producer, {
      topic: p.topics.raw,
      run: p.run,
      brands: p.brands,
      from: 0,
      count,
      rate,
    });
    let done = false;
    void publishing.finally(() => (done = true)).catch(() => undefined);
    // Lag samples every `interval` while the load runs (a sampling pace), and one as soon as it ends.
    while (!done) {
      await Promise.race([sleep(interval), publishing.catch(() => undefined)]);
      lags.push({
        t: Math.round((Date.now() - t0) / 1000),
        classifier: await p.lag(p.groups.classifier, p.topics.raw),
        aggregator: await p.lag(p.groups.aggregator, p.topics.classified),
        rss: { classifier: rss('classifier'), aggregator: rss('aggregator') },
      });
    }
    const published = await publishing;
    const endRss = { classifier: rss('classifier'), aggregator: rss('aggregator') };
    ctx.say(`  published ${published.sent} at ${Math.round(published.rate)}/s`);
    ctx.say(
      `  lag over time (s: classifier/aggregator): ${lags.map((l) => `${l.t}:${l.classifier}/${l.aggregator}`).join(' ')}`,
    );
    // A process's heap grows to its working size in the first moments of load; "flat" compares the sample at a
    // fifth of the run with the end.
    const warm = lags[Math.floor(lags.length / 5)];
    for (const name of ['classifier', 'aggregator'] as const) {
      r.notes.push(
        `${name} RSS ${mb(startRss[name])} idle, ${mb(warm?.rss[name] ?? NaN)} at ${warm?.t ?? '?'} s, ${mb(endRss[name])} at the end`,
      );
      ctx.say(
        `  ${name} RSS over time (s: MB): ${lags.map((l) => `${l.t}:${Math.round((l.rss[name] ?? NaN) / 1e6)}`).join(' ')}`,
      );
    }
    // Flat lag: at the end of the load, less than 10 s of traffic is queued in front of either consumer.
    const last = lags[lags.length - 1];
    const maxQueued = rate * 10;
    r.checks.push({
      name: `consumer lag flat (<= ${maxQueued} at the end of the load)`,
      ok: !!last && last.classifier + last.aggregator <= maxQueued,
      detail: last ? `final lag classifier ${last.classifier}, aggregator ${last.aggregator}` : 'no samples',
    });
    await finish(p, r, ctx, new Set(ids(p, 0, count)), mark);
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
