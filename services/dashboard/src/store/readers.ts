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

/**
 * Reads of what the aggregator and the poller store. Every method says which `_id` or index serves it; none
 * filters mentions by anything but `_id` (FerretDB scans for any other filter).
 */
export class StoredReads {
  private readonly mentions: Collection<MentionDoc>;
  private readonly hoursCol: Collection<HourDoc>;
  private readonly hourCache = new Map<string, { doc: HourDoc | null; expires: number }>();
  private readonly alerts: Collection<AlertDoc>;
  private readonly heads: Collection<AlertHeadDoc>;
  private readonly sources: Collection<SourceStatusDoc>;

  constructor(db: Db) {
    this.mentions = db.collection<MentionDoc>(COLLECTIONS.mentions);
    this.hoursCol = db.collection<HourDoc>(COLLECTIONS.rollupsHour);
    this.alerts = db.collection<AlertDoc>(COLLECTIONS.alerts);
    this.heads = db.collection<AlertHeadDoc>(COLLECTIONS.alertHeads);
    this.sources = db.collection<SourceStatusDoc>(COLLECTIONS.sourceStatus);
  }

  /** Served by _id. */
  async mention(id: string): Promise<MentionDoc | null> {
    return this.mentions.findOne({ _id: id }, { projection: { kafka: 0 } });
  }

  /** Parallel `_id` lookups (an `$in` filter scans on FerretDB); unknown ids are left out. */
  async mentionsById(ids: readonly string[]): Promise<Map<string, MentionDoc>> {
    const docs = await Promise.all(ids.map((id) => this.mention(id)));
    return new Map(docs.filter((d): d is MentionDoc => d !== null).map((d) => [d._id, d]));
  }

  /**
   * Hour rollups of [from, to) oldest first, without minutes and evidence: one `_id` read per hour (rollupId),
   * 24 at a time. Missing hours (no mention) are left out. Hours that ended over two hours ago are kept in memory
   * for five minutes (late mentions still land in them, rarely), so a 30-day chart of 20 brands does not read
   * 14,400 documents on every load.
   */
  async hours(brand: string, from: number, to: number): Promise<HourDoc[]> {
    const now = Date.now();
    const starts: number[] = [];
    for (let h = hourOf(from).getTime(); h < to; h += HOUR_MS) starts.push(h);
    const out: HourDoc[] = [];
    const missing: number[] = [];
    const found = new Map<number, HourDoc | null>();
    for (const h of starts) {
      const hit = this.hourCache.get(rollupId(brand, new Date(h)));
      if (hit && hit.expires > now) found.set(h, hit.doc);
      else missing.push(h);
    }
    for (let i = 0; i < missing.length; i += 24) {
      const group = missing.slice(i, i + 24);
      const docs = await Promise.all(
        group.map((h) =>
          this.hoursCol.findOne(
            { _id: rollupId(brand, new Date(h)) },
            { projection: { minutes: 0, top: 0, wm: 0 } },
          ),
        ),
      );
      group.forEach((h, j) => {
        const doc = docs[j] ?? null;
        found.set(h, doc);
        if (h + 3 * HOUR_MS < now)
          this.hourCache.set(rollupId(brand, new Date(h)), { doc, expires: now + 300_000 });
      });
    }
    if (this.hourCache.size > 200_000) this.hourCache.clear();
    for (const h of starts) {
      const doc = found.get(h);
      if (doc) out.push(doc);
    }
    return out;
  }

  /** Served by _id. */
  async alert(id: string): Promise<AlertDoc | null> {
    return this.alerts.findOne({ _id: id });
  }

  /**
   * A brand's alerts, newest first. On MongoDB served by the aggregator's { brand, state, openedAt } index; on
   * FerretDB a scan of `alerts`, which holds tens to hundreds of documents (alerts are rare), not mentions.
   */
  async alertsOf(brand: string, state: 'open' | 'resolved' | undefined, limit: number): Promise<AlertDoc[]> {
    return this.alerts
      .find({ brand, ...(state && { state }) })
      .sort({ openedAt: -1 })
      .limit(limit)
      .toArray();
  }

  /** The brand's alert head (open alert id), served by _id. */
  async alertHead(brand: string): Promise<AlertHeadDoc | null> {
    return this.heads.findOne({ _id: brand });
  }

  /** Served by _id (`${brand}:${source}`). */
  async sourceStatus(brand: string, source: string): Promise<SourceStatusDoc | null> {
    return this.sources.findOne({ _id: sourceStatusId(brand, source) });
  }
}
