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

/**
 * The until-time a row shows in "Rate limited until": whenever the server says the source is rate-limited, and
 * whenever the until-time still lies ahead on the viewer's clock; null once it has passed.
 */
export function rateLimitedUntil(s: SourceStatus, now: number): string | null {
  if (!s.rateLimitedUntil) return null;
  return s.state === 'rate_limited' || Date.parse(s.rateLimitedUntil) > now ? s.rateLimitedUntil : null;
}

/** The table's column headers, each naming what its cells show. */
export const SOURCE_COLUMNS = {
  source: 'Brand / source',
  state: 'State',
  lastSuccess: 'Last successful poll',
  lastError: 'Last error',
  rateLimitedUntil: 'Rate limited until',
  mentionsPerHour: 'Mentions / hour (last 24 h)',
  mentionsLastPoll: 'Mentions in last poll',
} as const;
