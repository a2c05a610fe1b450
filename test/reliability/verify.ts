// What a reliability scenario checks at the end: every expected mention stored once, nothing else stored, and the
// minute rollups equal a recount from the stored mentions.
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

interface RollupRow {
  _id: string;
  total: number;
  sentiment?: Record<string, number>;
  complaints?: number;
}

export async function verifyStored(p: Pipeline, expected: Set<string>): Promise<Verification> {
  const rows = await p.db
    .collection<StoredRow>('mentions')
    .find({}, { projection: { _id: 1, brand: 1, minute: 1, sentiment: 1, complaint: 1 } })
    .toArray();
  const seen = new Set<string>();
  let unexpected = 0;
  const recount = new Map<
    string,
    { total: number; negative: number; neutral: number; positive: number; complaints: number }
  >();
  for (const r of rows) {
    seen.add(r._id);
    if (!expected.has(r._id)) unexpected += 1;
    const key = `${r.brand}|${new Date(r.minute).toISOString()}`;
    const c = recount.get(key) ?? { total: 0, negative: 0, neutral: 0, positive: 0, complaints: 0 };
    c.total += 1;
    if (r.sentiment === 'negative' || r.sentiment === 'neutral' || r.sentiment === 'positive')
      c[r.sentiment] += 1;
    if (r.complaint) c.complaints += 1;
    recount.set(key, c);
  }
  let lost = 0;
  for (const id of expected) if (!seen.has(id)) lost += 1;

  const rollups = await p.db
    .collection<RollupRow>('rollups_minute')
    .find({}, { projection: { _id: 1, total: 1, sentiment: 1, complaints: 1 } })
    .toArray();
  const mismatches: string[] = [];
  let rollupTotal = 0;
  const byId = new Map(rollups.map((r) => [r._id, r]));
  for (const [key, c] of recount) {
    const r = byId.get(key);
    if (!r) {
      mismatches.push(`${key}: no rollup (recount ${c.total})`);
      continue;
    }
    const s = r.sentiment ?? {};
    const same =
      r.total === c.total &&
      (s.negative ?? 0) === c.negative &&
      (s.neutral ?? 0) === c.neutral &&
      (s.positive ?? 0) === c.positive &&
      (r.complaints ?? 0) === c.complaints;
    if (!same) mismatches.push(`${key}: rollup total ${r.total}, recount ${c.total}`);
  }
  for (const r of rollups) {
    rollupTotal += r.total;
    if (!recount.has(r._id) && r.total > 0)
      mismatches.push(`${r._id}: rollup ${r.total}, no stored mentions`);
  }
  return {
    stored: rows.length,
    lost,
    duplicates: Math.max(0, rollupTotal - rows.length) + unexpected,
    unexpected,
    rollupBucketsChecked: recount.size,
    rollupMismatches: mismatches,
  };
}

/**
 * Waits until `count` mentions are stored and both consumer groups have committed everything; false after
 * `timeoutMs`, or once the stored count has not moved for `stallMs` (the scenario then reports what was lost).
 */
export async function waitDrained(
  p: Pipeline,
  count: number,
  timeoutMs: number,
  stallMs = 300_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let lastChange = Date.now();
  while (Date.now() < deadline) {
    try {
      const stored = await p.stored();
      if (stored !== last) {
        last = stored;
        lastChange = Date.now();
      }
      if (stored >= count) {
        const lags = await Promise.all([
          p.lag(p.groups.classifier, p.topics.raw),
          p.lag(p.groups.aggregator, p.topics.classified),
        ]);
        if (lags.every((l) => l === 0)) return true;
      }
      if (Date.now() - lastChange > stallMs) return false;
    } catch {
      // the stack may be restarting
    }
    await new Promise((resolve) => setTimeout(resolve, 250)); // poll interval
  }
  return false;
}
