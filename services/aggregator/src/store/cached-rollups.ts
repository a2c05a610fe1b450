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
 * After a rebalance another member may have written, so the caller clears; a failed bulk (any part of which may
 * have landed) forgets its documents, so the retry reads them.
 */
export function cachedRollups(repo: RollupsRepo): CachedRollupsRepo {
  const known = new Map<string, { watermarks?: Watermarks; evidence?: Evidence }>();
  const key = (brand: string, hour: Date) => `${brand}|${hour.getTime()}`;
  return {
    ...repo,
    async state(brand, hour) {
      const hit = known.get(key(brand, hour));
      if (hit) return hit;
      const stored = await repo.state(brand, hour);
      if (stored) known.set(key(brand, hour), stored);
      return stored;
    },
    async applyAll(writes, now) {
      const before = writes.map((w) => {
        const k = key(w.brand, w.hour);
        const state = known.get(k);
        known.delete(k); // unknown until the write is acknowledged
        return state;
      });
      await repo.applyAll(writes, now);
      if (known.size + writes.length > MAX_ENTRIES) known.clear();
      writes.forEach((w, i) => {
        known.set(key(w.brand, w.hour), {
          watermarks: { ...before[i]?.watermarks, ...w.update.watermarks },
          evidence: { ...before[i]?.evidence, ...w.update.evidence },
        });
      });
    },
    clear() {
      known.clear();
    },
  };
}
