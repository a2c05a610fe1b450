import type { SourceName } from '@crumbtrail/contracts';
import { fencedFilter } from '@crumbtrail/runtime';
import { MongoServerError, type Collection, type Db } from 'mongodb';
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
  /** Fencing token of the leader that saved it (absent: saved before leadership existed). */
  fence?: number;
}

/**
 * Who may save cursors: the poller leader's lease. `token()` is undefined when this replica is not the leader;
 * `verify()` reads the lease and says whether it still names this replica with that token.
 */
export interface CursorFence {
  token(): number | undefined;
  verify(): Promise<boolean>;
}

/** A cursor save refused because this replica is not (or no longer) the leader. */
export class StaleLeaderError extends Error {
  constructor(detail: string) {
    super(`cursor not saved: ${detail}`);
    this.name = 'StaleLeaderError';
  }
}

export const cursorId = (brand: string, source: SourceName): string => `${brand}:${source}`;

/** The cursor repository: the only code that touches `poller_cursors`. */
export class CursorRepository implements CursorStore {
  private readonly collection: Collection<CursorDocument>;

  /** Without a fence (tests of one replica), every save is accepted. */
  constructor(
    db: Db,
    private readonly fence?: CursorFence,
  ) {
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

  /**
   * Stores the cursor. With a fence, only the leader's save counts: it is refused (StaleLeaderError) when this
   * replica holds no token, when the lease names another holder now, or when a newer leader already saved this
   * cursor (the write is conditional on the stored fence being this token or older). The mentions the refused poll
   * published are then polled again by the new leader from the cursor it keeps: nothing is skipped.
   */
  async save(brand: string, source: SourceName, cursor: unknown): Promise<void> {
    // Through JSON: drops `undefined` fields (which the driver would store as null) and anything not plain data.
    const plain: unknown = cursor === undefined ? null : JSON.parse(JSON.stringify(cursor));
    const id = cursorId(brand, source);
    const set = { brand, source, cursor: plain, updatedAt: new Date() };
    if (!this.fence) {
      await this.collection.updateOne({ _id: id }, { $set: set }, { upsert: true });
      return;
    }
    const token = this.fence.token();
    if (token === undefined) throw new StaleLeaderError('this replica is not the leader');
    if (!(await this.fence.verify())) throw new StaleLeaderError(`leadership (token ${token}) was lost`);
    try {
      const result = await this.collection.updateOne(
        fencedFilter(id, token),
        { $set: { ...set, fence: token } },
        { upsert: true },
      );
      if (result.matchedCount + result.upsertedCount === 1) return;
    } catch (err) {
      // The upsert's insert collides with the document a newer leader saved.
      if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
    }
    throw new StaleLeaderError(`a newer leader saved ${id} (token ${token} refused)`);
  }

  async get(brand: string, source: SourceName): Promise<CursorDocument | null> {
    return this.collection.findOne({ _id: cursorId(brand, source) });
  }
}
