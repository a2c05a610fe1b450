import {
  COLLECTIONS,
  HOUR_MS,
  hourOf,
  rollupId,
  sourceStatusId,
  type AlertDoc,
  type AlertHeadDoc,
  type HourDoc,
  type MentionDoc,
  type SourceStatusDoc,
} from '@crumbtrail/storage';
import type { Collection, Db } from 'mongodb';
import { FRESH_MS, SETTLED_MS, SETTLE_AFTER_MS, keepFor } from './freshness';
import { PendingHours } from './pending-hours';
import { ReadCache, type CacheStats } from './read-cache';

const DAY_MS = 86_400_000;

/** The hour rollups of one brand and UTC day as read at `loadedAt`; `pending`: some lack a mention seen since. */
interface DayHours {
  loadedAt: number;
  docs: Map<number, HourDoc | null>;
  pending: boolean;
}

/**
 * Reads of what the aggregator and the poller store. Every method says which `_id` or index serves it; none
 * filters mentions by anything but `_id` (FerretDB scans for any other filter). Reads are kept in ReadCaches for
 * the time freshness.ts gives, so the people looking at the same brands share them.
 */
export class StoredReads {
  private readonly mentions: Collection<MentionDoc>;
  private readonly hoursCol: Collection<HourDoc>;
  private readonly alerts: Collection<AlertDoc>;
  private readonly heads: Collection<AlertHeadDoc>;
  private readonly sources: Collection<SourceStatusDoc>;
  /** A brand's hours of one UTC day (~24 KB): 60 days of 80 brands. */
  private readonly hourDays = new ReadCache<DayHours>(4_800);
  private readonly pending = new PendingHours();
  /** A stored mention does not change; one that is not stored yet is not kept. */
  private readonly mentionCache = new ReadCache<MentionDoc | null>(20_000);
  private readonly alertCache = new ReadCache<AlertDoc | null>(2_000);
  private readonly alertListCache = new ReadCache<AlertDoc[]>(1_000);
  private readonly headCache = new ReadCache<AlertHeadDoc | null>(1_000);
  private readonly sourceCache = new ReadCache<SourceStatusDoc | null>(2_000);

  constructor(
    db: Db,
    private readonly clock: () => number = Date.now,
  ) {
    this.mentions = db.collection<MentionDoc>(COLLECTIONS.mentions);
    this.hoursCol = db.collection<HourDoc>(COLLECTIONS.rollupsHour);
    this.alerts = db.collection<AlertDoc>(COLLECTIONS.alerts);
    this.heads = db.collection<AlertHeadDoc>(COLLECTIONS.alertHeads);
    this.sources = db.collection<SourceStatusDoc>(COLLECTIONS.sourceStatus);
  }

  /** Served by _id. */
  async mention(id: string): Promise<MentionDoc | null> {
    return this.mentionCache.get(
      id,
      (doc) => (doc ? SETTLED_MS : 0),
      () => this.mentions.findOne({ _id: id }, { projection: { kafka: 0 } }),
    );
  }

  /** Parallel `_id` lookups (an `$in` filter scans on FerretDB); unknown ids are left out. */
  async mentionsById(ids: readonly string[]): Promise<Map<string, MentionDoc>> {
    const docs = await Promise.all(ids.map((id) => this.mention(id)));
    return new Map(docs.filter((d): d is MentionDoc => d !== null).map((d) => [d._id, d]));
  }

  /**
   * Hour rollups of [from, to) oldest first, without minutes and evidence. Read and kept a UTC day at a time (a
   * 30-day chart of 20 brands is 600 cache entries, not 14,400); a day is read as one `_id` read per hour
   * (rollupId), 24 at a time, and a reload of a day re-reads only its hours that were not settled when it was last
   * read or that hold a mention the aggregator has not counted yet (PendingHours). Hours without mentions are left
   * out.
   */
  async hours(brand: string, from: number, to: number): Promise<HourDoc[]> {
    const first = hourOf(from).getTime();
    const out: HourDoc[] = [];
    for (let d = Math.floor(first / DAY_MS) * DAY_MS; d < to; d += DAY_MS) {
      const day = this.hourDays.peek(`${brand}|${d}`)?.value ?? (await this.loadDayHours(brand, d));
      for (const [h, doc] of day.docs) if (doc && h >= first && h < to) out.push(doc);
    }
    return out;
  }

  /**
   * A mention of this hour was read from the classified topic at (partition, offset): the aggregator counts it into
   * the hour's rollup, now or after a lag, so the hour is re-read until its watermarks show it counted.
   */
  hourTouched(brand: string, t: number, at: { partition: number; offset: number }): void {
    const hour = hourOf(t).getTime();
    const key = `${brand}|${Math.floor(hour / DAY_MS) * DAY_MS}`;
    this.pending.add(`${brand}|${hour}`, at.partition, at.offset, this.clock());
    this.hourDays.expireWithin(key, FRESH_MS);
  }

  private loadDayHours(brand: string, day: number): Promise<DayHours> {
    const key = `${brand}|${day}`;
    return this.hourDays.get(
      key,
      (v) => (v.pending ? FRESH_MS : keepFor(day + DAY_MS, this.clock())),
      async () => {
        const now = this.clock();
        const prev = this.hourDays.stale(key);
        const docs = new Map<number, HourDoc | null>();
        const toRead: number[] = [];
        for (let h = day; h < day + DAY_MS && h <= now; h += HOUR_MS) {
          const settledThen = prev !== undefined && h + HOUR_MS + SETTLE_AFTER_MS < prev.loadedAt;
          if (settledThen && prev.docs.has(h) && !this.pending.has(`${brand}|${h}`, now))
            docs.set(h, prev.docs.get(h) ?? null);
          else {
            docs.set(h, null);
            toRead.push(h);
          }
        }
        let pending = false;
        for (let i = 0; i < toRead.length; i += 24) {
          const group = toRead.slice(i, i + 24);
          const read = await Promise.all(
            group.map((h) =>
              // Served by _id.
              this.hoursCol.findOne(
                { _id: rollupId(brand, new Date(h)) },
                { projection: { minutes: 0, top: 0 } },
              ),
            ),
          );
          group.forEach((h, j) => {
            const doc = read[j] ?? null;
            docs.set(h, doc);
            if (this.pending.settle(`${brand}|${h}`, doc?.wm, now)) pending = true;
          });
        }
        return { loadedAt: now, docs, pending };
      },
    );
  }

  /** Served by _id. */
  async alert(id: string): Promise<AlertDoc | null> {
    return this.alertCache.get(
      id,
      () => FRESH_MS,
      () => this.alerts.findOne({ _id: id }),
    );
  }

  /**
   * A brand's alerts, newest first. On MongoDB served by the aggregator's { brand, state, openedAt } index; on
   * FerretDB a scan of `alerts`, which holds tens to hundreds of documents (alerts are rare), not mentions.
   */
  async alertsOf(brand: string, state: 'open' | 'resolved' | undefined, limit: number): Promise<AlertDoc[]> {
    return this.alertListCache.get(
      `${brand}|${state ?? ''}|${limit}`,
      () => FRESH_MS,
      () =>
        this.alerts
          .find({ brand, ...(state && { state }) })
          .sort({ openedAt: -1 })
          .limit(limit)
          .toArray(),
    );
  }

  /** The brand's alert head (open alert id), served by _id. */
  async alertHead(brand: string): Promise<AlertHeadDoc | null> {
    return this.headCache.get(
      brand,
      () => FRESH_MS,
      () => this.heads.findOne({ _id: brand }),
    );
  }

  /** Served by _id (`${brand}:${source}`). */
  async sourceStatus(brand: string, source: string): Promise<SourceStatusDoc | null> {
    const id = sourceStatusId(brand, source);
    return this.sourceCache.get(
      id,
      () => FRESH_MS,
      () => this.sources.findOne({ _id: id }),
    );
  }

  /** Entries and hit rates of the caches, for /metrics. */
  cacheStats(): CacheStats[] {
    return [
      this.hourDays.stats('hour_days'),
      this.mentionCache.stats('mentions'),
      this.alertCache.stats('alerts'),
      this.alertListCache.stats('alert_lists'),
      this.headCache.stats('alert_heads'),
      this.sourceCache.stats('source_status'),
    ];
  }
}
