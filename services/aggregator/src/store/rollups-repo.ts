import type { Collection, Db } from 'mongodb';
import type { BucketCounts } from '../detect/detector';
import type { Evidence, RollupUpdate, Watermarks } from '../contributions';
import { EVIDENCE_SLOT_MINUTES, type EvidenceCandidate, type MinuteSummary } from '../rollup';
import { HOUR_MS, hourOf, MINUTE_MS } from '../mention-doc';
import { rollupId, type HourDoc, type StoredCounts } from '@crumbtrail/storage';
import { COLLECTIONS } from './collections';
import { decodeEvidence, encodeEvidence } from './evidence-codec';

/**
 * One rollup document per (brand, hour), read and written by `_id` only (`${brand}|${hour ISO}`): FerretDB's
 * SQLite backend serves `_id` equality from its primary key and scans for anything else. Minutes live inside
 * their hour (summaries and evidence) rather than in documents of their own: a batch whose mentions spread over
 * an hour then updates one document per brand, not sixty (FerretDB pays per document updated).
 */
// The stored documents live in @crumbtrail/storage (the dashboard reads them too).
export type { HourDoc, StoredCounts } from '@crumbtrail/storage';
export { rollupId } from '@crumbtrail/storage';

/** One rollup document's update. */
export interface RollupWrite {
  brand: string;
  hour: Date;
  update: RollupUpdate;
}

export interface RollupsRepo {
  ensureIndexes(): Promise<void>;
  /** What an update depends on: the document's watermarks and evidence. */
  state(brand: string, hour: Date): Promise<{ watermarks?: Watermarks; evidence?: Evidence } | null>;
  /**
   * Per write: adds the increments and advances the watermarks in one single-document update (upsert). All
   * writes go in one unordered bulk: on a failure any subset may have landed, each one whole.
   */
  applyAll(writes: readonly RollupWrite[], now: Date): Promise<void>;
  /** Every evidence list of the slots overlapping [from, to). */
  evidence(brand: string, from: Date, to: Date): Promise<EvidenceCandidate[][]>;
  /** Hour documents of the hours overlapping [from, to), oldest first, without their evidence. */
  hoursBetween(brand: string, from: Date, to: Date): Promise<HourDoc[]>;
  deleteOlderThan(brand: string, cutoff: Date): Promise<number>;
  /** Removes minute summaries and evidence from hours before `cutoff`: the hour's counts stay. */
  trimMinutesOlderThan(brand: string, cutoff: Date): Promise<number>;
  brands(): Promise<string[]>;
}

const SLOT_MS = EVIDENCE_SLOT_MINUTES * MINUTE_MS;

/** Start times (ms) of the hours overlapping [from, to), oldest first. */
function hoursOverlapping(from: Date, to: Date): number[] {
  const hours: number[] = [];
  for (let h = hourOf(from).getTime(); h < to.getTime(); h += HOUR_MS) hours.push(h);
  return hours;
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
      out.push(minutePoint(new Date(h.bucket.getTime() + Number(minute) * MINUTE_MS), c));
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

function setFields(brand: string, hour: Date, update: RollupUpdate, now: Date): Record<string, unknown> {
  const set: Record<string, unknown> = { brand, bucket: hour, updatedAt: now };
  for (const [partition, offset] of Object.entries(update.watermarks)) set[`wm.${partition}`] = offset;
  for (const [key, list] of Object.entries(update.evidence ?? {}))
    set[`top.${key}`] = list.map(encodeEvidence);
  return set;
}

/** Stored `top` as `Evidence` ("<slot>.<partition>" -> candidates). */
function decodeTop(top: NonNullable<HourDoc['top']>): Evidence {
  const out: Evidence = {};
  for (const [slot, lists] of Object.entries(top)) {
    for (const [partition, list] of Object.entries(lists))
      out[`${slot}.${partition}`] = list.map(decodeEvidence);
  }
  return out;
}

export function createRollupsRepo(db: Db): RollupsRepo {
  const hours: Collection<HourDoc> = db.collection<HourDoc>(COLLECTIONS.rollupsHour);

  return {
    async ensureIndexes() {
      // Serves retention ({ brand, bucket: { $lt } }) and ad-hoc reads by brand and time (demo, CLI); the
      // service's own hot path reads and writes by _id.
      await hours.createIndex({ brand: 1, bucket: 1 }, { name: 'brand_bucket' });
    },
    async state(brand, hour) {
      const doc = await hours.findOne({ _id: rollupId(brand, hour) }, { projection: { wm: 1, top: 1 } });
      if (!doc) return null;
      return { watermarks: doc.wm, ...(doc.top && { evidence: decodeTop(doc.top) }) };
    },
    async applyAll(writes, now) {
      if (writes.length === 0) return;
      await hours.bulkWrite(
        writes.map(({ brand, hour, update }) => ({
          updateOne: {
            filter: { _id: rollupId(brand, hour) },
            update: { $inc: update.inc, $set: setFields(brand, hour, update, now) },
            upsert: true,
          },
        })),
        { ordered: false },
      );
    },
    async evidence(brand, from, to) {
      const lists: EvidenceCandidate[][] = [];
      for (const h of hoursOverlapping(from, to)) {
        const doc = await hours.findOne({ _id: rollupId(brand, new Date(h)) }, { projection: { top: 1 } });
        for (const [slot, byPartition] of Object.entries(doc?.top ?? {})) {
          const start = h + Number(slot) * MINUTE_MS;
          if (start >= to.getTime() || start + SLOT_MS <= from.getTime()) continue;
          for (const list of Object.values(byPartition)) lists.push(list.map(decodeEvidence));
        }
      }
      return lists;
    },
    async hoursBetween(brand, from, to) {
      const found: HourDoc[] = [];
      for (const h of hoursOverlapping(from, to)) {
        const doc = await hours.findOne({ _id: rollupId(brand, new Date(h)) }, { projection: { top: 0 } });
        if (doc) found.push(doc);
      }
      return found;
    },
    async deleteOlderThan(brand, cutoff) {
      return (await hours.deleteMany({ brand, bucket: { $lt: cutoff } })).deletedCount;
    },
    async trimMinutesOlderThan(brand, cutoff) {
      const trimmed = await hours.updateMany(
        { brand, bucket: { $lt: cutoff }, minutes: { $exists: true } },
        { $unset: { minutes: '', top: '' } },
      );
      return trimmed.modifiedCount;
    },
    async brands() {
      return hours.distinct('brand');
    },
  };
}
