import type { ClassifiedMention } from '@crumbtrail/contracts';
import { ok, type ConsumedMessage, type Outcome } from '@crumbtrail/runtime';
import type { Mention } from '../api/schemas';
import { safeUrl } from '../views';
import { inboxKind, type InboxRepo } from './inbox-repo';
import type { MentionIndexRepo } from './mention-index-repo';

/** A classified event as the API shows a mention (live stream: the stored document may not exist yet). */
export function mentionFromEvent(m: ClassifiedMention): Mention {
  const c = m.classification;
  return {
    id: m.eventId,
    brand: m.brand,
    publishedAt: new Date(m.publishedAt).toISOString(),
    source: m.source,
    lang: c.lang,
    author: m.author.handle,
    url: safeUrl(m.url),
    ...(m.title !== undefined && { title: m.title }),
    text: m.text,
    sentiment: c.sentiment.label,
    sentimentScore: c.sentiment.score,
    sentimentConfidence: c.sentiment.confidence,
    intent: c.intent.label,
    intentConfidence: c.intent.confidence,
    modelVersion: c.modelVersion,
    correction: null,
  };
}

/**
 * Builds the read models from `mentions.classified.v1`: the list index and the inbox. Runs in the shared group
 * (CONSUMER_GROUP), so with several replicas each mention is indexed by one of them. Idempotent (every write is
 * keyed by eventId), so a redelivered batch changes nothing; a failed write throws and the batch is retried before
 * its offsets are committed. Live streams are fed by each replica's own consumer (live/live-consumer.ts), which
 * sees every partition.
 */
export function createReadModelHandler(o: {
  index: MentionIndexRepo;
  inbox: InboxRepo;
  knownBrands: ReadonlySet<string>;
  clock: () => Date;
}): (messages: ConsumedMessage<ClassifiedMention>[]) => Promise<Outcome[]> {
  return async (messages) => {
    const now = o.clock().getTime();
    const mentions = messages.map((m) => m.value).filter((m) => o.knownBrands.has(m.brand));
    await o.index.add(mentions, now);
    const inboxItems = mentions.flatMap((m) => {
      const kind = inboxKind(m);
      return kind
        ? [{ id: m.eventId, brand: m.brand, t: Math.min(Date.parse(m.publishedAt), now), kind }]
        : [];
    });
    await o.inbox.add(inboxItems);
    return messages.map(() => ok());
  };
}
