import { INTENT_LABELS, SENTIMENT_LABELS } from '@crumbtrail/contracts';
import type { RollupInput } from './mention-doc';

/** Counts of one brand in one time bucket. Absolute values, recomputed from stored mentions (never incremented). */
export interface RollupCounts {
  total: number;
  sentiment: Record<string, number>;
  intent: Record<string, number>;
  /** Mentions whose complaint flag is set (a complaint can also be a question). */
  complaints: number;
  sources: Record<string, number>;
  langs: Record<string, number>;
  /** Sum of sentiment scores; average = scoreSum / total. */
  scoreSum: number;
}

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

export function sumCounts(parts: Iterable<RollupCounts>): RollupCounts {
  const c = emptyCounts();
  for (const p of parts) {
    c.total += p.total;
    c.complaints += p.complaints;
    c.scoreSum += p.scoreSum;
    for (const [k, v] of Object.entries(p.sentiment)) inc(c.sentiment, k, v);
    for (const [k, v] of Object.entries(p.intent)) inc(c.intent, k, v);
    for (const [k, v] of Object.entries(p.sources)) inc(c.sources, k, v);
    for (const [k, v] of Object.entries(p.langs)) inc(c.langs, k, v);
  }
  c.scoreSum = roundSum(c.scoreSum);
  return c;
}

function inc(record: Record<string, number>, key: string, by: number): void {
  record[key] = (record[key] ?? 0) + by;
}

/** Float sums depend on addition order; rounding makes a recomputation byte-identical whatever the order. */
function roundSum(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** What a rollup keeps of each mention (in the minute document's member map, keyed by eventId). */
export interface Member {
  /** Sentiment label. */
  s: string;
  /** Sentiment score. */
  sc: number;
  /** Primary intent. */
  i: string;
  /** Complaint flag, 1 or 0. */
  c: 0 | 1;
  src: string;
  l: string;
  /** Engagement, to rank evidence. */
  e: number;
}

export function toMember(m: RollupInput & { engagement: number }): Member {
  return {
    s: m.sentiment,
    sc: m.score,
    i: m.intent,
    c: m.complaint ? 1 : 0,
    src: m.source,
    l: m.lang,
    e: m.engagement,
  };
}

export function countMembers(members: Iterable<Member>): RollupCounts {
  const inputs: RollupInput[] = [];
  for (const m of members) {
    inputs.push({
      sentiment: m.s as RollupInput['sentiment'],
      score: m.sc,
      intent: m.i as RollupInput['intent'],
      complaint: m.c === 1,
      source: m.src as RollupInput['source'],
      lang: m.l,
    });
  }
  return countMentions(inputs);
}

/** Per-minute counts merged into an hour's: a minute's entry never goes down (a smaller count is stale). */
export function mergeMinutes(
  stored: Record<string, RollupCounts> | undefined,
  fresh: Record<string, RollupCounts>,
): Record<string, RollupCounts> {
  const merged: Record<string, RollupCounts> = { ...(stored ?? {}) };
  for (const [minute, counts] of Object.entries(fresh)) {
    const old = merged[minute];
    if (!old || counts.total >= old.total) merged[minute] = counts;
  }
  return merged;
}
