import type { MentionDoc, MentionFeedbackDoc } from '@crumbtrail/storage';
import type { BrandMute } from '@crumbtrail/alert-actions';
import type { AlertAcknowledgement } from '@crumbtrail/alert-actions';
import type { AlertDoc } from '@crumbtrail/storage';
import type { Acknowledgement, AlertSummary, Correction, Mention, MuteInfo, Period } from './api/schemas';
import type { IndexEntry } from './readmodel/mention-index';
import { badRequest } from './http/errors';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The longest custom range a chart or list may ask for. */
export const MAX_RANGE_MS = 400 * DAY;

/** Only http(s) links are handed to the page; anything else (javascript:, data:) becomes null. */
export function safeUrl(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

export function correctionOf(f: MentionFeedbackDoc | null | undefined): Correction | null {
  if (!f) return null;
  return {
    sentiment: f.corrected.sentiment,
    intent: f.corrected.intent,
    by: f.by,
    at: f.at.toISOString(),
    ...(f.note !== undefined && { note: f.note }),
  };
}

export function mentionView(
  doc: MentionDoc,
  entry: Pick<IndexEntry, 'sc' | 'ic'> | null,
  feedback: MentionFeedbackDoc | null | undefined,
): Mention {
  return {
    id: doc._id,
    brand: doc.brand,
    publishedAt: doc.publishedAt.toISOString(),
    source: doc.source,
    lang: doc.lang,
    author: doc.author,
    url: safeUrl(doc.url),
    ...(doc.title !== undefined && { title: doc.title }),
    text: doc.text,
    sentiment: doc.sentiment,
    sentimentScore: doc.score,
    sentimentConfidence: entry?.sc ?? null,
    intent: doc.intent,
    intentConfidence: entry?.ic ?? null,
    modelVersion: doc.modelVersion,
    correction: correctionOf(feedback),
  };
}

export function muteView(m: BrandMute | null): MuteInfo | null {
  if (!m) return null;
  return {
    until: m.until.toISOString(),
    by: m.by,
    at: m.at.toISOString(),
    ...(m.note !== undefined && { note: m.note }),
  };
}

export function ackView(a: AlertAcknowledgement | null | undefined): Acknowledgement | null {
  if (!a) return null;
  return { by: a.by, at: a.at.toISOString(), ...(a.note !== undefined && { note: a.note }) };
}

export function alertSummary(doc: AlertDoc, ack: AlertAcknowledgement | null | undefined): AlertSummary {
  const a = doc.alert;
  return {
    alertId: doc._id,
    brand: doc.brand,
    kind: a.kind,
    severity: a.severity,
    state: doc.state,
    openedAt: a.openedAt,
    ...(a.resolvedAt !== undefined && { resolvedAt: a.resolvedAt }),
    window: { from: a.window.start, to: a.window.end },
    observed: a.observed,
    acknowledgement: ackView(ack),
  };
}

export interface ResolvedRange {
  from: number;
  to: number;
  granularity: 'hour' | 'day';
  bucketMs: number;
}

/**
 * The time range of a period ending now (rounded up to the next hour, so the current hour shows), or a custom
 * one; hourly buckets up to 3 days, daily beyond.
 */
export function resolveRange(q: { period: Period; from?: string; to?: string }, now: Date): ResolvedRange {
  let from: number;
  let to: number;
  if (q.period === 'custom') {
    if (!q.from || !q.to) throw badRequest('period=custom needs from and to (RFC 3339 timestamps)');
    from = Date.parse(q.from);
    to = Date.parse(q.to);
    if (!(from < to)) throw badRequest('from must be before to');
    if (to - from > MAX_RANGE_MS) throw badRequest('the range may span at most 400 days');
  } else {
    to = Math.ceil(now.getTime() / HOUR) * HOUR;
    from = to - (q.period === '24h' ? DAY : q.period === '7d' ? 7 * DAY : 30 * DAY);
  }
  const granularity = to - from <= 3 * DAY ? 'hour' : 'day';
  return { from, to, granularity, bucketMs: granularity === 'hour' ? HOUR : DAY };
}

/** Comma-separated filter values, each checked against the allowed ones (400 naming the bad value). */
export function listParam(
  value: string | undefined,
  name: string,
  allowed?: readonly string[],
): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const values = [
    ...new Set(
      value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v.length > 0),
    ),
  ];
  for (const v of values) {
    if (allowed ? !allowed.includes(v) : !/^[a-z0-9_-]{1,40}$/.test(v)) {
      throw badRequest(`${name}: unknown value "${v}"${allowed ? ` (one of ${allowed.join(', ')})` : ''}`);
    }
  }
  return values;
}
