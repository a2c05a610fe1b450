import { MongoClient } from 'mongodb';
import type { Db, MongoClientOptions, TopologyDescriptionChangedEvent } from 'mongodb';
import type { Logger } from 'pino';
import type { ComponentHealth } from './health';
import { redactUrl } from './logger';
import { afterProbe, DEFAULT_RECOVERY_GRACE_MS, recoveryAction, type RecoveryState } from './mongo-recovery';

export interface MongoConnection {
  client: MongoClient;
  db: Db;
  /** True when the server answers a ping within `timeoutMs` (default 3 s). */
  ping(timeoutMs?: number): Promise<boolean>;
  /** What the watchdog did to this client (shown on /healthz). */
  recovery(): MongoRecoveryReport;
  close(): Promise<void>;
}

export interface MongoRecoveryReport {
  /** Times the client was closed and reconnected because it saw no server while fresh connections worked. */
  rebuilds: number;
  lastRebuildAt?: string;
  /** Since when the client has seen no server it could use (absent while it has one). */
  noServerSince?: string;
}

export interface MongoWatchdogOptions {
  /** How often the client's view is checked (default 5 s). */
  intervalMs?: number;
  /** See mongo-recovery.ts (default 15 s). */
  graceMs?: number;
}

/**
 * One client per process. Resolves once the server answered a ping, so a wrong URL fails start-up.
 *
 * A watchdog (mongo-recovery.ts) closes and reconnects the client when it has seen no usable server for a while
 * although a fresh connection to the same URL answers: every component built on `db` (repositories, jobs) then
 * recovers from a database restart without a process restart. `watchdog: false` turns it off (tests).
 */
export async function connectMongo(
  url: string,
  dbName: string,
  logger: Logger,
  options: MongoClientOptions = {},
  watchdog: MongoWatchdogOptions | false = {},
): Promise<MongoConnection> {
  const log = logger.child({ component: 'mongo', url: redactUrl(url), db: dbName });
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000, ...options });
  let state: RecoveryState = {};
  client.on('topologyDescriptionChanged', (e: TopologyDescriptionChangedEvent) => {
    if (e.newDescription.hasDataBearingServers) state = {};
    else state = { ...state, noServerSince: state.noServerSince ?? Date.now() };
  });
  try {
    await client.connect();
    await client.db(dbName).command({ ping: 1 });
  } catch (err) {
    await client.close().catch(() => undefined);
    // The driver's message can quote the URL; say where without credentials.
    throw new Error(`cannot reach MongoDB at ${redactUrl(url)}: ${scrub(err, url)}`, { cause: err });
  }
  log.info('mongo connected');
  const db = client.db(dbName);
  let closed: Promise<void> | undefined;
  let rebuilds = 0;
  let lastRebuildAt: number | undefined;
  /** The client was closed by a rebuild and its reconnect has not succeeded yet. */
  let disconnected = false;
  let tick: Promise<void> | undefined;

  /** A new client, used once: does the server answer a connection that shares nothing with ours? */
  const probe = async (): Promise<boolean> => {
    const fresh = new MongoClient(url, {
      ...options,
      serverSelectionTimeoutMS: 3000,
      connectTimeoutMS: 3000,
    });
    try {
      await fresh.connect();
      await fresh.db(dbName).command({ ping: 1 });
      return true;
    } catch {
      return false;
    } finally {
      await fresh.close().catch(() => undefined);
    }
  };

  const reconnect = async (): Promise<void> => {
    try {
      await client.connect();
      disconnected = false;
      log.info({ rebuilds }, 'mongo client reconnected');
    } catch (err) {
      log.warn({ err: new Error(scrub(err, url)) }, 'mongo reconnect failed; will retry');
    }
  };

  const check = async (): Promise<void> => {
    if (closed) return;
    if (disconnected) return reconnect();
    const now = Date.now();
    const action = recoveryAction(now, state, {
      graceMs: (watchdog !== false && watchdog.graceMs) || DEFAULT_RECOVERY_GRACE_MS,
    });
    if (action === 'probe') {
      const answered = await probe();
      if (!closed && state.noServerSince !== undefined) state = afterProbe(state, Date.now(), answered);
    } else if (action === 'rebuild') {
      log.warn(
        {
          noServerForMs: now - (state.noServerSince ?? now),
          reachableForMs: now - (state.reachableSince ?? now),
        },
        'mongo client sees no server although new connections to it work; closing and reconnecting it',
      );
      rebuilds += 1;
      lastRebuildAt = now;
      state = {};
      disconnected = true;
      // Operations in flight fail and are retried by their callers; the client object (and every Db and
      // Collection made from it) stays the same.
      await client.close().catch((err: unknown) => log.warn({ err }, 'closing the stuck client failed'));
      if (!closed) await reconnect();
    }
  };

  const timer =
    watchdog === false
      ? undefined
      : setInterval(() => {
          if (tick) return;
          tick = check()
            .catch((err: unknown) => log.warn({ err }, 'mongo watchdog check failed'))
            .finally(() => (tick = undefined));
        }, watchdog.intervalMs ?? 5000);
  timer?.unref();

  return {
    client,
    db,
    async ping(timeoutMs = 3000) {
      try {
        await db.command({ ping: 1 }, { timeoutMS: timeoutMs });
        return true;
      } catch (err) {
        log.warn({ err }, 'mongo ping failed');
        return false;
      }
    },
    recovery() {
      return {
        rebuilds,
        ...(lastRebuildAt !== undefined && { lastRebuildAt: new Date(lastRebuildAt).toISOString() }),
        ...(state.noServerSince !== undefined && {
          noServerSince: new Date(state.noServerSince).toISOString(),
        }),
      };
    },
    close() {
      closed ??= (async () => {
        if (timer) clearInterval(timer);
        await tick;
        await client.close();
        log.info('mongo closed');
      })();
      return closed;
    },
  };
}

/** A component health entry for /healthz from the last ping result, with what the watchdog did. */
export async function mongoHealth(
  conn: Pick<MongoConnection, 'ping'> & Partial<Pick<MongoConnection, 'recovery'>>,
): Promise<ComponentHealth> {
  const healthy = await conn.ping();
  const recovery = conn.recovery?.();
  return { name: 'mongo', healthy, ...(recovery && { details: { ...recovery } }) };
}

function scrub(err: unknown, url: string): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split(url).join(redactUrl(url));
}
