import { createHash } from 'node:crypto';

/**
 * Deterministic id of a mention: the same post fetched twice (or by two pollers) gets the same id,
 * which is the Kafka key and the MongoDB `_id`, so duplicates collapse downstream.
 */
export function eventId(source: string, externalId: string): string {
  return createHash('sha256').update(`${source}\u0000${externalId}`).digest('hex').slice(0, 32);
}

/** Deterministic id of an alert episode: one brand, one kind, one opening bucket. */
export function alertId(brand: string, kind: string, openedBucket: Date): string {
  return createHash('sha256')
    .update(`${brand}\u0000${kind}\u0000${openedBucket.toISOString()}`)
    .digest('hex')
    .slice(0, 32);
}
