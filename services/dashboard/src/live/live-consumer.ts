import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ClassifiedMention } from '@crumbtrail/contracts';
import { z } from 'zod';
import {
  ok,
  startBatchConsumer,
  type BatchConsumer,
  type BatchConsumerOptions,
  type ConsumedMessage,
  type Outcome,
} from '@crumbtrail/runtime';
import { inboxKind } from '../readmodel/inbox-repo';
import { mentionFromEvent } from '../readmodel/consumer';
import type { LiveHub } from './hub';

/**
 * The consumer group of one process's live consumer: `<group>.live.<host>.<pid>.<random>`, unique to the process,
 * so every replica reads every partition (a group of one member gets them all) instead of sharing them the way the
 * read-model group does. Host and pid say whose group it is in `kafka-consumer-groups --list`; the random part
 * keeps a restarted container (same host name, often pid 1) from resuming an old group's offsets.
 */
export function liveGroupId(base: string, o: { host?: string; pid?: number; random?: string } = {}): string {
  const host = (o.host ?? hostname()).replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 64) || 'host';
  return `${base}.live.${host}.${o.pid ?? process.pid}.${o.random ?? randomBytes(4).toString('hex')}`;
}

/**
 * What the live consumer checks of every message: enough to tell the read caches which brand and hour a mention
 * touches. The read-model consumer checks every message whole (and dead-letters a bad one); this one checks the
 * whole mention only for a brand someone is watching.
 */
export const MentionSighting = z.looseObject(
  ClassifiedMention.pick({ eventId: true, brand: true, publishedAt: true }).shape,
);
export type MentionSighting = z.infer<typeof MentionSighting>;

/**
 * Tells this process's live streams about new mentions and, for complaints and questions, new inbox items. No
 * write and no failure: every message is 'ok', and messages of unknown brands or brands nobody here watches are
 * passed over. The event may arrive before the read-model consumer (another group) has indexed the mention; the
 * stream carries the whole mention, so the page does not need to read it back.
 */
export function createLiveHandler(o: {
  hub: LiveHub;
  knownBrands: ReadonlySet<string>;
  /** Told of every mention of a known brand, watched or not (the read caches mark what it changes). */
  seen?: (m: MentionSighting, at: { partition: number; offset: number }) => void;
}): (messages: ConsumedMessage<MentionSighting>[]) => Promise<Outcome[]> {
  return (messages) => {
    for (const { value: sighting, partition, offset } of messages) {
      if (!o.knownBrands.has(sighting.brand)) continue;
      o.seen?.(sighting, { partition, offset: Number(offset) });
      if (!o.hub.hasListeners(sighting.brand)) continue;
      // Checked whole only when someone watches the brand: most of the topic is nobody's stream.
      const parsed = ClassifiedMention.safeParse(sighting);
      if (!parsed.success) continue;
      const m = parsed.data;
      const view = mentionFromEvent(m);
      o.hub.mention(view);
      const kind = inboxKind(m);
      if (kind) o.hub.inboxItem({ mention: view, kind, state: 'open' });
    }
    return Promise.resolve(messages.map(() => ok()));
  };
}

/**
 * Starts this process's live consumer of the classified topic: its own group (liveGroupId), from the latest
 * offset (a stream shows what happens from now on), dead-lettering nothing (the read-model group does that).
 * Its offsets matter to nobody; Kafka deletes the group once it has been empty for offsets.retention.minutes.
 */
export function startLiveConsumer(
  o: Pick<
    BatchConsumerOptions<MentionSighting>,
    | 'kafka'
    | 'logger'
    | 'producer'
    | 'topic'
    | 'dlqTopic'
    | 'metrics'
    | 'sessionTimeoutMs'
    | 'heartbeatIntervalMs'
    | 'stallTimeoutMs'
  > & {
    group: string;
    hub: LiveHub;
    knownBrands: ReadonlySet<string>;
    seen?: (m: MentionSighting, at: { partition: number; offset: number }) => void;
  },
): Promise<BatchConsumer> {
  const { group, hub, knownBrands, seen, ...rest } = o;
  return startBatchConsumer<MentionSighting>({
    ...rest,
    groupId: liveGroupId(group),
    schema: MentionSighting,
    fromBeginning: false,
    deadLetter: false,
    maxRetries: 0,
    maxBatchSize: 2000,
    handleBatch: createLiveHandler({ hub, knownBrands, ...(seen && { seen }) }),
  });
}
