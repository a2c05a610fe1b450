// `npm run test:reliability`: the pipeline's reliability scenarios, each with classifier and aggregator (and, for
// secrets, poller and notifier; for hostile, the notifier) as real processes started with docker-compose.yml's
// environment.
//
// The suite starts its own local stack (CRUMBTRAIL_DATA_DIR=<data dir>/reliability-stack, free ports, data reset at the
// start) so that stopping Kafka or FerretDB for the outage scenario never disturbs other work on the machine's shared
// stack; it is stopped again at the end (RELIABILITY_KEEP_STACK=true keeps it running, until the next run resets
// it). RELIABILITY_SHARED_STACK=true uses the shared stack instead (then the outage scenario is skipped).
//
// Sizes (defaults are the issue's; RELIABILITY_PROFILE=ci picks the small CI configuration, about 5 minutes):
//   RELIABILITY_SCENARIOS          comma list, default bad-input,crash-safety,outages,secrets,hostile,scale-out,soak
//   RELIABILITY_CRASH_COUNT        mentions in the crash scenario (50000; ci 2000)
//   RELIABILITY_CRASH_KILLS        kill -9 events, the classifier and the aggregator in turn (6; ci 3)
//   RELIABILITY_CRASH_RATE         mentions/s published in the crash scenario, 0 = unpaced (0; ci 100)
//   RELIABILITY_SEED               seeds the kill points (7)
//   RELIABILITY_OUTAGE_COUNT       mentions in the outage scenario (20000; ci 2000)
//   RELIABILITY_OUTAGE_SECONDS     from stopping Kafka, then FerretDB, to starting it again (30; ci 10)
//   RELIABILITY_OUTAGE_SEED        seeds where in the flow each server is stopped (random; printed, to replay)
//   RELIABILITY_BAD_GOOD_COUNT     good mentions around the bad ones (200)
//   RELIABILITY_SECRETS_COUNT      mentions in the secrets scenario (50)
//   RELIABILITY_HOSTILE_BASELINE   calm mentions before the hostile scenario's negative surge (120)
//   RELIABILITY_SOAK_RATE          mentions/s in the soak (2000; ci 20)
//   RELIABILITY_SOAK_SECONDS       soak duration (900; ci 30)
//   RELIABILITY_DRAIN_TIMEOUT_S    longest wait for a scenario's mentions to be stored (1800; ci 600)
//   RELIABILITY_STALL_TIMEOUT_S    stop waiting once the stored count has not moved for this long (300; ci 60)
//   RELIABILITY_SCALE_BRANDS       brands in the scale-out scenario, the first half surging (10; ci 4)
//   RELIABILITY_SCALE_BASELINE     calm mentions per brand before its surge (150; ci 60)
//   RELIABILITY_SCALE_SURGE        surge mentions per surging brand (400; ci 80)
//   RELIABILITY_LEASE_TTL_S        LEASE_TTL_SECONDS of the scale-out scenario's pollers and aggregators (6)
//   RELIABILITY_SESSION_TIMEOUT_MS KAFKA_SESSION_TIMEOUT_MS for the consuming services (6000; 0 = their default,
//                                  30 s): how long the group waits for a member killed with kill -9
// Prints a timeline per scenario ([seconds since its start] what happened), then the table: scenario | mentions in
// | stored | duplicates | DLQ | lost | checks | time, then every failed check; exits 1 when any mention is lost or
// duplicated or any check failed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackEnv } from '../../deploy/pipeline/stack-env';
import { readStackEnv, stackDataDir } from '../../deploy/pipeline/stack-env';
import { repoRoot } from '../load/pipeline';
import { hostile } from './hostile';
import { scaleOut } from './scale-out';
import { acquireRunLock } from './run-lock';
import {
  badInput,
  crashSafety,
  outages,
  secrets,
  soak,
  stackCommandFor,
  type ScenarioContext,
  type ScenarioResult,
} from './scenarios';

const ci = process.env.RELIABILITY_PROFILE === 'ci';
const num = (name: string, full: number, small: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? (ci ? small : full) : Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
};
const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => Math.round((Date.now() - since) / 1000);

function readEnvFile(file: string): StackEnv {
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^(?:export\s+)?([A-Z_]+)=['"]?(.*?)['"]?$/.exec(line.trim());
    if (match) values[match[1]!] = match[2]!;
  }
  if (!values.KAFKA_BROKERS || !values.MONGO_URL)
    throw new Error(`${file} names no KAFKA_BROKERS / MONGO_URL`);
  return values as unknown as StackEnv;
}

function table(results: ScenarioResult[]): string {
  const head = ['scenario', 'mentions in', 'stored', 'duplicates', 'DLQ', 'lost', 'checks', 'time'];
  const rows = results.map((r) => [
    r.scenario,
    String(r.mentionsIn),
    String(r.stored),
    String(r.duplicates),
    String(r.dlq),
    String(r.lost),
    `${r.checks.filter((c) => c.ok).length}/${r.checks.length} ok`,
    `${Math.round(r.seconds)} s`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const shared = process.env.RELIABILITY_SHARED_STACK === 'true';
  const dataDir = shared ? undefined : join(stackDataDir(repoRoot), 'reliability-stack');
  const stackCommand = stackCommandFor(dataDir);
  const releaseLock = dataDir ? acquireRunLock(`${dataDir}.lock`) : () => undefined;
  process.on('exit', releaseLock);
  say(
    shared
      ? 'reliability: using the shared local stack'
      : `reliability: starting a private stack in ${dataDir} (fresh data)`,
  );
  // Fresh data every run: topics and databases of earlier runs would only slow Kafka's start and recovery.
  if (!shared) stackCommand('reset');
  stackCommand('up');
  const stack = shared ? readStackEnv(repoRoot) : readEnvFile(join(dataDir!, 'stack.env'));
  const sessionTimeoutMs = num('RELIABILITY_SESSION_TIMEOUT_MS', 6000, 6000);
  say(
    `reliability: stack up in ${seconds(t0)} s; Kafka ${stack.KAFKA_BROKERS}, MongoDB-wire ${stack.MONGO_URL}` +
      `${ci ? ' (ci profile)' : ''}; consumer session timeout ${sessionTimeoutMs || 'default'} ms`,
  );
  const ctx: ScenarioContext = {
    stack,
    stackCommand,
    say,
    drainTimeoutMs: num('RELIABILITY_DRAIN_TIMEOUT_S', 1800, 600) * 1000,
    stallTimeoutMs: num('RELIABILITY_STALL_TIMEOUT_S', 300, 60) * 1000,
    ...(sessionTimeoutMs > 0 && { sessionTimeoutMs }),
  };
  const wanted = (
    process.env.RELIABILITY_SCENARIOS ?? 'bad-input,crash-safety,outages,secrets,hostile,scale-out,soak'
  )
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const scenarios: Record<string, () => Promise<ScenarioResult>> = {
    'bad-input': () => badInput(ctx, num('RELIABILITY_BAD_GOOD_COUNT', 200, 200)),
    'crash-safety': () =>
      crashSafety(ctx, {
        count: num('RELIABILITY_CRASH_COUNT', 50_000, 2000),
        kills: num('RELIABILITY_CRASH_KILLS', 6, 3),
        rate: num('RELIABILITY_CRASH_RATE', 0, 100),
        seed: num('RELIABILITY_SEED', 7, 7),
      }),
    outages: () =>
      outages(
        ctx,
        num('RELIABILITY_OUTAGE_COUNT', 20_000, 2000),
        num('RELIABILITY_OUTAGE_SECONDS', 30, 10),
        process.env.RELIABILITY_OUTAGE_SEED ? num('RELIABILITY_OUTAGE_SEED', 0, 0) : undefined,
      ),
    secrets: () => secrets(ctx, num('RELIABILITY_SECRETS_COUNT', 50, 50)),
    hostile: () => hostile(ctx, num('RELIABILITY_HOSTILE_BASELINE', 120, 120)),
    soak: () => soak(ctx, num('RELIABILITY_SOAK_RATE', 2000, 20), num('RELIABILITY_SOAK_SECONDS', 900, 30)),
    'scale-out': () => {
      const brands = num('RELIABILITY_SCALE_BRANDS', 10, 4);
      return scaleOut(ctx, {
        brands,
        surgeBrands: Math.max(1, Math.floor(brands / 2)),
        baseline: num('RELIABILITY_SCALE_BASELINE', 150, 60),
        surge: num('RELIABILITY_SCALE_SURGE', 400, 80),
        leaseTtlSeconds: num('RELIABILITY_LEASE_TTL_S', 6, 6),
      });
    },
  };
  const results: ScenarioResult[] = [];
  try {
    for (const name of wanted) {
      const run = scenarios[name];
      if (!run) throw new Error(`unknown scenario "${name}"; known: ${Object.keys(scenarios).join(', ')}`);
      if (name === 'outages' && shared) {
        say('\n[outages] skipped: it stops Kafka and FerretDB, which the shared stack must not suffer');
        continue;
      }
      const result = await run();
      results.push(result);
      for (const c of result.checks)
        say(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail && !c.ok ? `: ${c.detail}` : ''}`);
      for (const n of result.notes) say(`  note: ${n}`);
    }
  } finally {
    if (!shared && process.env.RELIABILITY_KEEP_STACK !== 'true') {
      const t = Date.now();
      stackCommand('down');
      say(`\nreliability: stack stopped in ${seconds(t)} s`);
    }
  }
  say(`\n${table(results)}`);
  const failed = results.flatMap((r) =>
    r.checks.filter((c) => !c.ok).map((c) => `${r.scenario}: ${c.name}${c.detail ? ` (${c.detail})` : ''}`),
  );
  const lossy = results.filter((r) => r.lost !== 0 || r.duplicates !== 0);
  for (const f of failed) say(`FAILED ${f}`);
  say(
    `reliability: ${results.length} scenarios in ${seconds(t0)} s; ${lossy.length} lost/duplicated, ${failed.length} failed checks`,
  );
  process.exitCode = failed.length > 0 || lossy.length > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(
    `test:reliability failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  );
  process.exitCode = 1;
});
