import { gauge, type Registry } from '@crumbtrail/runtime';
import type { CacheStats } from './read-cache';

/** Entries, hits and misses of every read cache, read at scrape time. */
export function registerCacheMetrics(registry: Registry, stats: () => CacheStats[]): void {
  const labelled = (name: string, help: string, pick: (s: CacheStats) => number) =>
    gauge(registry, {
      name,
      help,
      labelNames: ['cache'],
      collect() {
        for (const s of stats()) this.set({ cache: s.name }, pick(s));
      },
    });
  labelled('dashboard_read_cache_entries', 'Documents held by a read cache', (s) => s.size);
  labelled('dashboard_read_cache_hits', 'Reads a cache answered since start', (s) => s.hits);
  labelled(
    'dashboard_read_cache_misses',
    'Reads a cache passed to the database since start',
    (s) => s.misses,
  );
}
