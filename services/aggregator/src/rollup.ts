import { INTENT_LABELS, SENTIMENT_LABELS } from '@crumbtrail/contracts';
import type { RollupCounts } from '@crumbtrail/storage';
import type { RollupInput } from './mention-doc';

// The stored shapes live in @crumbtrail/storage (the dashboard reads them too).
export type { MinuteSummary, RollupCounts } from '@crumbtrail/storage';

export function emptyCounts(): RollupCounts {
  return {
    total: 0,
    sentiment: Object.fromEntries(SENTIMENT_LABELS.map((l) => [l, 0])),
    intent: Object.fromEntries(INTENT_LABELS.map((l) => [l, 0])),
    complaints: 0,
    sources: {},
    langs: {},
    scoreSum: 0,
  };
}

/** A value safe as a MongoDB/FerretDB field name: no '.', no leading '$', not empty. */
export function fieldKey(value: string): string {
  const cleaned = value.replace(/[.$\s]/g, '_');
  return cleaned === '' ? '_' : cleaned;
}

export function countMentions(mentions: Iterable<RollupInput>): RollupCounts {
  const c = emptyCounts();
  for (const m of mentions) {
    c.total += 1;
    inc(c.sentiment, fieldKey(m.sentiment), 1);
    inc(c.intent, fieldKey(m.intent), 1);
    if (m.complaint) c.complaints += 1;
    inc(c.sources, fieldKey(m.source), 1);
    inc(c.langs, fieldKey(m.lang), 1);
    c.scoreSum += m.score;
  }
  c.scoreSum = roundSum(c.scoreSum);
  return c;
}

function inc(record: Record<string, number>, key: string, by: number): void {
  record[key] = (record[key] ?? 0) + by;
}

/** Scores have a few decimals; rounding keeps float noise out of the stored sums. */
function roundSum(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/**
 * Counts as `$inc` paths ("total", "sentiment.negative", …): adding them is how a rollup grows. Zero counts are
 * left out (FerretDB rewrites a document per update, at a cost per path); readers take a missing count as 0.
 */
export function incPaths(c: RollupCounts): Record<string, number> {
  const out: Record<string, number> = { total: c.total };
  if (c.complaints !== 0) out.complaints = c.complaints;
  if (c.scoreSum !== 0) out.scoreSum = c.scoreSum;
  for (const group of ['sentiment', 'intent', 'sources', 'langs'] as const) {
    for (const [k, v] of Object.entries(c[group])) if (v !== 0) out[`${group}.${k}`] = v;
  }
  return out;
}

/** A minute's summary as `$inc` paths under `minutes.<minute of hour>.`. */
export function minuteSummaryPaths(minuteOfHour: number, c: RollupCounts): Record<string, number> {
  const prefix = `minutes.${minuteOfHour}.`;
  const out: Record<string, number> = { [`${prefix}total`]: c.total };
  const negative = c.sentiment.negative ?? 0;
  if (negative !== 0) out[`${prefix}negative`] = negative;
  if (c.complaints !== 0) out[`${prefix}complaints`] = c.complaints;
  return out;
}

/** A negative mention kept as alert evidence: its eventId, sentiment score and engagement. */
export interface EvidenceCandidate {
  id: string;
  sc: number;
  e: number;
}

/** Evidence is kept per slot of this many minutes of an hour (and per partition). */
export const EVIDENCE_SLOT_MINUTES = 5;

/**
 * Evidence candidates a slot keeps per partition. An alert uses the best 50 of its window (30 minutes by default,
 * six slots or more), so ten per slot and partition is plenty even on one partition; every extra candidate makes
 * each hour-document update dearer.
 */
export const EVIDENCE_PER_SLOT = 10;

/** Where a slot's list from one partition lives in an hour document: `top.<slot start minute>.<partition>`. */
export function evidenceKey(slotStartMinute: number, partition: string): string {
  return `${slotStartMinute}.${partition}`;
}

/** Most negative first, then most engaged, then by id (a total order: a merge gives the same list in any order). */
export function compareEvidence(a: EvidenceCandidate, b: EvidenceCandidate): number {
  return a.sc - b.sc || b.e - a.e || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The best `limit` candidates of both lists, each id once. */
export function mergeEvidence(
  stored: readonly EvidenceCandidate[] | undefined,
  fresh: readonly EvidenceCandidate[],
  limit = EVIDENCE_PER_SLOT,
): EvidenceCandidate[] {
  const byId = new Map<string, EvidenceCandidate>();
  for (const c of [...(stored ?? []), ...fresh]) byId.set(c.id, c);
  return [...byId.values()].sort(compareEvidence).slice(0, limit);
}
