import { randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { sha256 } from './sessions-repo';

/**
 * An API token for scripts (collection `dashboard_api_tokens`). `_id` is the SHA-256 of the token, so a request is
 * authenticated by one `_id` lookup and the database never holds a usable token. The token acts as its user.
 */
export interface ApiTokenDoc {
  _id: string;
  /** Public id (16 hex), shown in lists and used to revoke. */
  id: string;
  userId: string;
  name: string;
  createdAt: Date;
  lastUsedAt?: Date;
}

export const TOKEN_PREFIX = 'ct_';

export class TokensRepo {
  private readonly tokens: Collection<ApiTokenDoc>;

  constructor(db: Db) {
    this.tokens = db.collection<ApiTokenDoc>('dashboard_api_tokens');
  }

  async ensureIndexes(): Promise<void> {
    // Serves list(userId) and revoke(userId, id); tokens are few, so FerretDB's scan is cheap.
    await this.tokens.createIndex({ userId: 1, id: 1 }, { name: 'user_id' });
  }

  async create(userId: string, name: string, now: Date): Promise<{ token: string; doc: ApiTokenDoc }> {
    const id = randomBytes(8).toString('hex');
    const token = `${TOKEN_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
    const doc: ApiTokenDoc = { _id: sha256(token), id, userId, name, createdAt: now };
    await this.tokens.insertOne(doc);
    return { token, doc };
  }

  /** Served by _id; records the use (at most once a minute). */
  async verify(token: string, now: Date): Promise<ApiTokenDoc | null> {
    const doc = await this.tokens.findOne({ _id: sha256(token) });
    if (doc && (!doc.lastUsedAt || now.getTime() - doc.lastUsedAt.getTime() > 60_000)) {
      await this.tokens.updateOne({ _id: doc._id }, { $set: { lastUsedAt: now } });
    }
    return doc;
  }

  /** Served by the { userId, id } index. */
  async list(userId: string): Promise<ApiTokenDoc[]> {
    return this.tokens.find({ userId }).sort({ createdAt: -1 }).toArray();
  }

  /** Served by the { userId, id } index. */
  async revoke(userId: string, id: string): Promise<boolean> {
    return (await this.tokens.deleteOne({ userId, id })).deletedCount === 1;
  }
}
