import type { Collection, Db } from 'mongodb';
import type { BucketCounts } from '../detect/detector';
import type { Evidence, RollupUpdate, Watermarks } from '../contributions';
import type { EvidenceCandidate, MinuteSummary, RollupCounts } from '../rollup';
import { COLLECTIONS } from './collections';
import { decodeEvidence, encodeEvidence } from './evidence-codec';

/**
 * Rollups are read and written by `_id` only (`${brand}|${bucket ISO}`): FerretDB's SQLite backend serves `_id`
 * equality from its primary key and scans for anything else, so a design that queried mentions by brand and
 * minute would slow down as the collection grows.
 */
/** Stored counts: zero counts may be missing (they are never incremented). */
export type StoredCounts = { total: number } & Partial<Omit<RollupCounts, 'total'>>;

interface RollupDoc extends StoredCounts {
  _id: string;
  brand: string;
  bucket: Date;
  /** Partition -> highest classified-topic offset counted here (see contributions.ts). */
  wm: Watermarks;
  updatedAt: Date;
}

export interface MinuteDoc extends RollupDoc {
  /**
   * Partition -> the minute's most negative mentions read from it: alert evidence, encoded by evidence-codec.ts.
   * One list per partition, so that each list has a single writer (the partition's consumer), like the watermarks.
   */
  top?: Record<string, string[]>;
}

export interface HourDoc extends RollupDoc {
  /** Minute of the hour ("0".."59") -> what detection needs of that minute. */
  minutes: Record<string, MinuteSummary>;
}

export type Granularity = 'minute' | 'hour';

/** One rollup document's update. */
export interface RollupWrite {
  granularity: Granularity;
  brand: string;
  bucket: Date;
  update: RollupUpdate;
}

export interface RollupsRepo {
  ensureIndexes(): Promise<void>;
  /** What an update depends on: the document's watermarks and (minutes) evidence. */
  state(
    granularity: Granularity,
    brand: string,
    bucket: Date,
  ): Promise<{ watermarks?: Watermarks; evidence?: Evidence } | null>;
  /**
   * Per write: adds the increments and advances the watermarks in one single-document update (upsert). All
   * writes go in one unordered bulk per collection: on a failure any subset may have landed, each one whole.
   */
  applyAll(writes: readonly RollupWrite[], now: Date): Promise<void>;
  /** A minute's evidence lists (partition -> candidates), empty when the minute has none. */
  evidence(brand: string, minute: Date): Promise<Evidence>;
  /** Hour documents of the hours overlapping [from, to), oldest first. */
  hoursBetween(brand: string, from: Date, to: Date): Promise<HourDoc[]>;
  deleteOlderThan(granularity: Granularity, brand: string, cutoff: Date): Promise<number>;
  brands(granularity: Granularity): Promise<string[]>;
}

const HOUR_MS = 3_600_000;

function hourStart(t: Date): number {
  return Math.floor(t.getTime() / HOUR_MS) * HOUR_MS;
}

export function rollupId(brand: string, bucket: Date): string {
  return `${brand}|${bucket.toISOString()}`;
}

/** Detector input from hour documents: one point per minute, or per hour. */
export function seriesFromHours(hours: readonly HourDoc[], granularity: 'minute' | 'hour'): BucketCounts[] {
  const out: BucketCounts[] = [];
  for (const h of hours) {
    if (granularity === 'hour') {
      out.push(point(h.bucket, h));
      continue;
    }
    for (const [minute, c] of Object.entries(h.minutes ?? {})) {
      out.push(minutePoint(new Date(h.bucket.getTime() + Number(minute) * 60_000), c));
    }
  }
  return out;
}

function point(start: Date, c: StoredCounts): BucketCounts {
  return { start, mentions: c.total, negatives: c.sentiment?.negative ?? 0, complaints: c.complaints ?? 0 };
}

function minutePoint(start: Date, m: MinuteSummary): BucketCounts {
  return { start, mentions: m.total, negatives: m.negative ?? 0, complaints: m.complaints ?? 0 };
}

function setFields(brand: string, bucket: Date, update: RollupUpdate, now: Date): Record<string, unknown> {
  const set: Record<string, unknown> = { brand, bucket, updatedAt: now };
  for (const [partition, offset] of Object.entries(update.watermarks)) set[`wm.${partition}`] = offset;
  for (const [partition, list] of Object.entries(update.evidence ?? {})) {
    set[`top.${partition}`] = list.map(encodeEvidence);
  }
  return set;
}

function decodeLists(stored: Record<string, string[]>): Record<string, EvidenceCandidate[]> {
  return Object.fromEntries(Object.entries(stored).map(([p, list]) => [p, list.map(decodeEvidence)]));
}

export function createRollupsRepo(db: Db): RollupsRepo {
  const minutes: Collection<MinuteDoc> = db.collection<MinuteDoc>(COLLECTIONS.rollupsMinute);
  const hours: Collection<HourDoc> = db.collection<HourDoc>(COLLECTIONS.rollupsHour);
  const names = { minute: COLLECTIONS.rollupsMinute, hour: COLLECTIONS.rollupsHour } as const;
  const collection = (granularity: Granularity) =>
    db.collection<RollupDoc & Partial<MinuteDoc>>(names[granularity]);

  return {
    async ensureIndexes() {
      for (const name of Object.values(names)) {
        // Serves retention ({ brand, bucket: { $lt } }) and ad-hoc reads by brand and time (demo, CLI); the
        // service's own hot path reads and writes by _id.
        await db.collection(name).createIndex({ brand: 1, bucket: 1 }, { name: 'brand_bucket' });
      }
    },
    async state(granularity, brand, bucket) {
      const doc = await collection(granularity).findOne(
        { _id: rollupId(brand, bucket) },
        { projection: { wm: 1, top: 1 } },
      );
      if (!doc) return null;
      return { watermarks: doc.wm, ...(doc.top && { evidence: decodeLists(doc.top) }) };
    },
    async applyAll(writes, now) {
      for (const granularity of ['minute', 'hour'] as const) {
        const ops = writes
          .filter((w) => w.granularity === granularity)
          .map(({ brand, bucket, update }) => ({
            updateOne: {
              filter: { _id: rollupId(brand, bucket) },
              update: { $inc: update.inc, $set: setFields(brand, bucket, update, now) },
              upsert: true,
            },
          }));
        if (ops.length > 0) await collection(granularity).bulkWrite(ops, { ordered: false });
      }
    },
    async evidence(brand, minute) {
      const doc = await minutes.findOne({ _id: rollupId(brand, minute) }, { projection: { top: 1 } });
      return decodeLists(doc?.top ?? {});
    },
    async hoursBetween(brand, from, to) {
      const found: HourDoc[] = [];
      for (let t = hourStart(from); t < to.getTime(); t += HOUR_MS) {
        const doc = await hours.findOne({ _id: rollupId(brand, new Date(t)) });
        if (doc) found.push(doc);
      }
      return found;
    },
    async deleteOlderThan(granularity, brand, cutoff) {
      return (await collection(granularity).deleteMany({ brand, bucket: { $lt: cutoff } })).deletedCount;
    },
    async brands(granularity) {
      return collection(granularity).distinct('brand');
    },
  };
}
