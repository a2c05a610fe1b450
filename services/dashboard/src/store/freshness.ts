/**
 * How long the dashboard keeps what it read (see ReadCache). Data that may still change (the last hours, alert
 * heads, inbox heads, source states, mutes) is kept a few seconds; hours and list slots that ended long ago change
 * only when a late mention lands in them, which the dashboard's own consumer sees (it then marks them touched), so
 * they are kept for hours.
 */
export const FRESH_MS = 5_000;
export const SETTLED_MS = 6 * 3_600_000;
/** A period that ended this long ago is settled: mentions published in it have arrived, bar a few late ones. */
export const SETTLE_AFTER_MS = 2 * 3_600_000;
/** A settled period touched by a late mention is treated as fresh for this long (the aggregator may lag behind). */
export const TOUCHED_FOR_MS = 2 * 60_000;

/** How long a read of the period [.., end) may be kept at `now`. */
export function keepFor(end: number, now: number, touchedUntil = 0): number {
  return end + SETTLE_AFTER_MS < now && touchedUntil <= now ? SETTLED_MS : FRESH_MS;
}

/**
 * Keys of settled periods recently touched by a late mention (bounded: when full, the oldest marks go, and a
 * period that loses its mark early is re-read FRESH_MS after it was last marked anyway via expireWithin).
 */
export class TouchedPeriods {
  private readonly until = new Map<string, number>();

  constructor(private readonly maxKeys = 10_000) {}

  touch(key: string, now: number): void {
    this.until.delete(key);
    this.until.set(key, now + TOUCHED_FOR_MS);
    while (this.until.size > this.maxKeys) this.until.delete(this.until.keys().next().value as string);
  }

  touchedUntil(key: string): number {
    return this.until.get(key) ?? 0;
  }
}
