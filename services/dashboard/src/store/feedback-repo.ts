import { COLLECTIONS, type MentionFeedbackDoc } from '@crumbtrail/storage';
import type { Collection, Db } from 'mongodb';
import { FRESH_MS } from './freshness';
import { ReadCache } from './read-cache';

/** Label corrections (collection `mention_feedback`, `_id` = mention id). */
export class FeedbackRepo {
  private readonly feedback: Collection<MentionFeedbackDoc>;

  constructor(db: Db) {
    this.feedback = db.collection<MentionFeedbackDoc>(COLLECTIONS.mentionFeedback);
  }

  /** Corrections as read; a correction made by this process drops its entry at once. */
  private readonly cache = new ReadCache<MentionFeedbackDoc | null>(5_000);

  /** Served by _id. */
  async get(id: string): Promise<MentionFeedbackDoc | null> {
    return this.cache.get(
      id,
      () => FRESH_MS,
      () => this.feedback.findOne({ _id: id }),
    );
  }

  /** Parallel `_id` lookups. */
  async getMany(ids: readonly string[]): Promise<Map<string, MentionFeedbackDoc>> {
    const docs = await Promise.all(ids.map((id) => this.get(id)));
    return new Map(docs.filter((d): d is MentionFeedbackDoc => d !== null).map((d) => [d._id, d]));
  }

  /** Stores a correction; an earlier one moves into `history` (served by _id). */
  async save(doc: MentionFeedbackDoc): Promise<{ before: MentionFeedbackDoc | null }> {
    const before = await this.feedback.findOne({ _id: doc._id });
    const history = before
      ? [...(before.history ?? []), { corrected: before.corrected, by: before.by, at: before.at }]
      : undefined;
    await this.feedback.replaceOne(
      { _id: doc._id },
      { ...doc, ...(history && { history }) },
      { upsert: true },
    );
    this.cache.invalidate(doc._id);
    return { before };
  }
}
