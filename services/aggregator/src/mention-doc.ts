import type { ClassifiedMention } from '@crumbtrail/contracts';
import { minuteOf, type KafkaPosition, type MentionDoc } from '@crumbtrail/storage';

// The stored form lives in @crumbtrail/storage (the dashboard and the CLI read it too).
export { HOUR_MS, MINUTE_MS, hourOf, minuteOf } from '@crumbtrail/storage';
export type { KafkaPosition, MentionDoc } from '@crumbtrail/storage';

/** The fields a rollup reads; the projection used when recomputing a bucket. */
export type RollupInput = Pick<
  MentionDoc,
  'sentiment' | 'score' | 'intent' | 'complaint' | 'source' | 'lang'
>;

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
