import type { Evidence, Watermarks } from '../contributions';
import type { RollupsRepo } from './rollups-repo';

/** Documents whose state is kept; past this the cache starts over (it only saves reads). */
const MAX_ENTRIES = 20_000;

export interface CachedRollupsRepo extends RollupsRepo {
  /** Forgets everything: call when partitions may have moved (a rebalance). */
  clear(): void;
}

/**
 * Remembers what this process last wrote to each rollup document, so the next batch needs no read first. Sound
 * while this process keeps its partitions: a partition's watermark and evidence have one writer, its consumer.
 * After a rebalance another member may have written, so the caller clears; a failed write (which may still have
 * landed) forgets its document, so the retry reads it.
 */
export function cachedRollups(repo: RollupsRepo): CachedRollupsRepo {
  const known = new Map<string, { watermarks?: Watermarks; evidence?: Evidence }>();
  const key = (granularity: string, brand: string, bucket: Date) =>
    `${granularity}|${brand}|${bucket.getTime()}`;
  return {
    ...repo,
    async state(granularity, brand, bucket) {
      const hit = known.get(key(granularity, brand, bucket));
      if (hit) return hit;
      const stored = await repo.state(granularity, brand, bucket);
      if (stored) known.set(key(granularity, brand, bucket), stored);
      return stored;
    },
    async apply(granularity, brand, bucket, update, now) {
      const k = key(granularity, brand, bucket);
      const before = known.get(k);
      known.delete(k); // unknown until the write is acknowledged
      await repo.apply(granularity, brand, bucket, update, now);
      if (known.size >= MAX_ENTRIES) known.clear();
      known.set(k, {
        watermarks: { ...before?.watermarks, ...update.watermarks },
        evidence: { ...before?.evidence, ...update.evidence },
      });
    },
    clear() {
      known.clear();
    },
  };
}
