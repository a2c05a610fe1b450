import { MongoClient } from 'mongodb';
import type { Db, MongoClientOptions } from 'mongodb';
import type { Logger } from 'pino';
import type { ComponentHealth } from './health';
import { redactUrl } from './logger';

export interface MongoConnection {
  client: MongoClient;
  db: Db;
  /** True when the server answers a ping within `timeoutMs` (default 3 s). */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** One client per process. Resolves once the server answered a ping, so a wrong URL fails start-up. */
export async function connectMongo(
  url: string,
  dbName: string,
  logger: Logger,
  options: MongoClientOptions = {},
): Promise<MongoConnection> {
  const log = logger.child({ component: 'mongo', url: redactUrl(url), db: dbName });
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000, ...options });
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
    close() {
      closed ??= client.close().then(() => log.info('mongo closed'));
      return closed;
    },
  };
}

/** A component health entry for /healthz from the last ping result. */
export async function mongoHealth(conn: Pick<MongoConnection, 'ping'>): Promise<ComponentHealth> {
  return { name: 'mongo', healthy: await conn.ping() };
}

function scrub(err: unknown, url: string): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split(url).join(redactUrl(url));
}
