import { hourOf, MINUTE_MS, type MentionDoc } from './mention-doc';
import { countMentions, incPaths, mergeEvidence, minuteSummaryPaths, type EvidenceCandidate } from './rollup';

/**
 * Per rollup document, the highest classified-topic offset per partition whose mentions it already counts
 * (`"<partition>" -> offset`). Only the consumer of a partition advances that partition's entry, and it processes
 * the partition's messages in offset order, so "offset > watermark" is exactly "not counted here yet".
 */
export type Watermarks = Record<string, number>;

/** Per partition ("<partition>" -> list), a minute's most negative mentions. */
export type Evidence = Record<string, EvidenceCandidate[]>;

/** The mentions of one batch that fall into one rollup document. */
export interface BucketMentions {
  granularity: 'minute' | 'hour';
  brand: string;
  bucket: Date;
  mentions: MentionDoc[];
}

/** What one rollup document must add: increments, its new watermarks and (minutes) the merged evidence. */
export interface RollupUpdate {
  inc: Record<string, number>;
  watermarks: Watermarks;
  /** Only the partitions whose list changed. */
  evidence?: Evidence;
}

/** Groups mentions by (brand, minute) and by (brand, hour): the rollup documents a batch touches. */
export function bucketsOf(mentions: readonly MentionDoc[]): BucketMentions[] {
  const buckets = new Map<string, BucketMentions>();
  const add = (granularity: 'minute' | 'hour', bucket: Date, m: MentionDoc) => {
    const key = `${granularity}|${m.brand}|${bucket.getTime()}`;
    let entry = buckets.get(key);
    if (!entry) buckets.set(key, (entry = { granularity, brand: m.brand, bucket, mentions: [] }));
    entry.mentions.push(m);
  };
  for (const m of mentions) {
    add('minute', m.minute, m);
    add('hour', hourOf(m.minute), m);
  }
  return [...buckets.values()];
}

/**
 * The update a rollup document needs for these mentions, given the watermarks it stores: mentions at or below
 * their partition's watermark were counted by an earlier delivery and are left out. Undefined when nothing is
 * left to add. Hour documents also get per-minute summaries (`minutes.<minute of hour>.…`), which detection reads.
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
  for (const { kafka } of pending) {
    const key = String(kafka.partition);
    watermarks[key] = Math.max(watermarks[key] ?? -1, kafka.offset);
  }
  const inc = incPaths(countMentions(pending));
  if (target.granularity === 'hour') {
    const perMinute = new Map<number, MentionDoc[]>();
    for (const m of pending) {
      const minute = (m.minute.getTime() - target.bucket.getTime()) / MINUTE_MS;
      const group = perMinute.get(minute);
      if (group) group.push(m);
      else perMinute.set(minute, [m]);
    }
    for (const [minute, group] of perMinute) {
      Object.assign(inc, minuteSummaryPaths(minute, countMentions(group)));
    }
    return { inc, watermarks };
  }
  const fresh: Evidence = {};
  for (const m of pending) {
    if (m.sentiment !== 'negative') continue;
    const key = String(m.kafka.partition);
    (fresh[key] ??= []).push({ id: m._id, sc: m.score, e: m.engagement });
  }
  const evidence: Evidence = {};
  for (const [partition, list] of Object.entries(fresh)) {
    evidence[partition] = mergeEvidence(stored?.evidence?.[partition], list);
  }
  return { inc, watermarks, ...(Object.keys(evidence).length > 0 && { evidence }) };
}
