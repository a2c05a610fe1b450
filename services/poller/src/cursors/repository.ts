import type { SourceName } from '@crumbtrail/contracts';
import type { Collection, Db } from 'mongodb';
import type { CursorStore } from '../poll/run-poll';

export const CURSORS_COLLECTION = 'poller_cursors';

/** One document per brand and source: where the last acknowledged poll of that search ended. */
export interface CursorDocument {
  /** `${brand}:${source}` */
  _id: string;
  brand: string;
  source: SourceName;
  /** The source's own cursor (newest id, time watermark, page token, line number ...), plain JSON. */
  cursor: unknown;
  updatedAt: Date;
}

export const cursorId = (brand: string, source: SourceName): string => `${brand}:${source}`;

/** The cursor repository: the only code that touches `poller_cursors`. */
export class CursorRepository implements CursorStore {
  private readonly collection: Collection<CursorDocument>;

  constructor(db: Db) {
    this.collection = db.collection<CursorDocument>(CURSORS_COLLECTION);
  }

  /**
   * Indexes: only `_id` (`brand:source`), which MongoDB creates itself. Every read and write here is by `_id`
   * (load before a poll, upsert after it), so no secondary index is needed; the collection holds one small
   * document per brand and source.
   */
  async ensureIndexes(): Promise<void> {
    await this.collection.db.createCollection(CURSORS_COLLECTION).catch((err: unknown) => {
      // 48 NamespaceExists: created by an earlier start or another instance
      if ((err as { code?: number }).code !== 48) throw err;
    });
  }

  async load(brand: string, source: SourceName): Promise<unknown> {
    const doc = await this.collection.findOne({ _id: cursorId(brand, source) });
    return doc?.cursor ?? undefined;
  }

  async save(brand: string, source: SourceName, cursor: unknown): Promise<void> {
    // Through JSON: drops `undefined` fields (which the driver would store as null) and anything not plain data.
    const plain: unknown = cursor === undefined ? null : JSON.parse(JSON.stringify(cursor));
    await this.collection.updateOne(
      { _id: cursorId(brand, source) },
      { $set: { brand, source, cursor: plain, updatedAt: new Date() } },
      { upsert: true },
    );
  }

  async get(brand: string, source: SourceName): Promise<CursorDocument | null> {
    return this.collection.findOne({ _id: cursorId(brand, source) });
  }
}
