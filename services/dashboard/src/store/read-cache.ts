export interface CacheStats {
  name: string;
  size: number;
  hits: number;
  misses: number;
}

/**
 * A bounded in-memory cache of database reads with a time to live per entry and one load per key at a time.
 *
 * Why: on the local stack every `_id` read costs ~7 ms and a chart or a list needs tens to hundreds of them; ten
 * people looking at the same brands read the same documents. Each entry lives for the TTL its loader's caller
 * chooses (seconds for data that is still changing, minutes for closed hours and slots), so a page is at most that
 * stale; a write made by this process drops the entries it changes at once (`invalidate`). Concurrent misses of
 * one key share one read. The least recently used entry goes when `maxEntries` is reached.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  /** Loads under way; invalidate() removes one so that its (older) result is not stored. */
  private readonly loading = new Map<string, Promise<V>>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value of `key`, or what `load` reads, kept for `ttlMs(value)` ms. */
  async get(key: string, ttlMs: (value: V) => number, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) {
      // Re-insert: Map order is the LRU order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      this.hits += 1;
      return hit.value;
    }
    const pending = this.loading.get(key);
    if (pending) return pending;
    this.misses += 1;
    const promise: Promise<V> = load().then(
      (value) => {
        if (this.loading.get(key) === promise) {
          this.loading.delete(key);
          const ttl = ttlMs(value);
          if (ttl > 0) this.store(key, value, ttl);
        }
        return value;
      },
      (err: unknown) => {
        if (this.loading.get(key) === promise) this.loading.delete(key);
        throw err;
      },
    );
    this.loading.set(key, promise);
    return promise;
  }

  /** The cached value of `key` when it is there and fresh (no read, no await: the hot path of long ranges). */
  peek(key: string): { value: V } | undefined {
    const hit = this.entries.get(key);
    if (!hit || hit.expires <= this.now()) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    this.hits += 1;
    return { value: hit.value };
  }

  /** The value of `key` even when its time has passed (a reload may keep the parts of it that cannot have changed). */
  stale(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Drops `key`, and keeps a read already under way from storing its (older) result. */
  invalidate(key: string): void {
    this.entries.delete(key);
    this.loading.delete(key);
  }

  /** Shortens the life of a cached entry to at most `ttlMs` from now (it may have changed elsewhere). */
  expireWithin(key: string, ttlMs: number): void {
    const hit = this.entries.get(key);
    if (hit) hit.expires = Math.min(hit.expires, this.now() + ttlMs);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Its entries, hits and misses under `name`, for /metrics. */
  stats(name: string): CacheStats {
    return { name, size: this.entries.size, hits: this.hits, misses: this.misses };
  }

  private store(key: string, value: V, ttl: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + ttl });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
