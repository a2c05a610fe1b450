// The scale-out scenario: 2 pollers (replay source), 3 classifiers, 2 aggregators and 2 notifiers as real processes
// on one pipeline. A calm baseline, then a negativity surge for several brands, appended to the replay files while
// the pollers poll them; mid-surge, kill -9 of the detection owner and then of the polling leader; then a rolling
// restart of every process. Checks: every mention stored once and the rollups equal a recount (finish()), exactly
// one alert per surge brand and none for the calm ones, exactly one email per alert state, no replay file read by
// two replicas at once (the replay source logs who read), never two detection owners or two poll leaders at once;
// the takeover times are printed.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { eventId } from '@crumbtrail/contracts';
import { stringify } from 'yaml';
import { startService, type RunningService } from '../../deploy/pipeline/supervisor';
import type { LoadBrand } from '../load/generate';
import { repoRoot, sleep, type PipelineService } from '../load/pipeline';
import { listMail, waitFor } from '../support';
import { finish, withPipeline, type ScenarioContext, type ScenarioResult } from './scenarios';

export interface ScaleOutOptions {
  /** Brands in all; the first `surgeBrands` get the surge. */
  brands: number;
  surgeBrands: number;
  /** Calm mentions per brand in the 6 h before the window. */
  baseline: number;
  /** Surge mentions per surge brand in the last 26 minutes. */
  surge: number;
  leaseTtlSeconds: number;
}

const REPLICAS: [PipelineService, number][] = [
  ['aggregator', 2],
  ['notifier', 2],
  ['classifier', 3],
  ['poller', 2],
];
const CALM = [
  '{b} just made my day, the new update is fantastic.',
  'Reading the {b} announcement from this morning.',
  'Comparing {b} with two alternatives for a project at work.',
  'Been using {b} for a year now and it keeps getting better.',
];
const NEGATIVE = [
  '{b} is down again, terrible service, I want a refund.',
  '{b} logged me out again and support never answers. Awful.',
  'Worst week with {b}: broken sync, lost files, horrible support.',
];
const SURGE_CHUNKS = 12;
const CHUNK_PACE_MS = 1500;

interface Replica {
  id: string;
  name: PipelineService;
  service: RunningService;
}

interface Read {
  reader: string;
  brand: string;
  from: number;
  to: number;
  startedAt: number;
  endedAt: number;
}

async function json(port: number, path: string): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) });
  return res.json();
}

/** `owner` / `leader` / `standby`, or `down` when it does not answer. */
async function roleOf(r: Replica): Promise<string> {
  try {
    if (r.name === 'poller') {
      const body = (await json(r.service.port, '/readyz')) as { details?: { role?: string } };
      return body.details?.role ?? 'unknown';
    }
    const body = (await json(r.service.port, '/healthz')) as {
      components?: { name: string; details?: { role?: string } }[];
    };
    return body.components?.find((c) => c.name === 'detection')?.details?.role ?? 'unknown';
  } catch {
    return 'down';
  }
}

export async function scaleOut(ctx: ScenarioContext, o: ScaleOutOptions): Promise<ScenarioResult> {
  const tag = randomBytes(4).toString('hex');
  const recipient = (b: LoadBrand) => `${b.id}-${tag}@scale.example`;
  const brandsYaml = (brands: LoadBrand[]) =>
    stringify({
      brands: brands.map((b) => ({
        id: b.id,
        name: b.name,
        query: `"${b.name}"`,
        alerts: { sensitivity: 'normal' },
        notify: { recipients: [recipient(b)] },
        sources: { replay: { schedule: '*/2 * * * * *', file: `${b.id}.jsonl` } },
      })),
    });
  const lease = { LEASE_TTL_SECONDS: String(o.leaseTtlSeconds) };
  const env = {
    aggregator: { ...lease, DETECT_INTERVAL_SECONDS: '5', DETECT_THROTTLE_SECONDS: '2' },
    poller: { ...lease },
  };
  return withPipeline(ctx, 'scale-out', { brandCount: o.brands, brandsYaml, env }, async (p, r, mark) => {
    const mailUiUrl = p.stack.MAIL_UI_URL;
    if (!mailUiUrl) throw new Error('the stack has no mail catcher (MAIL_UI_URL): cannot count alert emails');
    const readersLog = join(p.logDir, 'replay-readers.jsonl');
    writeFileSync(readersLog, '');
    const fileOf = (b: LoadBrand) => join(p.logDir, `${b.id}.jsonl`);
    for (const b of p.brands) writeFileSync(fileOf(b), '');
    const surgeBrands = p.brands.slice(0, o.surgeBrands);
    const calmBrands = p.brands.slice(o.surgeBrands);

    // Replicas: each its own log folder; the pollers log their replay reads.
    const replicas: Replica[] = [];
    let sampling = true;
    const startReplica = async (name: PipelineService, id: string): Promise<Replica> => {
      const extra: Record<string, string> = name === 'poller' ? { REPLAY_READERS_LOG: readersLog } : {};
      const service = await startService({
        repoRoot,
        name,
        env: { ...p.envFor(name), ...extra },
        logDir: join(p.logDir, id),
        readyTimeoutMs: 120_000,
      });
      return { id, name, service };
    };
    try {
      const t = Date.now();
      for (const [name, count] of REPLICAS) {
        for (let i = 1; i <= count; i += 1) replicas.push(await startReplica(name, `${name}-${i}`));
      }
      mark(`${replicas.length} processes started in ${((Date.now() - t) / 1000).toFixed(1)} s`);

      // Never two detection owners or two poll leaders: every replica's role sampled all along.
      const overlaps: string[] = [];
      let samples = 0;
      const sampler = (async () => {
        while (sampling) {
          const roles = await Promise.all(replicas.map(async (x) => [x, await roleOf(x)] as const));
          samples += 1;
          const owners = roles.filter(([x, role]) => x.name === 'aggregator' && role === 'owner');
          const leaders = roles.filter(([x, role]) => x.name === 'poller' && role === 'leader');
          if (owners.length > 1 || leaders.length > 1)
            overlaps.push(roles.map(([x, role]) => `${x.id}=${role}`).join(' '));
          await sleep(200); // sampling pace
        }
      })();

      const expected = new Set<string>();
      let n = 0;
      const now = Date.now();
      const lineFor = (b: LoadBrand, text: string, publishedAt: number): string => {
        const id = `${p.run}-${n++}`;
        expected.add(eventId('replay', id));
        return `${JSON.stringify({ id, text: text.replace(/\{b\}/g, b.name), author: `user${n % 97}`, publishedAt: new Date(publishedAt).toISOString() })}\n`;
      };

      // 1. A calm past for every brand, 40 min to 5.5 h ago; one in eight mildly negative.
      for (const b of p.brands) {
        let lines = '';
        for (let i = 0; i < o.baseline; i += 1) {
          const texts = i % 8 === 3 ? NEGATIVE : CALM;
          lines += lineFor(b, texts[i % texts.length]!, now - (40 + (i * 290) / o.baseline) * 60_000);
        }
        appendFileSync(fileOf(b), lines);
      }
      r.mentionsIn = expected.size;
      await waitFor(async () => (await p.stored()) >= expected.size, {
        timeoutMs: ctx.drainTimeoutMs,
        intervalMs: 500,
        description: 'the calm baseline polled and stored',
      });
      mark(`baseline stored: ${expected.size} mentions of ${p.brands.length} brands`);

      // 2. The surge, appended in chunks while the pollers poll; kill -9 of the detection owner, then of the
      // polling leader, in the middle of it. Each takeover is timed from the kill to the survivor's new role.
      const takeovers: string[] = [];
      const killRole = async (name: PipelineService, role: string): Promise<{ done: Promise<void> }> => {
        const group = replicas.filter((x) => x.name === name);
        const roles = await Promise.all(group.map(roleOf));
        const victim = group[roles.indexOf(role)];
        if (!victim) throw new Error(`no ${name} reports ${role}: ${roles.join(', ')}`);
        const killedAt = Date.now();
        await victim.service.kill();
        mark(`kill -9 ${victim.id} (pid ${victim.service.pid}), the ${role}`);

        const restart = startReplica(name, victim.id).then((back) => {
          replicas[replicas.indexOf(victim)] = back;
          mark(`${victim.id} restarted (pid ${back.service.pid})`);
        });
        const done = (async () => {
          const next = await waitFor(
            async () => {
              // Any live replica may take over: a survivor, or the killed one's restarted process.
              for (const x of replicas.filter((y) => y.name === name && y !== victim))
                if ((await roleOf(x)) === role) return x;
              return false;
            },
            { timeoutMs: 120_000, intervalMs: 100, description: `another ${name} process to become ${role}` },
          );
          const s = (Date.now() - killedAt) / 1000;
          takeovers.push(`${name} ${role} after kill -9: ${s.toFixed(1)} s (${next.id})`);
          mark(`${next.id} is ${role} ${s.toFixed(1)} s after the kill`);
          await restart;
        })();
        return { done };
      };
      const pending: Promise<void>[] = [];
      for (let chunk = 0; chunk < SURGE_CHUNKS; chunk += 1) {
        for (const b of surgeBrands) {
          let lines = '';
          const per = Math.ceil(o.surge / SURGE_CHUNKS);
          for (let i = chunk * per; i < Math.min(o.surge, (chunk + 1) * per); i += 1) {
            const negative = i % 4 !== 0;
            const texts = negative ? NEGATIVE : CALM;
            lines += lineFor(b, texts[i % texts.length]!, now - (1 + (i % 26)) * 60_000 - (i % 50) * 1000);
          }
          appendFileSync(fileOf(b), lines);
        }
        // The calm brands go on at their usual pace: a mention now and then.
        for (const b of calmBrands)
          appendFileSync(fileOf(b), lineFor(b, CALM[chunk % CALM.length]!, now - chunk * 1000));
        if (chunk === 3) pending.push((await killRole('aggregator', 'owner')).done);
        if (chunk === 7) pending.push((await killRole('poller', 'leader')).done);
        await sleep(CHUNK_PACE_MS); // the surge's pace: the pollers read it over several polls
      }
      r.mentionsIn = expected.size;
      mark(`surge appended: ${expected.size} mentions in all`);
      await Promise.all(pending);

      // 3. Rolling restart of every process, one at a time: SIGTERM, start again, healthy, next.
      const tr = Date.now();
      for (const [i, x] of [...replicas].entries()) {
        const before = x.name === 'aggregator' || x.name === 'poller' ? await roleOf(x) : '';
        const stoppedAt = Date.now();
        await x.service.stop();
        if (before === 'owner' || before === 'leader') {
          // The stopped one released its lease: another replica takes it at its next tick.
          const others = replicas.filter((y) => y.name === x.name && y !== x);
          await waitFor(async () => (await Promise.all(others.map(roleOf))).includes(before), {
            timeoutMs: 60_000,
            intervalMs: 100,
            description: `another ${x.name} to be ${before}`,
          });
          takeovers.push(
            `${x.name} ${before} after SIGTERM (lease released): taken over ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s after the stop began`,
          );
        }
        replicas[i] = await startReplica(x.name, x.id);
      }
      mark(`rolling restart of ${replicas.length} processes in ${((Date.now() - tr) / 1000).toFixed(1)} s`);

      // 4. Everything stored once, rollups equal a recount.
      await finish(p, r, ctx, expected, mark);

      // 5. One alert per surge brand, none for the calm ones; one email per alert state; nothing left to send.
      const alerts = p.db.collection<{ _id: string; brand: string; state: string }>('alerts');
      await waitFor(
        async () => {
          const stored = await alerts.find({}).toArray();
          const mails = await listMail({ mailUiUrl });
          return surgeBrands.every(
            (b) => stored.some((a) => a.brand === b.id) && mails.some((m) => m.to.includes(recipient(b))),
          );
        },
        { timeoutMs: 300_000, intervalMs: 1000, description: 'an alert and its email for every surge brand' },
      );
      await waitFor(async () => (await p.lag(p.groups.notifier, p.topics.alerts)) === 0, {
        timeoutMs: 120_000,
        intervalMs: 500,
        description: 'the notifiers to consume every alert event',
      });
      sampling = false;
      await sampler;
      const stored = await alerts.find({}).toArray();
      const mails = (await listMail({ mailUiUrl })).filter((m) =>
        m.to.some((to) => to.endsWith(`${tag}@scale.example`)),
      );
      for (const b of surgeBrands) {
        const mine = stored.filter((a) => a.brand === b.id);
        r.checks.push({
          name: `${b.id}: exactly one alert for its surge`,
          ok: mine.length === 1,
          detail: mine.map((a) => `${a._id} ${a.state}`).join(', '),
        });
        const states = mine.reduce((sum, a) => sum + (a.state === 'resolved' ? 2 : 1), 0);
        const got = mails.filter((m) => m.to.includes(recipient(b)));
        r.checks.push({
          name: `${b.id}: exactly one email per alert state (${states})`,
          ok: got.length === states,
          detail: got.map((m) => m.subject).join(' | '),
        });
      }
      const calmAlerts = stored.filter((a) => calmBrands.some((b) => b.id === a.brand));
      r.checks.push({
        name: 'no alert for the calm brands',
        ok: calmAlerts.length === 0,
        detail: calmAlerts.map((a) => a.brand).join(', '),
      });

      // 6. Each brand's replay file was never read by two replicas at once; more than one replica did read.
      const reads = readFileSync(readersLog, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Read);
      const clashes: string[] = [];
      for (const b of p.brands) {
        const mine = reads.filter((x) => x.brand === b.id).sort((a, c) => a.startedAt - c.startedAt);
        for (let i = 1; i < mine.length; i += 1) {
          const [prev, cur] = [mine[i - 1]!, mine[i]!];
          if (prev.reader !== cur.reader && cur.startedAt < prev.endedAt)
            clashes.push(`${b.id}: ${prev.reader} and ${cur.reader}`);
        }
      }
      const readers = new Set(reads.map((x) => x.reader));
      r.checks.push({
        name: `no source polled by two replicas at once (${reads.length} reads by ${readers.size} poller processes)`,
        ok: clashes.length === 0 && readers.size >= 2,
        detail: clashes.slice(0, 3).join('; '),
      });
      r.checks.push({
        name: `never two detection owners nor two poll leaders (${samples} samples of every replica's role)`,
        ok: overlaps.length === 0 && samples > 0,
        detail: overlaps.slice(0, 2).join(' / '),
      });
      r.checks.push({
        name: 'the detection owner and the polling leader were taken over after kill -9',
        ok: takeovers.filter((x) => x.includes('kill -9')).length === 2,
        detail: takeovers.join('; '),
      });
      for (const x of takeovers) r.notes.push(x);
      r.notes.push(
        `lease TTL ${o.leaseTtlSeconds} s (renewed every ${(o.leaseTtlSeconds / 3).toFixed(1)} s)`,
      );
    } finally {
      sampling = false;
      await Promise.all(replicas.map((x) => x.service.stop().catch(() => undefined)));
    }
  });
}
