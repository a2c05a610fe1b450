import {
  Alert,
  alertId,
  type AlertBreakdown,
  type AlertKind,
  type AlertSample,
  type SeriesPoint,
} from '@crumbtrail/contracts';
import type { EvidenceMention } from '../store/mentions-repo';
import type { BucketCounts, Evaluation, Signal } from './detector';

/** Text as compared for copies: case, punctuation and links ignored. */
function sampleKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Most negative first, then most engagement; one per text (reposts and copies would fill the list with the same
 * words); text truncated to the contract's limit.
 */
export function toSamples(mentions: readonly EvidenceMention[], limit = 5): AlertSample[] {
  const seen = new Set<string>();
  return [...mentions]
    .sort((a, b) => a.score - b.score || b.engagement - a.engagement || (a._id < b._id ? -1 : 1))
    .filter((m) => {
      const key = sampleKey(m.text) || m._id;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, limit)
    .map((m) => ({
      eventId: m._id,
      source: m.source,
      url: m.url,
      author: m.author,
      text: m.text.length > 1000 ? `${m.text.slice(0, 999)}…` : m.text,
      sentimentScore: m.score,
      publishedAt: m.publishedAt.toISOString(),
      ...(Number.isInteger(m.engagement) && m.engagement >= 0 && { engagement: m.engagement }),
    }));
}

/** One point per bucket from `from` (inclusive) for `count` buckets, zeros where nothing was stored. */
export function toSeries(
  buckets: readonly BucketCounts[],
  from: Date,
  count: number,
  bucketMs: number,
): SeriesPoint[] {
  const byStart = new Map(buckets.map((b) => [b.start.getTime(), b]));
  return Array.from({ length: count }, (_, i) => {
    const start = from.getTime() + i * bucketMs;
    const b = byStart.get(start);
    return {
      bucketStart: new Date(start).toISOString(),
      mentions: b?.mentions ?? 0,
      negatives: b?.negatives ?? 0,
      complaints: b?.complaints ?? 0,
    };
  });
}

/** What `breakdownOf` reads of an hour rollup (zero counts may be missing). */
export interface HourBreakdownCounts {
  bucket: Date;
  sources?: Record<string, number>;
  langs?: Record<string, number>;
  intent?: Record<string, number>;
}

const HOUR_MS = 3_600_000;

/** Mentions per source, language and intent in the whole hours that overlap [from, to): for the alert email. */
export function breakdownOf(hours: readonly HourBreakdownCounts[], from: Date, to: Date): AlertBreakdown {
  const overlapping = hours.filter(
    (h) => h.bucket.getTime() < to.getTime() && h.bucket.getTime() + HOUR_MS > from.getTime(),
  );
  const sum = (pick: (h: HourBreakdownCounts) => Record<string, number> | undefined) => {
    const out: Record<string, number> = {};
    for (const h of overlapping) {
      for (const [k, v] of Object.entries(pick(h) ?? {})) if (v > 0) out[k] = (out[k] ?? 0) + v;
    }
    return out;
  };
  const first = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS;
  const last = Math.ceil(to.getTime() / HOUR_MS) * HOUR_MS;
  return {
    from: new Date(first).toISOString(),
    to: new Date(last).toISOString(),
    sources: sum((h) => h.sources),
    languages: sum((h) => h.langs),
    intents: sum((h) => h.intent),
  };
}

export interface OpenAlertInput {
  brand: string;
  kind: AlertKind;
  severity: 'warning' | 'critical';
  signal: Signal;
  evaluation: Evaluation;
  samples: AlertSample[];
  topTerms: { term: string; count: number }[];
  series: SeriesPoint[];
  breakdown?: AlertBreakdown;
  now: Date;
}

export function openAlert(i: OpenAlertInput): Alert {
  const { window, baseline } = i.evaluation;
  return Alert.parse({
    schemaVersion: 1,
    alertId: alertId(i.brand, i.kind, window.end),
    brand: i.brand,
    kind: i.kind,
    state: 'open',
    severity: i.severity,
    openedAt: i.now.toISOString(),
    window: { start: window.start.toISOString(), end: window.end.toISOString() },
    baseline: {
      start: baseline.start.toISOString(),
      end: baseline.end.toISOString(),
      mentions: baseline.mentions,
      negatives: baseline.negatives,
      complaints: baseline.complaints,
    },
    observed: { mentions: window.mentions, negatives: window.negatives, complaints: window.complaints },
    statistic: i.signal.statistic,
    samples: i.samples,
    topTerms: i.topTerms,
    series: i.series,
    ...(i.breakdown && { breakdown: i.breakdown }),
  });
}

/** The resolved event: the evidence that opened it, the current chart, and when it resolved. */
export function resolvedAlert(opened: Alert, series: SeriesPoint[], now: Date): Alert {
  return Alert.parse({ ...opened, state: 'resolved', resolvedAt: now.toISOString(), series });
}
