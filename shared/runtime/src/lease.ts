import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { Logger } from 'pino';

/**
 * A lease in MongoDB: one document per lease name, held by at most one process at a time, with a fencing token.
 *
 * Every read and write is by `_id` (the one lookup FerretDB serves from an index) and every write is a conditional
 * single-document update: no transactions, no TTL index, no change stream, no server-side clock.
 *
 * Expiry is decided without comparing clocks of different machines. The holder renews by incrementing `renewals`;
 * a contender takes the lease over only after it has seen the same `(token, renewals)` pair, unchanged, for a whole
 * TTL measured on its own monotonic clock. The holder counts its own validity from the moment it *sent* its last
 * successful renewal, so the holder's validity always ends before a contender's wait can (both measure a TTL, and
 * the contender's starts later: after it read the renewal). Wall-clock skew between hosts therefore cannot cause two
 * holders; only a difference in clock *rate* could, and a margin (`validity`, 90 % of the TTL) covers that.
 * `renewedAt`/`expiresAt` are written for people (and dashboards) only and are never used to decide.
 *
 * The price: a contender takes over between TTL and TTL + 2 × renew interval after the holder's last renewal (it
 * must first read that renewal, then wait a TTL, then notice at its next tick): with renewals every third of the
 * TTL, between ⅔ and 1⅔ × TTL after the holder died. A holder that stops cleanly releases
 * the lease, and a contender takes it at its next tick.
 *
 * Only atomic single-document operations are relied on where two processes race: FerretDB (the local stack) applies
 * an update as read-modify-write without isolation between connections, so two conditional updates of one document
 * can both "match". Taking a lease over therefore first inserts a claim document `<name>#<token>` (an insert of an
 * existing `_id` fails on every server): of contenders racing for the same token, exactly one proceeds. The lease
 * document itself is then written only by its holder. A holder whose validity lapsed (a long pause, an unreachable
 * database) does not renew: it lets go and contends like any other process.
 *
 * The fencing token grows by one at every change of holder. Work that must not be done by a stale holder writes the
 * token it holds along with its result, conditionally (see `fencedFilter`), or checks `verify()` just before.
 */
export interface LeaseDoc {
  _id: string;
  /** Null once released. */
  holder: string | null;
  token: number;
  renewals: number;
  ttlMs: number;
  /** Holder's wall clock, informational. */
  renewedAt: Date;
  /** Holder's wall clock + TTL, informational. */
  expiresAt: Date;
}

export const LEASES_COLLECTION = 'leases';

export interface LeaseOptions {
  db: Db;
  name: string;
  /** Unique per process: `leaseHolderId()`. */
  holder: string;
  ttlMs: number;
  /** Monotonic milliseconds; default performance.now. Tests drive it by hand. */
  monotonic?: () => number;
  /** Wall clock for the informational fields. */
  wallClock?: () => Date;
}

export type LeaseState = 'held' | 'standby';

export interface Lease {
  readonly name: string;
  readonly holder: string;
  /**
   * One step: renews the lease if held, otherwise acquires it when it is free, released, or seen unchanged for a
   * TTL. Returns whether this process holds it afterwards. Call it every renew interval (a third of the TTL).
   */
  tick(): Promise<boolean>;
  /** Held, and within the validity of the last successful renewal (by this process's monotonic clock). */
  held(): boolean;
  /** The fencing token while held. */
  token(): number | undefined;
  /** Reads the lease document now: true when it still names this holder with this token (a fence before a write). */
  verify(): Promise<boolean>;
  /** Gives the lease up (if held), so a contender can take it at once. */
  release(): Promise<void>;
}

/** `host:pid:random`: unique for every process, readable in logs and in the lease document. */
export function leaseHolderId(prefix?: string): string {
  return [prefix, hostname(), process.pid, randomBytes(3).toString('hex')].filter(Boolean).join(':');
}

/** Share of the TTL a holder considers itself valid after a renewal it sent (margin for clock-rate drift). */
const VALIDITY = 0.9;

export function createLease(o: LeaseOptions): Lease {
  const col: Collection<LeaseDoc> = o.db.collection<LeaseDoc>(LEASES_COLLECTION);
  /** `<name>#<token>`: one document per acquisition, inserted by the process that takes the lease over. */
  const claims = o.db.collection<{ _id: string; holder: string; claimedAt: Date }>(LEASES_COLLECTION);
  const mono = o.monotonic ?? (() => performance.now());
  const wall = o.wallClock ?? (() => new Date());
  let myToken: number | undefined;
  let validUntil = -Infinity;
  /** The other holder's (token, renewals) as first seen, and when. */
  let observed: { key: string; at: number } | undefined;

  const stamp = () => {
    const now = wall();
    return { renewedAt: now, expiresAt: new Date(now.getTime() + o.ttlMs), ttlMs: o.ttlMs };
  };

  /** Claims the next token (exclusive: an insert), then moves the lease document from the state read to us. */
  async function takeOver(doc: LeaseDoc): Promise<boolean> {
    const sent = mono();
    try {
      await claims.insertOne({ _id: `${o.name}#${doc.token + 1}`, holder: o.holder, claimedAt: wall() });
    } catch (err) {
      if (err instanceof MongoServerError && err.code === 11000) return false; // another contender won this token
      throw err;
    }
    const result = await col.updateOne(
      { _id: o.name, token: doc.token, renewals: doc.renewals, holder: doc.holder },
      { $set: { holder: o.holder, token: doc.token + 1, renewals: 0, ...stamp() } },
    );
    if (result.matchedCount !== 1) return false;
    myToken = doc.token + 1;
    validUntil = sent + o.ttlMs * VALIDITY;
    observed = undefined;
    return true;
  }

  async function create(): Promise<boolean> {
    const sent = mono();
    try {
      await col.insertOne({ _id: o.name, holder: o.holder, token: 1, renewals: 0, ...stamp() });
    } catch (err) {
      if (err instanceof MongoServerError && err.code === 11000) return false;
      throw err;
    }
    myToken = 1;
    validUntil = sent + o.ttlMs * VALIDITY;
    return true;
  }

  async function renew(token: number): Promise<boolean> {
    const sent = mono();
    const result = await col.updateOne(
      { _id: o.name, holder: o.holder, token },
      { $inc: { renewals: 1 }, $set: stamp() },
    );
    if (result.matchedCount !== 1) {
      // Taken over (or deleted): the token is no longer ours.
      myToken = undefined;
      validUntil = -Infinity;
      return false;
    }
    validUntil = sent + o.ttlMs * VALIDITY;
    return true;
  }

  return {
    name: o.name,
    holder: o.holder,
    async tick() {
      // A failed renewal (database unreachable) keeps the token: validity runs out by itself, and the next tick
      // renews if nobody took over meanwhile (the update is conditional on the token).
      if (myToken !== undefined) {
        if (mono() < validUntil) return (await renew(myToken)) && mono() < validUntil;
        // Lapsed: a contender may have waited out our silence already. Never renew after that; contend instead.
        myToken = undefined;
      }
      const doc = await col.findOne({ _id: o.name });
      if (!doc) return create();
      if (doc.holder === null) return takeOver(doc);
      const key = `${doc.holder}|${doc.token}|${doc.renewals}`;
      const now = mono();
      if (observed?.key !== key) {
        observed = { key, at: now };
        return false;
      }
      // The holder's own TTL counts, or ours if larger: a holder configured with a longer TTL is not cut short.
      if (now - observed.at < Math.max(o.ttlMs, doc.ttlMs)) return false;
      return takeOver(doc);
    },
    held: () => myToken !== undefined && mono() < validUntil,
    token: () => myToken,
    async verify() {
      if (myToken === undefined) return false;
      const doc = await col.findOne({ _id: o.name });
      return doc?.holder === o.holder && doc.token === myToken;
    },
    async release() {
      const token = myToken;
      myToken = undefined;
      validUntil = -Infinity;
      if (token === undefined) return;
      await col.updateOne({ _id: o.name, holder: o.holder, token }, { $set: { holder: null } });
    },
  };
}

export interface LeaseKeeperOptions {
  lease: Lease;
  /** How often to tick: a third of the TTL. */
  intervalMs: number;
  logger: Logger;
  /** Called when this process becomes the holder (with the new token). */
  onAcquired?: (token: number) => void;
  /** Called when the lease is lost (taken over, expired) or released. */
  onLost?: () => void;
}

export interface LeaseKeeper {
  start(): Promise<void>;
  /** Stops ticking and releases the lease. */
  stop(): Promise<void>;
  state(): LeaseState;
  /** Resolves after the next tick (tests, and start-up code that wants to know at once). */
  tickNow(): Promise<boolean>;
}

/** Ticks a lease on a timer and reports the transitions; errors (database down) are logged and count as not held. */
export function keepLease(o: LeaseKeeperOptions): LeaseKeeper {
  const log = o.logger.child({ component: 'lease', lease: o.lease.name, holder: o.lease.holder });
  let timer: NodeJS.Timeout | undefined;
  let wasHeld = false;
  let chain: Promise<boolean> = Promise.resolve(false);
  let stopped = false;

  const step = async (): Promise<boolean> => {
    let held: boolean;
    try {
      held = await o.lease.tick();
    } catch (err) {
      log.warn({ err }, 'lease tick failed');
      held = o.lease.held();
    }
    if (held && !wasHeld) {
      wasHeld = true;
      log.info({ token: o.lease.token() }, 'lease acquired');
      o.onAcquired?.(o.lease.token() ?? 0);
    } else if (!held && wasHeld) {
      wasHeld = false;
      log.warn('lease lost');
      o.onLost?.();
    }
    return held;
  };
  const tickNow = (): Promise<boolean> => {
    chain = chain.then(step, step);
    return chain;
  };

  return {
    async start() {
      stopped = false;
      await tickNow();
      const loop = () => {
        if (stopped) return;
        timer = setTimeout(() => void tickNow().finally(loop), o.intervalMs);
      };
      loop();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await chain.catch(() => undefined);
      const had = wasHeld;
      wasHeld = false;
      await o.lease.release().catch((err: unknown) => log.warn({ err }, 'lease release failed'));
      if (had) {
        log.info('lease released');
        o.onLost?.();
      }
    },
    state: () => (o.lease.held() ? 'held' : 'standby'),
    tickNow,
  };
}

/**
 * A filter for a conditional write fenced by a lease token: matches a document that was last written under this
 * token or an older one (or never under any). A write with `$set: { [field]: token }` and this filter is refused
 * (matches nothing; with upsert, fails with a duplicate key) once a newer holder has written the document.
 */
export function fencedFilter(id: string, token: number, field = 'fence'): Record<string, unknown> {
  return { _id: id, $or: [{ [field]: { $lte: token } }, { [field]: { $exists: false } }] };
}
