import type { Collection, Db } from 'mongodb';
import type { BucketCounts } from '../detect/detector';
import { sumCounts, type Member, type RollupCounts } from '../rollup';
import { COLLECTIONS } from './collections';

/**
 * Rollups are read and written by `_id` only (`${brand}|${bucket ISO}`): FerretDB's SQLite backend serves `_id`
 * equality from its primary key and scans for anything else, so a design that queried mentions by brand and
 * minute would slow down as the collection grows.
 */
export interface MinuteDoc extends RollupCounts {
  _id: string;
  brand: string;
  bucket: Date;
  /** eventId -> the mention's rollup fields: the set the counts are recomputed from. */
  m: Record<string, Member>;
  updatedAt: Date;
}

export interface HourDoc extends RollupCounts {
  _id: string;
  brand: string;
  bucket: Date;
  /** Minute of the hour ("0".."59") -> that minute's counts. */
  minutes: Record<string, RollupCounts>;
  updatedAt: Date;
}

export interface RollupsRepo {
  ensureIndexes(): Promise<void>;
  /** Adds mentions to a minute's member map ($set per eventId: adding one twice changes nothing). */
  addMembers(brand: string, minute: Date, members: Record<string, Member>, now: Date): Promise<void>;
  minute(brand: string, minute: Date): Promise<MinuteDoc | null>;
  /** Writes a minute's counts unless the stored total (as read) is larger: a stale recomputation. */
  writeMinuteCounts(
    brand: string,
    minute: Date,
    counts: RollupCounts,
    now: Date,
    storedTotal: number | undefined,
  ): Promise<boolean>;
  hour(brand: string, hour: Date): Promise<HourDoc | null>;
  /** Hour documents of the hours overlapping [from, to), oldest first. */
  hoursBetween(brand: string, from: Date, to: Date): Promise<HourDoc[]>;
  writeHour(brand: string, hour: Date, minutes: Record<string, RollupCounts>, now: Date): Promise<boolean>;
  deleteOlderThan(granularity: 'minute' | 'hour', brand: string, cutoff: Date): Promise<number>;
  brands(granularity: 'minute' | 'hour'): Promise<string[]>;
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
      out.push(point(new Date(h.bucket.getTime() + Number(minute) * 60_000), c));
    }
  }
  return out;
}

function point(start: Date, c: RollupCounts): BucketCounts {
  return { start, mentions: c.total, negatives: c.sentiment?.negative ?? 0, complaints: c.complaints };
}

export function createRollupsRepo(db: Db): RollupsRepo {
  const minutes: Collection<MinuteDoc> = db.collection<MinuteDoc>(COLLECTIONS.rollupsMinute);
  const hours: Collection<HourDoc> = db.collection<HourDoc>(COLLECTIONS.rollupsHour);
  const names = { minute: COLLECTIONS.rollupsMinute, hour: COLLECTIONS.rollupsHour } as const;

  /**
   * $set by _id unless the stored total is larger. The check reads first: FerretDB answers a filter on `_id`
   * alone from its primary key but scans the collection for `{ _id, total: { $lte } }`.
   */
  async function setUnlessSmaller(
    name: string,
    id: string,
    total: number,
    set: Record<string, unknown>,
  ): Promise<boolean> {
    const col = db.collection<{ _id: string; total?: number }>(name);
    const stored = await col.findOne({ _id: id }, { projection: { total: 1 } });
    if (stored?.total !== undefined && stored.total > total) return false;
    await col.updateOne({ _id: id }, { $set: set }, { upsert: true });
    return true;
  }

  return {
    async ensureIndexes() {
      for (const name of Object.values(names)) {
        // Serves retention ({ brand, bucket: { $lt } }) and ad-hoc reads by brand and time (demo, CLI); the
        // service's own hot path reads and writes by _id.
        await db.collection(name).createIndex({ brand: 1, bucket: 1 }, { name: 'brand_bucket' });
      }
    },
    async addMembers(brand, minute, members, now) {
      const set: Record<string, unknown> = { brand, bucket: minute, updatedAt: now };
      for (const [id, member] of Object.entries(members)) set[`m.${id}`] = member;
      await minutes.updateOne({ _id: rollupId(brand, minute) }, { $set: set }, { upsert: true });
    },
    minute(brand, minute) {
      return minutes.findOne({ _id: rollupId(brand, minute) });
    },
    async writeMinuteCounts(brand, minute, counts, now, storedTotal) {
      if (storedTotal !== undefined && storedTotal > counts.total) return false;
      await minutes.updateOne({ _id: rollupId(brand, minute) }, { $set: { ...counts, updatedAt: now } });
      return true;
    },
    hour(brand, hour) {
      return hours.findOne({ _id: rollupId(brand, hour) });
    },
    async hoursBetween(brand, from, to) {
      const found: HourDoc[] = [];
      for (let t = hourStart(from); t < to.getTime(); t += HOUR_MS) {
        const doc = await hours.findOne({ _id: rollupId(brand, new Date(t)) });
        if (doc) found.push(doc);
      }
      return found;
    },
    writeHour(brand, hour, perMinute, now) {
      const counts = sumCounts(Object.values(perMinute));
      return setUnlessSmaller(names.hour, rollupId(brand, hour), counts.total, {
        brand,
        bucket: hour,
        ...counts,
        minutes: perMinute,
        updatedAt: now,
      });
    },
    async deleteOlderThan(granularity, brand, cutoff) {
      return (await db.collection(names[granularity]).deleteMany({ brand, bucket: { $lt: cutoff } }))
        .deletedCount;
    },
    async brands(granularity) {
      return (await db.collection(names[granularity]).distinct('brand')) as string[];
    },
  };
}
