// Classified mentions for the browser test and the page bench: a calm baseline of six hours, then a complaint surge
// in the last half hour (enough for the aggregator to open a negative-share alert), as the pipeline would publish.
import { eventId, type ClassifiedMention } from '@crumbtrail/contracts';

type Sentiment = 'negative' | 'neutral' | 'positive';
type Intent = 'complaint' | 'question' | 'praise' | 'other';

export interface SeedOptions {
  brand: string;
  now: Date;
  /** Minutes of calm traffic before the surge (one mention every 2 minutes). */
  baselineMinutes?: number;
  /** Minutes of surge at the end (four mentions a minute, 3 of 4 negative complaints); 0 for none. */
  surgeMinutes?: number;
  /** Distinguishes externalIds between runs and brands. */
  run: string;
}

const CALM = [
  'Switched our backups to {b} last month, works fine so far.',
  'Does {b} support single sign-on for teams?',
  'Love how fast the {b} sync is these days.',
  'Reading the {b} pricing page again, still confusing.',
  '{b} status page says all green.',
];
const ANGRY = [
  '{b} is down again, third outage this week. I want a refund.',
  '{b} support has not answered my ticket for two days, terrible.',
  'Lost a whole afternoon because {b} sync broke, awful service.',
  'Why is {b} charging me twice this month? Refund please.',
];

export function classified(
  brand: string,
  externalId: string,
  publishedAt: Date,
  text: string,
  labels: {
    sentiment: Sentiment;
    intent: Intent;
    source?: 'mastodon' | 'reddit' | 'hackernews';
    lang?: string;
    url?: string;
  },
): ClassifiedMention {
  const source = labels.source ?? 'mastodon';
  const score = labels.sentiment === 'negative' ? -0.7 : labels.sentiment === 'positive' ? 0.6 : 0;
  return {
    schemaVersion: 1,
    eventId: eventId(source, externalId),
    brand,
    source,
    externalId,
    url: labels.url ?? `https://social.example/@user/${encodeURIComponent(externalId)}`,
    author: { handle: `@user${externalId.length % 7}@social.example`, name: `User ${externalId.slice(-3)}` },
    text,
    publishedAt: publishedAt.toISOString(),
    fetchedAt: new Date(publishedAt.getTime() + 30_000).toISOString(),
    classification: {
      lang: labels.lang ?? 'en',
      langSource: 'detected',
      sentiment: { label: labels.sentiment, score, confidence: 0.82 },
      intent: {
        label: labels.intent,
        confidence: 0.74,
        flags: {
          complaint: labels.intent === 'complaint',
          question: labels.intent === 'question',
          praise: labels.intent === 'praise',
        },
      },
      modelVersion: 'seed-1',
      classifiedAt: new Date(publishedAt.getTime() + 60_000).toISOString(),
    },
  };
}

/** Calm mentions every 2 minutes, then the surge; all published before `now`. */
export function seedMentions(options: SeedOptions): ClassifiedMention[] {
  const { brand, now, run } = options;
  const baselineMinutes = options.baselineMinutes ?? 360;
  const surgeMinutes = options.surgeMinutes ?? 30;
  const name = brand
    .split('-')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
  const out: ClassifiedMention[] = [];
  const start = now.getTime() - (baselineMinutes + surgeMinutes) * 60_000;
  for (let i = 0; i < baselineMinutes / 2; i++) {
    const at = new Date(start + i * 120_000 + 5_000);
    const negative = i % 7 === 0;
    const question = i % 5 === 1;
    const text = (negative ? ANGRY[i % ANGRY.length]! : CALM[i % CALM.length]!).replace('{b}', name);
    out.push(
      classified(brand, `${run}-${brand}-calm-${i}`, at, text, {
        sentiment: negative ? 'negative' : i % 3 === 0 ? 'positive' : 'neutral',
        intent: negative ? 'complaint' : question ? 'question' : 'other',
        source: i % 4 === 0 ? 'reddit' : 'mastodon',
        lang: i % 9 === 0 ? 'de' : 'en',
      }),
    );
  }
  const surgeStart = now.getTime() - surgeMinutes * 60_000;
  for (let i = 0; i < surgeMinutes * 4; i++) {
    const at = new Date(surgeStart + i * 15_000 + 2_000);
    const negative = i % 4 !== 3;
    const text = (negative ? ANGRY[i % ANGRY.length]! : CALM[i % CALM.length]!).replace('{b}', name);
    out.push(
      classified(brand, `${run}-${brand}-surge-${i}`, at, text, {
        sentiment: negative ? 'negative' : 'neutral',
        intent: negative ? 'complaint' : 'other',
        source: i % 3 === 0 ? 'hackernews' : 'mastodon',
      }),
    );
  }
  return out;
}
