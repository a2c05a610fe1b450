import type { HourDoc } from '@crumbtrail/storage';
import type { TrendPoint } from './api/schemas';

export interface Totals {
  mentions: number;
  negatives: number;
  complaints: number;
  negativeShare: number | null;
}

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * Chart points of [from, to) in buckets of `bucketMs` (hour or UTC day) from hour rollups: every bucket is present,
 * empty ones with zeros, so a silent period shows as a gap in volume rather than disappearing.
 */
export function trendSeries(
  hours: readonly HourDoc[],
  from: number,
  to: number,
  bucketMs: number,
): TrendPoint[] {
  const points: TrendPoint[] = [];
  const index = new Map<number, TrendPoint>();
  for (let t = Math.floor(from / bucketMs) * bucketMs; t < to; t += bucketMs) {
    const p: TrendPoint = {
      t: new Date(t).toISOString(),
      total: 0,
      negative: 0,
      neutral: 0,
      positive: 0,
      negativeShare: null,
    };
    points.push(p);
    index.set(t, p);
  }
  for (const h of hours) {
    const p = index.get(Math.floor(h.bucket.getTime() / bucketMs) * bucketMs);
    if (!p) continue;
    p.total += h.total;
    p.negative += h.sentiment?.negative ?? 0;
    p.neutral += h.sentiment?.neutral ?? 0;
    p.positive += h.sentiment?.positive ?? 0;
  }
  for (const p of points) p.negativeShare = share(p.negative, p.total);
  return points;
}

export function totalsOf(hours: readonly HourDoc[]): Totals {
  let mentions = 0;
  let negatives = 0;
  let complaints = 0;
  for (const h of hours) {
    mentions += h.total;
    negatives += h.sentiment?.negative ?? 0;
    complaints += h.complaints ?? 0;
  }
  return { mentions, negatives, complaints, negativeShare: share(negatives, mentions) };
}

/** Sums of one breakdown (intent, sources, langs) over the hours. */
export function breakdown(
  hours: readonly HourDoc[],
  field: 'intent' | 'sources' | 'langs',
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const h of hours) {
    for (const [k, v] of Object.entries(h[field] ?? {})) out[k] = (out[k] ?? 0) + v;
  }
  return out;
}
