import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import { mapLimit } from '../map-limit';
import type { KafkaPosition, MentionDoc } from '../mention-doc';
import { COLLECTIONS } from './collections';
import { commandFailureOf, DUPLICATE_KEY, writeErrorsOf } from './write-errors';

/** Lookups by _id in flight at once: each is a few ms of round trip, not of work. */
const LOOKUP_CONCURRENCY = 4;

export interface InsertResult {
  inserted: number;
  /** Positions (in the inserted list) of the documents whose _id was already stored. */
  duplicates: number[];
}

export type EvidenceMention = Pick<
  MentionDoc,
  '_id' | 'source' | 'url' | 'author' | 'text' | 'score' | 'engagement' | 'publishedAt'
>;

export interface MentionsRepo {
  ensureIndexes(): Promise<void>;
  /** Inserts by _id = eventId; already-stored mentions count as duplicates, never as errors. */
  insert(docs: MentionDoc[]): Promise<InsertResult>;
  /** Where each stored mention with one of these ids was read from (one _id lookup each). */
  positions(ids: string[]): Promise<Map<string, KafkaPosition>>;
  /** The stored mentions with these ids, in that order (one _id lookup each: FerretDB serves those from its primary key). */
  byIds(ids: string[]): Promise<EvidenceMention[]>;
  brands(): Promise<string[]>;
  deleteOlderThan(brand: string, cutoff: Date): Promise<number>;
}

const EVIDENCE_PROJECTION = {
  _id: 1,
  source: 1,
  url: 1,
  author: 1,
  text: 1,
  score: 1,
  engagement: 1,
  publishedAt: 1,
} as const;

export function createMentionsRepo(db: Db): MentionsRepo {
  const col: Collection<MentionDoc> = db.collection<MentionDoc>(COLLECTIONS.mentions);
  return {
    async ensureIndexes() {
      // Serves retention ({brand, minute: {$lt}}) and ad-hoc reads of a brand's mentions by time.
      await col.createIndex({ brand: 1, minute: 1 }, { name: 'brand_minute' });
    },
    async insert(docs) {
      if (docs.length === 0) return { inserted: 0, duplicates: [] };
      try {
        const result = await col.bulkWrite(
          docs.map((document) => ({ insertOne: { document } })),
          { ordered: false },
        );
        return accountedFor(docs.length, { inserted: result.insertedCount, duplicates: [] });
      } catch (err) {
        if (!(err instanceof MongoBulkWriteError)) throw err;
        const failure = commandFailureOf(err);
        if (failure) throw failure;
        const writeErrors = writeErrorsOf(err);
        const other = writeErrors.find((e) => e.code !== DUPLICATE_KEY);
        if (other) throw err;
        return accountedFor(docs.length, {
          inserted: err.result.insertedCount,
          duplicates: writeErrors.map((e) => e.index),
        });
      }
    },
    async positions(ids) {
      const found = new Map<string, KafkaPosition>();
      await mapLimit(ids, LOOKUP_CONCURRENCY, async (_id) => {
        const doc = await col.findOne({ _id }, { projection: { kafka: 1 } });
        if (doc?.kafka) found.set(_id, doc.kafka);
      });
      return found;
    },
    async byIds(ids) {
      const docs = await mapLimit(ids, LOOKUP_CONCURRENCY, (_id) =>
        col.findOne<EvidenceMention>({ _id }, { projection: EVIDENCE_PROJECTION }),
      );
      return docs.filter((d): d is EvidenceMention => d !== null);
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

/**
 * Every document must be either inserted or reported as a duplicate; failing makes the consumer retry the batch
 * (retries are safe). A short count used to come from the driver's wrapped command failures (a closed connection,
 * no server selectable), which commandFailureOf now rethrows as what they are; this stays as the last guard.
 */
export function accountedFor(documents: number, result: InsertResult): InsertResult {
  const seen = result.inserted + result.duplicates.length;
  if (seen !== documents) {
    throw new Error(
      `insert accounted for ${seen} of ${documents} mentions (${result.inserted} inserted, ${result.duplicates.length} duplicates)`,
    );
  }
  return result;
}
