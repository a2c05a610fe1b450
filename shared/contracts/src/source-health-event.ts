import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BrandId, HexId, IsoDateTime, NonNegativeInt, SourceName } from './common';

export const SOURCE_HEALTH_EVENTS = ['source_down', 'source_recovered'] as const;
export const SourceHealthEventType = z.enum(SOURCE_HEALTH_EVENTS);
export type SourceHealthEventType = z.infer<typeof SourceHealthEventType>;

/**
 * A brand's source went silent or came back. `source_down`: the poller failed to read anything usable from it for
 * more polls in a row than its tolerance (`SOURCE_UNHEALTHY_AFTER`): the brand's mentions from that source are not
 * arriving, which must not be read as a calm brand. `source_recovered`: a poll of it worked again.
 */
export const SourceHealthEvent = z
  .object({
    schemaVersion: z.literal(1),
    eventId: HexId.describe(
      'sourceHealthEventId(brand, source, event, failingSince): the same episode, the same id',
    ),
    event: SourceHealthEventType,
    brand: BrandId,
    source: SourceName,
    at: IsoDateTime.describe('When the source went down or recovered (the poll that decided it)'),
    failingSince: IsoDateTime.describe('First failed poll of this episode'),
    consecutiveFailures: NonNegativeInt.describe('Failed polls in a row (on recovery: before it recovered)'),
    tolerance: NonNegativeInt.describe('Failed polls in a row after which a source is down'),
    lastSuccessAt: IsoDateTime.optional().describe('Last poll that worked, if any'),
    url: z.string().optional().describe('The request or page that failed last, credentials removed'),
    reason: z.string().max(500).describe('Why the last poll failed'),
  })
  .describe('sources.health.v1: a brand source went down (silent) or recovered');
export type SourceHealthEvent = z.infer<typeof SourceHealthEvent>;

/** Deterministic id of a down/recovered event: one brand, one source, one episode (its first failure), one kind. */
export function sourceHealthEventId(
  brand: string,
  source: string,
  event: SourceHealthEventType,
  failingSince: string,
): string {
  return createHash('sha256')
    .update(`${brand}\u0000${source}\u0000${event}\u0000${failingSince}`)
    .digest('hex')
    .slice(0, 32);
}
