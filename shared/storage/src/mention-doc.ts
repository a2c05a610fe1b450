import type { ClassifiedMention, IntentLabel, SentimentLabel, SourceName } from '@crumbtrail/contracts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/**
 * A stored mention (collection `mentions`, written by the aggregator). `_id` is the eventId, so a replayed event
 * collapses into the stored one. The fields a rollup or the alert evidence needs sit at the top level (indexed by
 * { brand, minute }).
 */
export interface MentionDoc {
  _id: string;
  brand: string;
  /** Start of the UTC minute of publishedAt (clamped to the time it was stored when in the future). */
  minute: Date;
  publishedAt: Date;
  /** True when publishedAt was in the future and `minute` was clamped to the arrival time. */
  futureClamped?: true;
  storedAt: Date;
  source: SourceName;
  lang: string;
  sentiment: SentimentLabel;
  score: number;
  intent: IntentLabel;
  complaint: boolean;
  /** likes + shares + replies + max(score, 0) + views / 100: ranks evidence among equally negative mentions. */
  engagement: number;
  url: string;
  author: string;
  title?: string;
  text: string;
  externalId: string;
  modelVersion: string;
  /**
   * Where this copy of the event was read from: a later copy of the same eventId (republished, redriven) is a
   * duplicate, while a redelivery of this same message may still owe its rollup contribution (aggregator ingest).
   */
  kafka: KafkaPosition;
}

/** A message's place in the classified topic. */
export interface KafkaPosition {
  partition: number;
  offset: number;
}

export function minuteOf(t: Date | number): Date {
  const ms = typeof t === 'number' ? t : t.getTime();
  return new Date(Math.floor(ms / MINUTE_MS) * MINUTE_MS);
}

export function hourOf(t: Date | number): Date {
  const ms = typeof t === 'number' ? t : t.getTime();
  return new Date(Math.floor(ms / HOUR_MS) * HOUR_MS);
}

/** The stored form of a classified mention. Mentions "published" in the future are bucketed at `now`. */
export function toMentionDoc(m: ClassifiedMention, now: Date, kafka: KafkaPosition): MentionDoc {
  const published = new Date(m.publishedAt);
  const future = published.getTime() > now.getTime();
  const e = m.engagement ?? {};
  const engagement =
    (e.likes ?? 0) + (e.shares ?? 0) + (e.replies ?? 0) + Math.max(e.score ?? 0, 0) + (e.views ?? 0) / 100;
  const { classification: c } = m;
  const doc: MentionDoc = {
    _id: m.eventId,
    brand: m.brand,
    minute: minuteOf(future ? now : published),
    publishedAt: published,
    storedAt: now,
    source: m.source,
    lang: c.lang,
    sentiment: c.sentiment.label,
    score: c.sentiment.score,
    intent: c.intent.label,
    complaint: c.intent.flags.complaint,
    engagement,
    url: m.url,
    author: m.author.handle,
    text: m.text,
    externalId: m.externalId,
    modelVersion: c.modelVersion,
    kafka,
  };
  if (future) doc.futureClamped = true;
  if (m.title !== undefined) doc.title = m.title;
  return doc;
}
