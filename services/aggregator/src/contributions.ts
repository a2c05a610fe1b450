import { hourOf, MINUTE_MS, type MentionDoc } from './mention-doc';
import type { Watermarks as StoredWatermarks } from '@crumbtrail/storage';
import {
  countMentions,
  EVIDENCE_SLOT_MINUTES,
  evidenceKey,
  incPaths,
  mergeEvidence,
  minuteSummaryPaths,
  type EvidenceCandidate,
} from './rollup';

/**
 * Per rollup document, the highest classified-topic offset per partition whose mentions it already counts
 * (`"<partition>" -> offset`). Only the consumer of a partition advances that partition's entry, and it processes
 * the partition's messages in offset order, so "offset > watermark" is exactly "not counted here yet".
 */
export type Watermarks = StoredWatermarks;

/**
 * Evidence lists of an hour document by `"<slot>.<partition>"` (see `evidenceKey`): the most negative mentions of
 * one five-minute slot read from one partition.
 */
export type Evidence = Record<string, EvidenceCandidate[]>;

/** The mentions of one batch that fall into one (brand, hour) rollup document. */
export interface BucketMentions {
  brand: string;
  hour: Date;
  mentions: MentionDoc[];
}

/** What one rollup document must add: increments, its new watermarks and the merged evidence. */
export interface RollupUpdate {
  inc: Record<string, number>;
  watermarks: Watermarks;
  /** Only the lists that changed. */
  evidence?: Evidence;
}

/** Groups mentions by (brand, hour): the rollup documents a batch touches. */
export function bucketsOf(mentions: readonly MentionDoc[]): BucketMentions[] {
  const buckets = new Map<string, BucketMentions>();
  for (const m of mentions) {
    const hour = hourOf(m.minute);
    const key = `${m.brand}|${hour.getTime()}`;
    let entry = buckets.get(key);
    if (!entry) buckets.set(key, (entry = { brand: m.brand, hour, mentions: [] }));
    entry.mentions.push(m);
  }
  return [...buckets.values()];
}

/**
 * The update an hour document needs for these mentions, given the watermarks it stores: mentions at or below
 * their partition's watermark were counted by an earlier delivery and are left out. Undefined when nothing is
 * left to add. Besides the hour's counts: per-minute summaries (`minutes.<minute of hour>.…`, what detection
 * reads) and, per five-minute slot and partition, the most negative mentions (alert evidence).
 */
export function rollupUpdate(
  target: BucketMentions,
  stored: { watermarks?: Watermarks; evidence?: Evidence } | null,
): RollupUpdate | undefined {
  const pending = target.mentions.filter(
    (m) => m.kafka.offset > (stored?.watermarks?.[String(m.kafka.partition)] ?? -1),
  );
  if (pending.length === 0) return undefined;
  const watermarks: Watermarks = {};
  const perMinute = new Map<number, MentionDoc[]>();
  const fresh: Evidence = {};
  for (const m of pending) {
    const partition = String(m.kafka.partition);
    watermarks[partition] = Math.max(watermarks[partition] ?? -1, m.kafka.offset);
    const minute = (m.minute.getTime() - target.hour.getTime()) / MINUTE_MS;
    const group = perMinute.get(minute);
    if (group) group.push(m);
    else perMinute.set(minute, [m]);
    if (m.sentiment === 'negative') {
      const slot = Math.floor(minute / EVIDENCE_SLOT_MINUTES) * EVIDENCE_SLOT_MINUTES;
      (fresh[evidenceKey(slot, partition)] ??= []).push({ id: m._id, sc: m.score, e: m.engagement });
    }
  }
  const inc = incPaths(countMentions(pending));
  for (const [minute, group] of perMinute)
    Object.assign(inc, minuteSummaryPaths(minute, countMentions(group)));
  const evidence: Evidence = {};
  for (const [key, list] of Object.entries(fresh))
    evidence[key] = mergeEvidence(stored?.evidence?.[key], list);
  return { inc, watermarks, ...(Object.keys(evidence).length > 0 && { evidence }) };
}
