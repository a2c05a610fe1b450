import { MongoClient, type Collection } from 'mongodb';
import { createLogger } from './logger';
import { connectMongo, mongoHealth, type MongoConnection } from './mongo';
import { stackEnv, uniqueName, waitFor } from './test-support/stack';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy';

// A client that sees no server although the server is back (issue 20: after a FerretDB restart the aggregator's
// every operation failed server selection for minutes while new connections worked at once). The trigger inside
// the driver could not be reproduced on demand (a probe restarted FerretDB under insert load 50 times, every
// client recovered within a heartbeat), so the test makes the state itself: the server restarts (a TCP proxy
// closes every connection, refuses, accepts again) while the client's monitor is stopped, which is what a
// monitor that never reports back leaves. A client without the watchdog then stays stuck, one with it recovers.

jest.setTimeout(90_000);

const logger = createLogger({ service: 'runtime-int-test', level: 'silent' });
const dbName = uniqueName('rt_mongo_recovery').replace(/[^A-Za-z0-9_-]/g, '_');
/** Short driver timings, so that "a healthy client would have recovered by now" takes seconds, not minutes. */
const clientOptions = { serverSelectionTimeoutMS: 500, heartbeatFrequencyMS: 500, connectTimeoutMS: 1000 };

let proxy: TcpProxy;
let proxyUrl: string;
const opened: MongoConnection[] = [];

beforeAll(async () => {
  const target = new URL(stackEnv().mongoUrl);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 27017) });
  proxyUrl = `mongodb://127.0.0.1:${proxy.port}/`;
});

afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
  const direct = new MongoClient(stackEnv().mongoUrl);
  await direct
    .db(dbName)
    .dropDatabase()
    .catch(() => undefined);
  await direct.close();
  await proxy.close();
});

async function open(watchdog: { intervalMs: number; graceMs: number } | false): Promise<MongoConnection> {
  const conn = await connectMongo(proxyUrl, dbName, logger, clientOptions, watchdog);
  opened.push(conn);
  return conn;
}

/** What a monitor that never reports back leaves: the server's description is not updated any more. */
function stopMonitor(conn: MongoConnection): void {
  const topology = (conn.client as unknown as { topology?: { s: { servers: Map<string, unknown> } } })
    .topology;
  const servers = [...(topology?.s.servers.values() ?? [])] as { monitor?: { close(): void } }[];
  if (servers.length === 0) throw new Error('no server in the topology: the driver internals changed');
  for (const server of servers) server.monitor?.close();
}

const insertOne = async (col: Collection<{ _id: string }>, id: string): Promise<string> => {
  try {
    await col.insertOne({ _id: id });
    return 'ok';
  } catch (err) {
    return err instanceof Error ? err.name : String(err);
  }
};

/** Restarts the "server" while the given connections' monitors are stopped; resolves once it accepts again. */
async function restartWithStoppedMonitors(conns: MongoConnection[]): Promise<void> {
  await proxy.down();
  for (const conn of conns) {
    const col = conn.db.collection<{ _id: string }>('things');
    await waitFor(
      'the client to notice the outage',
      async () => (await insertOne(col, uniqueName('x'))) !== 'ok',
    );
  }
  conns.forEach(stopMonitor);
  await proxy.up();
}

it('without the watchdog, a client whose monitor stopped during a restart stays stuck while the server answers', async () => {
  const stuck = await open(false);
  const healthy = await open(false);
  const col = stuck.db.collection<{ _id: string }>('things');
  expect(await insertOne(col, 'before')).toBe('ok');
  await restartWithStoppedMonitors([stuck]);
  // A client whose monitor runs finds the server again within a heartbeat...
  const t0 = Date.now();
  await waitFor('the healthy client to write again', async () => {
    return (await insertOne(healthy.db.collection('things'), uniqueName('h'))) === 'ok';
  });
  const healthyAfterMs = Date.now() - t0;
  // ...and new connections work, but the stuck client fails server selection for many heartbeats longer.
  const fresh = new MongoClient(proxyUrl, clientOptions);
  await fresh.db(dbName).command({ ping: 1 });
  await fresh.close();
  const outcomes = new Set<string>();
  const until = Date.now() + Math.max(5_000, 5 * healthyAfterMs);
  while (Date.now() < until) outcomes.add(await insertOne(col, uniqueName('s')));
  expect([...outcomes]).toEqual(['MongoServerSelectionError']);
  expect(await stuck.ping(500)).toBe(false);
});

it('with the watchdog, such a client is closed and reconnected, and the same collection objects work again', async () => {
  const conn = await open({ intervalMs: 200, graceMs: 2_000 });
  const col = conn.db.collection<{ _id: string }>('things');
  expect(await insertOne(col, 'watched-before')).toBe('ok');
  await restartWithStoppedMonitors([conn]);
  const back = Date.now();
  await waitFor(
    'the watched client to write again',
    async () => (await insertOne(col, uniqueName('w'))) === 'ok',
  );
  const recoveredMs = Date.now() - back;
  expect(recoveredMs).toBeGreaterThanOrEqual(1_500); // not the driver's own monitor: it was stopped
  expect(conn.recovery().rebuilds).toBe(1);
  expect(conn.recovery().noServerSince).toBeUndefined();
  const health = await mongoHealth(conn);
  expect(health).toMatchObject({ name: 'mongo', healthy: true, details: { rebuilds: 1 } });
  expect(await col.countDocuments({ _id: 'watched-before' })).toBe(1);
});

it('does not rebuild a client through an outage, while new connections fail too', async () => {
  const conn = await open({ intervalMs: 200, graceMs: 1_000 });
  const col = conn.db.collection<{ _id: string }>('things');
  await proxy.down();
  try {
    await waitFor(
      'the client to notice the outage',
      async () => (await insertOne(col, uniqueName('o'))) !== 'ok',
    );
    await waitFor(
      'the outage to last several grace periods',
      () => {
        const since = conn.recovery().noServerSince;
        return since !== undefined && Date.now() - Date.parse(since) > 4_000;
      },
      10_000,
    );
    expect(conn.recovery().rebuilds).toBe(0);
  } finally {
    await proxy.up();
  }
  await waitFor('the client to write again', async () => (await insertOne(col, uniqueName('o'))) === 'ok');
  expect(conn.recovery().rebuilds).toBe(0);
});
