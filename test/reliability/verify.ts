// What a reliability scenario checks at the end: every expected mention stored once, nothing else stored, and the
// rollups (each hour's counts and its minute summaries) equal a recount from the stored mentions.
import type { Pipeline } from '../load/pipeline';

export interface Verification {
  stored: number;
  lost: number;
  /** Mentions counted more than once by the rollups, plus stored documents nobody sent. */
  duplicates: number;
  unexpected: number;
  rollupBucketsChecked: number;
  rollupMismatches: string[];
}

interface StoredRow {
  _id: string;
  brand: string;
  minute: Date;
  sentiment: string;
  complaint: boolean;
}

interface Counts {
  total: number;
  negative: number;
  neutral: number;
  positive: number;
  complaints: number;
}

interface HourRow {
  _id: string;
  total: number;
  sentiment?: Record<string, number>;
  complaints?: number;
  minutes?: Record<string, { total: number; negative?: number; complaints?: number }>;
}

const HOUR_MS = 3_600_000;
const empty = (): Counts => ({ total: 0, negative: 0, neutral: 0, positive: 0, complaints: 0 });

function add(recount: Map<string, Counts>, key: string, r: StoredRow): void {
  const c = recount.get(key) ?? empty();
  c.total += 1;
  if (r.sentiment === 'negative' || r.sentiment === 'neutral' || r.sentiment === 'positive')
    c[r.sentiment] += 1;
  if (r.complaint) c.complaints += 1;
  recount.set(key, c);
}

export async function verifyStored(p: Pipeline, expected: Set<string>): Promise<Verification> {
  const rows = await p.db
    .collection<StoredRow>('mentions')
    .find({}, { projection: { _id: 1, brand: 1, minute: 1, sentiment: 1, complaint: 1 } })
    .toArray();
  const seen = new Set<string>();
  let unexpected = 0;
  const hourRecount = new Map<string, Counts>();
  const minuteRecount = new Map<string, Counts>();
  for (const r of rows) {
    seen.add(r._id);
    if (!expected.has(r._id)) unexpected += 1;
    const minute = new Date(r.minute).getTime();
    const hour = Math.floor(minute / HOUR_MS) * HOUR_MS;
    add(hourRecount, `${r.brand}|${new Date(hour).toISOString()}`, r);
    add(minuteRecount, `${r.brand}|${new Date(hour).toISOString()}|${(minute - hour) / 60_000}`, r);
  }
  let lost = 0;
  for (const id of expected) if (!seen.has(id)) lost += 1;

  const hours = await p.db
    .collection<HourRow>('rollups_hour')
    .find({}, { projection: { _id: 1, total: 1, sentiment: 1, complaints: 1, minutes: 1 } })
    .toArray();
  const mismatches: string[] = [];
  let rollupTotal = 0;
  const stored = new Map<string, Counts>();
  for (const h of hours) {
    rollupTotal += h.total;
    const s = h.sentiment ?? {};
    stored.set(h._id, {
      total: h.total,
      negative: s.negative ?? 0,
      neutral: s.neutral ?? 0,
      positive: s.positive ?? 0,
      complaints: h.complaints ?? 0,
    });
    for (const [minute, m] of Object.entries(h.minutes ?? {})) {
      // Minute summaries carry no neutral / positive split: compare what they hold.
      stored.set(`${h._id}|${minute}`, {
        ...empty(),
        total: m.total,
        negative: m.negative ?? 0,
        complaints: m.complaints ?? 0,
      });
    }
  }
  const compare = (recount: Map<string, Counts>, summary: boolean) => {
    for (const [key, c] of recount) {
      const r = stored.get(key);
      const expectedCounts = summary ? { ...c, neutral: 0, positive: 0 } : c;
      if (!r) mismatches.push(`${key}: no rollup (recount ${c.total})`);
      else if (JSON.stringify(r) !== JSON.stringify(expectedCounts))
        mismatches.push(`${key}: rollup ${JSON.stringify(r)}, recount ${JSON.stringify(expectedCounts)}`);
    }
  };
  compare(hourRecount, false);
  compare(minuteRecount, true);
  for (const [key, r] of stored) {
    if (!hourRecount.has(key) && !minuteRecount.has(key) && r.total > 0)
      mismatches.push(`${key}: rollup ${r.total}, no stored mentions`);
  }
  return {
    stored: rows.length,
    lost,
    duplicates: Math.max(0, rollupTotal - rows.length) + unexpected,
    unexpected,
    rollupBucketsChecked: hourRecount.size + minuteRecount.size,
    rollupMismatches: mismatches,
  };
}

/**
 * Waits until `count` mentions are stored and both consumer groups have committed everything; false after
 * `timeoutMs`, or once neither the lags nor the stored count have moved for `stallMs` (the scenario then reports
 * what was lost). The stored count is only taken once both lags are 0: counting scans the collection on FerretDB,
 * and polling it during a long drain would slow the aggregator it waits for.
 */
export async function waitDrained(
  p: Pipeline,
  count: number,
  timeoutMs: number,
  stallMs = 300_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let lastChange = Date.now();
  while (Date.now() < deadline) {
    let counted = false;
    try {
      const lags = await Promise.all([
        p.lag(p.groups.classifier, p.topics.raw),
        p.lag(p.groups.aggregator, p.topics.classified),
      ]);
      const stored = lags.every((l) => l === 0) ? await p.stored() : -1;
      counted = stored >= 0;
      if (stored >= count) return true;
      const progress = `${lags.join('/')} ${stored}`;
      if (progress !== last) {
        last = progress;
        lastChange = Date.now();
      }
      if (Date.now() - lastChange > stallMs) return false;
    } catch {
      // the stack may be restarting
    }
    await new Promise((resolve) => setTimeout(resolve, counted ? 2_000 : 250)); // poll interval
  }
  return false;
}
