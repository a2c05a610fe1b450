import { createHash, randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';

/** A login session (collection `dashboard_sessions`); `_id` is the SHA-256 of the cookie value, never the value. */
export interface SessionDoc {
  _id: string;
  userId: string;
  /** Sent back as `x-csrf-token` on every state-changing request. */
  csrf: string;
  createdAt: Date;
  expiresAt: Date;
  ip: string;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export class SessionsRepo {
  private readonly sessions: Collection<SessionDoc>;

  constructor(db: Db) {
    this.sessions = db.collection<SessionDoc>('dashboard_sessions');
  }

  async ensureIndexes(): Promise<void> {
    // Removes expired sessions on MongoDB (TTL). FerretDB refuses TTL indexes: expired sessions then stay stored,
    // and every read checks expiresAt anyway.
    try {
      await this.sessions.createIndex({ expiresAt: 1 }, { name: 'expires_ttl', expireAfterSeconds: 0 });
    } catch (err) {
      if (!/expireAfterSeconds/.test(String((err as Error).message))) throw err;
    }
  }

  /** Creates a session; returns the cookie value (only its hash is stored). */
  async create(
    userId: string,
    ip: string,
    now: Date,
    ttlMs: number,
  ): Promise<{ cookie: string; doc: SessionDoc }> {
    const cookie = randomBytes(32).toString('base64url');
    const doc: SessionDoc = {
      _id: sha256(cookie),
      userId,
      csrf: randomBytes(24).toString('base64url'),
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
      ip,
    };
    await this.sessions.insertOne(doc);
    return { cookie, doc };
  }

  /** Served by _id. Null when unknown or expired. */
  async get(cookie: string, now: Date): Promise<SessionDoc | null> {
    const doc = await this.sessions.findOne({ _id: sha256(cookie) });
    return doc && doc.expiresAt.getTime() > now.getTime() ? doc : null;
  }

  /** Served by _id. */
  async delete(cookie: string): Promise<void> {
    await this.sessions.deleteOne({ _id: sha256(cookie) });
  }
}
