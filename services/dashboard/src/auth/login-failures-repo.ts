import type { Collection, Db } from 'mongodb';
import { limitKeys, openWindow, retryAfterMs, type FailureWindow, type LimitPolicy } from './rate-limit';

/** One key's failure window (collection `dashboard_login_failures`); `_id` is `account:<email>` or `ip:<address>`. */
export interface LoginFailureDoc {
  _id: string;
  start: Date;
  count: number;
  /** When the window (and a lock) ends; the document means nothing after it (TTL on MongoDB, sweep elsewhere). */
  until: Date;
}

/** How often, at most, a process without the TTL index deletes ended windows. */
export const SWEEP_EVERY_MS = 60 * 60_000;

const DUPLICATE_KEY = 11000;

/**
 * Failed-login counts shared by every replica. Every read and write is addressed by `_id` (one index lookup on
 * MongoDB and FerretDB alike); a failure is an atomic `$inc` of the open window, or an upsert that opens a new one,
 * so failures sent to two replicas at the same moment are both counted.
 */
export class LoginFailures {
  private readonly windows: Collection<LoginFailureDoc>;
  private ttl = false;
  private lastSweep = 0;

  constructor(
    db: Db,
    private readonly limits: { account: LimitPolicy; ip: LimitPolicy },
  ) {
    this.windows = db.collection<LoginFailureDoc>('dashboard_login_failures');
  }

  async ensureIndexes(): Promise<void> {
    // Deletes ended windows on MongoDB (TTL). FerretDB refuses TTL indexes: fail() then sweeps them now and then.
    try {
      await this.windows.createIndex({ until: 1 }, { name: 'until_ttl', expireAfterSeconds: 0 });
      this.ttl = true;
    } catch (err) {
      if (!/expireAfterSeconds/.test(String((err as Error).message))) throw err;
    }
  }

  /** Milliseconds until this email from this address may try again (0: now). Two reads by `_id`. */
  async retryAfterMs(email: string, ip: string, now: Date): Promise<number> {
    const keys = limitKeys(email, ip);
    const [account, address] = await Promise.all([this.get(keys.account), this.get(keys.ip)]);
    const t = now.getTime();
    return Math.max(retryAfterMs(account, t, this.limits.account), retryAfterMs(address, t, this.limits.ip));
  }

  /** Counts a failed login against the account and the address. */
  async fail(email: string, ip: string, now: Date): Promise<void> {
    const keys = limitKeys(email, ip);
    await Promise.all([
      this.count(keys.account, this.limits.account, now),
      this.count(keys.ip, this.limits.ip, now),
    ]);
    if (!this.ttl && now.getTime() - this.lastSweep >= SWEEP_EVERY_MS) {
      this.lastSweep = now.getTime();
      await this.sweep(now);
    }
  }

  /** A successful login forgets the account's failures (not the address's). Served by `_id`. */
  async succeeded(email: string, ip: string): Promise<void> {
    await this.windows.deleteOne({ _id: limitKeys(email, ip).account });
  }

  /**
   * Deletes the windows that ended before `now`. A scan on FerretDB (on MongoDB the `until` index serves it), of
   * a collection that holds only the keys that failed since the last sweep: run at most once per SWEEP_EVERY_MS.
   */
  async sweep(now: Date): Promise<number> {
    const res = await this.windows.deleteMany({ until: { $lte: now } });
    return res.deletedCount;
  }

  /** Served by `_id`. */
  private async get(key: string): Promise<FailureWindow | null> {
    const doc = await this.windows.findOne({ _id: key });
    return doc && { start: doc.start.getTime(), count: doc.count, until: doc.until.getTime() };
  }

  /** Served by `_id` (the `until` condition is checked on the one document found). */
  private async count(key: string, policy: LimitPolicy, now: Date): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      // The open window: count the failure in it.
      const inc = await this.windows.updateOne({ _id: key, until: { $gt: now } }, { $inc: { count: 1 } });
      if (inc.matchedCount === 1) return;
      // None: open a new one, replacing an ended window. If another replica opened one meanwhile, the upsert
      // meets its `_id` (duplicate key) and the failure is counted in that window instead.
      const w = openWindow(now.getTime(), policy);
      try {
        await this.windows.updateOne(
          { _id: key, until: { $lte: now } },
          { $set: { start: new Date(w.start), count: w.count, until: new Date(w.until) } },
          { upsert: true },
        );
        return;
      } catch (err) {
        if ((err as { code?: unknown }).code !== DUPLICATE_KEY || attempt >= 3) throw err;
      }
    }
  }
}
