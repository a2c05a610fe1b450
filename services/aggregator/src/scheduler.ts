import type { Logger } from '@crumbtrail/runtime';

export interface DetectionScheduler {
  /** Brands that just received mentions: evaluated within throttleMs, together with others that arrive meanwhile. */
  request(brands: Iterable<string>): void;
  /** Runs a full cycle now (republish + every brand) and resolves when it is done. */
  runAll(): Promise<void>;
  start(): void;
  /** Replaces the `active` gate (set once the lease it depends on exists). */
  setActive(active: () => boolean): void;
  /** Stops the timers and waits for the cycle in progress. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  throttleMs: number;
  intervalMs: number;
  allBrands: () => string[];
  runBrand: (brand: string) => Promise<unknown>;
  republish: () => Promise<unknown>;
  /**
   * Whether this instance may evaluate now (it holds the detection lease); checked before the re-publish sweep and
   * before each brand, so an instance that loses the lease mid-cycle stops within one evaluation. Default: always.
   */
  active?: () => boolean;
  logger: Logger;
}

/** Serialises detection: one evaluation at a time, brands coalesced between runs. */
export function createDetectionScheduler(o: SchedulerOptions): DetectionScheduler {
  const dirty = new Set<string>();
  let chain: Promise<void> = Promise.resolve();
  let pending: NodeJS.Timeout | undefined;
  let interval: NodeJS.Timeout | undefined;
  let stopped = false;
  let active = o.active ?? (() => true);

  const enqueue = (work: () => Promise<void>): Promise<void> => {
    chain = chain.then(work).catch((err: unknown) => o.logger.error({ err }, 'detection failed'));
    return chain;
  };

  const runBrands = async (brands: string[]): Promise<void> => {
    for (const brand of brands) {
      if (stopped || !active()) return;
      await o.runBrand(brand);
    }
  };

  const flushDirty = (): Promise<void> => {
    pending = undefined;
    return enqueue(async () => {
      const brands = [...dirty];
      dirty.clear();
      await runBrands(brands);
    });
  };

  const runAll = (): Promise<void> =>
    enqueue(async () => {
      if (!active()) return;
      await o.republish();
      await runBrands(o.allBrands());
    });

  return {
    request(brands) {
      if (stopped || !active()) return;
      for (const b of brands) dirty.add(b);
      if (dirty.size > 0 && pending === undefined) {
        pending = setTimeout(() => void flushDirty(), o.throttleMs);
      }
    },
    runAll,
    setActive(gate) {
      active = gate;
    },
    start() {
      interval = setInterval(() => void runAll(), o.intervalMs);
    },
    async stop() {
      stopped = true;
      if (pending) clearTimeout(pending);
      if (interval) clearInterval(interval);
      await chain;
    },
  };
}
