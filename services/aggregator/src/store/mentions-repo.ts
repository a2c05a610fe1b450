import { MongoBulkWriteError, type Collection, type Db, type WriteError } from 'mongodb';
import type { MentionDoc } from '../mention-doc';
import { COLLECTIONS } from './collections';

const DUPLICATE_KEY = 11000;

export interface InsertResult {
  inserted: number;
  duplicates: number;
}

export type EvidenceMention = Pick<
  MentionDoc,
  '_id' | 'source' | 'url' | 'author' | 'text' | 'score' | 'engagement' | 'publishedAt'
>;

export interface MentionsRepo {
  ensureIndexes(): Promise<void>;
  /** Inserts by _id = eventId; already-stored mentions count as duplicates, never as errors. */
  insert(docs: MentionDoc[]): Promise<InsertResult>;
  /** The stored mentions with these ids (one _id lookup each: FerretDB serves those from its primary key). */
  byIds(ids: string[]): Promise<EvidenceMention[]>;
  brands(): Promise<string[]>;
  deleteOlderThan(brand: string, cutoff: Date): Promise<number>;
}

export function createMentionsRepo(db: Db): MentionsRepo {
  const col: Collection<MentionDoc> = db.collection<MentionDoc>(COLLECTIONS.mentions);
  return {
    async ensureIndexes() {
      // Serves rollup recomputation ({brand, minute: {$in}}), evidence ({brand, minute range, sentiment}) and
      // retention ({brand, minute: {$lt}}).
      await col.createIndex({ brand: 1, minute: 1 }, { name: 'brand_minute' });
    },
    async insert(docs) {
      if (docs.length === 0) return { inserted: 0, duplicates: 0 };
      try {
        const result = await col.bulkWrite(
          docs.map((document) => ({ insertOne: { document } })),
          { ordered: false },
        );
        return { inserted: result.insertedCount, duplicates: 0 };
      } catch (err) {
        if (!(err instanceof MongoBulkWriteError)) throw err;
        const raw: WriteError | readonly WriteError[] = err.writeErrors;
        const writeErrors: readonly WriteError[] = isList(raw) ? raw : [raw];
        const other = writeErrors.find((e) => e.code !== DUPLICATE_KEY);
        if (other) throw err;
        return { inserted: err.result.insertedCount, duplicates: writeErrors.length };
      }
    },
    async byIds(ids) {
      const found: EvidenceMention[] = [];
      for (const _id of ids) {
        const doc = await col.findOne(
          { _id },
          {
            projection: {
              _id: 1,
              source: 1,
              url: 1,
              author: 1,
              text: 1,
              score: 1,
              engagement: 1,
              publishedAt: 1,
            },
          },
        );
        if (doc) found.push(doc);
      }
      return found;
    },
    async brands() {
      return col.distinct('brand');
    },
    async deleteOlderThan(brand, cutoff) {
      const result = await col.deleteMany({ brand, minute: { $lt: cutoff } });
      return result.deletedCount;
    },
  };
}

function isList(e: WriteError | readonly WriteError[]): e is readonly WriteError[] {
  return Array.isArray(e);
}
