import {
  requireEnv,
  topicMessageCount,
  uniqueDbName as sharedUniqueDbName,
  uniqueName as sharedUniqueName,
  waitFor as sharedWaitFor,
} from '../../../../test/support';
import { eventId, type ClassifiedMention } from '@crumbtrail/contracts';

export interface MentionSpec {
  brand: string;
  /** Unique per brand; the eventId derives from it. */
  id: string;
  at: Date;
  negative?: boolean;
  complaint?: boolean;
  text?: string;
  source?: 'reddit' | 'mastodon' | 'hackernews';
  lang?: string;
  likes?: number;
}

export function classified(s: MentionSpec): ClassifiedMention {
  const externalId = `${s.brand}-${s.id}`;
  const source = s.source ?? 'mastodon';
  const negative = s.negative ?? false;
  const complaint = s.complaint ?? false;
  return {
    schemaVersion: 1,
    eventId: eventId(source, externalId),
    brand: s.brand,
    source,
    externalId,
    url: `https://social.example/@user/${externalId}`,
    author: { handle: `user_${s.id}` },
    text:
      s.text ??
      (negative ? `the upload keeps failing again, refund please ${s.id}` : `nice sync app ${s.id}`),
    publishedAt: s.at.toISOString(),
    fetchedAt: s.at.toISOString(),
    ...(s.likes !== undefined && { engagement: { likes: s.likes } }),
    classification: {
      lang: s.lang ?? 'en',
      langSource: 'source',
      sentiment: { label: negative ? 'negative' : 'positive', score: negative ? -0.8 : 0.6, confidence: 0.9 },
      intent: {
        label: complaint ? 'complaint' : 'other',
        confidence: 0.9,
        flags: { complaint, question: false, praise: !negative },
      },
      modelVersion: 'test-1',
      classifiedAt: s.at.toISOString(),
    },
  };
}

/**
 * `perMinute` mentions every `everyMinutes` minutes of [from, to), every `negativeEvery`-th one negative and a complaint
 * (deterministic, so tests can compute the expected counts).
 */
export function steady(
  brand: string,
  prefix: string,
  from: Date,
  to: Date,
  perMinute: number,
  negativeShare: number,
  everyMinutes = 1,
): ClassifiedMention[] {
  const out: ClassifiedMention[] = [];
  let n = 0;
  let negatives = 0;
  for (let t = from.getTime(); t < to.getTime(); t += everyMinutes * 60_000) {
    for (let j = 0; j < perMinute; j++) {
      n += 1;
      // Spread negatives evenly: negative when the running share would fall below the target.
      const negative = negatives < Math.round(n * negativeShare);
      if (negative) negatives += 1;
      const at = new Date(t + Math.floor(((j + 0.5) * 60_000) / perMinute));
      out.push(classified({ brand, id: `${prefix}-${n}`, at, negative, complaint: negative }));
    }
  }
  return out;
}

/** Messages ever written to a topic (test/support's). */
export { topicMessageCount };

/** A name no other test run uses (test/support's, shared by every suite). */
export const uniqueName = sharedUniqueName;
export const uniqueDbName = sharedUniqueDbName;

/** Polls until `condition` holds (or returns a value), failing after the deadline with `what`. */
export function waitFor<T>(
  what: string,
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  return sharedWaitFor(condition, { timeoutMs, intervalMs: 50, description: what });
}

/** The local stack's addresses, from jest's globalSetup (test/support). */
export function stackEnv(): { KAFKA_BROKERS: string; MONGO_URL: string } {
  return { KAFKA_BROKERS: requireEnv('KAFKA_BROKERS'), MONGO_URL: requireEnv('MONGO_URL') };
}
