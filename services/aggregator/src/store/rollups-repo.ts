import type { BucketCounts } from '../detect/detector';
import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import type { RollupCounts } from '../rollup';
import { COLLECTIONS } from './collections';

export type Granularity = 'minute' | 'hour';

export interface RollupDoc extends RollupCounts {
  /** `${brand}|${bucket ISO}`: one document per brand and bucket. */
  _id: string;
  brand: string;
  /** UTC bucket start. */
  bucket: Date;
  updatedAt: Date;
}

export interface RollupsRepo {
  ensureIndexes(): Promise<void>;
  /**
   * Writes absolute counts ($set), so writing the same recomputation twice changes nothing. A write whose total is
   * below the stored one is skipped: stored mentions only grow, so a smaller total is a stale recomputation (two
   * consumers racing on one bucket) or a bucket whose mentions retention already deleted. Returns docs written.
   */
  write(granularity: Granularity, brand: string, buckets: { bucket: Date; counts: RollupCounts }[], now: Date): Promise<number>;
  read(granularity: Granularity, brand: string, from: Date, to: Date): Promise<RollupDoc[]>;
  /** Detector input: mentions, negatives and complaints per bucket. */
  series(granularity: Granularity, brand: string, from: Date, to: Date): Promise<BucketCounts[]>;
  deleteOlderThan(granularity: Granularity, brand: string, cutoff: Date): Promise<number>;
  brands(granularity: Granularity): Promise<string[]>;
}

export function rollupId(brand: string, bucket: Date): string {
  return `${brand}|${bucket.toISOString()}`;
}

export function createRollupsRepo(db: Db): RollupsRepo {
  const cols: Record<Granularity, Collection<RollupDoc>> = {
    minute: db.collection<RollupDoc>(COLLECTIONS.rollupsMinute),
    hour: db.collection<RollupDoc>(COLLECTIONS.rollupsHour),
  };
  return {
    async ensureIndexes() {
      for (const col of Object.values(cols)) {
        // Serves range reads (detection, hour recomputation, charts) and retention, per brand.
        await col.createIndex({ brand: 1, bucket: 1 }, { name: 'brand_bucket' });
      }
    },
    async write(granularity, brand, buckets, now) {
      if (buckets.length === 0) return 0;
      try {
        await cols[granularity].bulkWrite(
          buckets.map(({ bucket, counts }) => ({
            updateOne: {
              // No match (stored total is larger) turns the upsert into an insert of an existing _id: error 11000.
              filter: { _id: rollupId(brand, bucket), total: { $lte: counts.total } },
              update: { $set: { brand, bucket, ...counts, updatedAt: now } },
              upsert: true,
            },
          })),
          { ordered: false },
        );
        return buckets.length;
      } catch (err) {
        if (!(err instanceof MongoBulkWriteError)) throw err;
        const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
        if (errors.some((e) => e.code !== 11000)) throw err;
        return buckets.length - errors.length;
      }
    },
    async read(granularity, brand, from, to) {
      return cols[granularity].find({ brand, bucket: { $gte: from, $lt: to } }, { sort: { bucket: 1 } }).toArray();
    },
    async series(granularity, brand, from, to) {
      const docs = await cols[granularity]
        .find(
          { brand, bucket: { $gte: from, $lt: to } },
          { projection: { _id: 0, bucket: 1, total: 1, sentiment: 1, complaints: 1 } },
        )
        .toArray();
      return docs.map((d) => ({
        start: d.bucket,
        mentions: d.total ?? 0,
        negatives: d.sentiment?.negative ?? 0,
        complaints: d.complaints ?? 0,
      }));
    },
    async deleteOlderThan(granularity, brand, cutoff) {
      return (await cols[granularity].deleteMany({ brand, bucket: { $lt: cutoff } })).deletedCount;
    },
    async brands(granularity) {
      return (await cols[granularity].distinct('brand')) as string[];
    },
  };
}

