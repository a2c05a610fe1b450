import type { Collection, Db } from 'mongodb';

/**
 * What the digest reads of the aggregator's hour rollups (collection `rollups_hour`, one document per brand and
 * UTC hour, `_id` = `${brand}|${hour ISO}`). Only the fields used here, defined here rather than imported: a service
 * never imports another one. Zero counts may be missing from a stored document; they read as 0.
 */
export interface HourRollupRead {
  _id: string;
  bucket: Date;
  total: number;
  sentiment?: Record<string, number>;
  intent?: Record<string, number>;
  complaints?: number;
  sources?: Record<string, number>;
  scoreSum?: number;
}

const HOUR_MS = 3_600_000;

export function rollupId(brand: string, hourStart: Date): string {
  return `${brand}|${hourStart.toISOString()}`;
}

/** Hour starts (UTC) in [from, to), oldest first. */
export function hoursIn(from: Date, to: Date): Date[] {
  const out: Date[] = [];
  for (let h = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS; h < to.getTime(); h += HOUR_MS)
    out.push(new Date(h));
  return out;
}

export class HourRollupsReader {
  private readonly hours: Collection<HourRollupRead>;

  constructor(db: Db, collectionName = 'rollups_hour') {
    this.hours = db.collection<HourRollupRead>(collectionName);
  }

  /** The stored hours of [from, to), one `_id` lookup each (FerretDB serves those from its primary key). */
  async between(brand: string, from: Date, to: Date): Promise<HourRollupRead[]> {
    const found = await Promise.all(
      hoursIn(from, to).map((hour) =>
        this.hours.findOne(
          { _id: rollupId(brand, hour) },
          {
            projection: {
              bucket: 1,
              total: 1,
              sentiment: 1,
              intent: 1,
              complaints: 1,
              sources: 1,
              scoreSum: 1,
            },
          },
        ),
      ),
    );
    return found.filter((d): d is HourRollupRead => d !== null);
  }
}
