import type { SourceState, SourceStatus } from '../../api/types';

export const STATE_TEXT: Record<SourceState, string> = {
  ok: 'delivering',
  silent: 'silent — no mentions arrive',
  failing: 'failing',
  rate_limited: 'rate-limited',
  unknown: 'no poll yet',
};

const RANK: Record<SourceState, number> = { failing: 0, silent: 1, rate_limited: 2, unknown: 3, ok: 4 };

/** Sources in trouble first (failing, silent, rate-limited, unknown), then by brand and source. */
export function sortSources(items: readonly SourceStatus[]): SourceStatus[] {
  return [...items].sort(
    (a, b) =>
      RANK[a.state] - RANK[b.state] || a.brand.localeCompare(b.brand) || a.source.localeCompare(b.source),
  );
}
