/**
 * Mentions this replica has seen on the classified topic that the aggregator may not have counted into their hour
 * yet: per hour key, partition -> highest offset seen. An hour rollup's watermarks (`wm`: partition -> highest offset
 * counted) tell when it has caught up, however long the aggregator lags; until then the hour is re-read rather
 * than kept. An hour that never catches up (a mention the aggregator skipped as a duplicate) is let go after
 * `giveUpMs`.
 */
export class PendingHours {
  private readonly byHour = new Map<string, { offsets: Record<string, number>; since: number }>();

  constructor(
    private readonly maxHours = 50_000,
    private readonly giveUpMs = 3_600_000,
  ) {}

  add(key: string, partition: number, offset: number, now: number): void {
    const entry = this.byHour.get(key) ?? { offsets: {}, since: now };
    entry.offsets[partition] = Math.max(entry.offsets[partition] ?? -1, offset);
    this.byHour.delete(key);
    this.byHour.set(key, entry);
    while (this.byHour.size > this.maxHours) this.byHour.delete(this.byHour.keys().next().value as string);
  }

  has(key: string, now: number): boolean {
    const entry = this.byHour.get(key);
    if (!entry) return false;
    if (now - entry.since < this.giveUpMs) return true;
    this.byHour.delete(key);
    return false;
  }

  /** Forgets the hour once its rollup (`wm`) has counted every offset seen; true while it is still pending. */
  settle(key: string, wm: Readonly<Record<string, number>> | undefined, now: number): boolean {
    const entry = this.byHour.get(key);
    if (!entry) return false;
    const counted = Object.entries(entry.offsets).every(([p, offset]) => (wm?.[p] ?? -1) >= offset);
    if (counted) this.byHour.delete(key);
    return !counted && this.has(key, now);
  }
}
