import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@crumbtrail/runtime';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { createApp } from './app';
import type { PollerApp } from './app';
import { loadPollerConfig } from './config';
import { CursorRepository, StaleLeaderError } from './cursors/repository';
import type { ReaderLogEntry } from './sources/replay';
import { waitFor } from './test-support/harness';

jest.setTimeout(60_000);

const line = (i: number) =>
  `${JSON.stringify({ id: `m${i}`, text: `acme ${i}`, author: 'a', publishedAt: '2025-05-01T10:00:00Z' })}\n`;

describe('poller replicas: one leader polls, a standby takes over, a stale leader cannot save cursors', () => {
  const unique = `lead-${Date.now().toString(36)}`;
  const dbName = `poller_test_${unique.replace(/-/g, '_')}`;
  const topic = `test.poller.${unique}`;
  const dir = mkdtempSync(join(tmpdir(), 'poller-lead-'));
  const readers = join(dir, 'readers.jsonl');
  const replayFile = join(dir, 'feed.jsonl');
  const apps: PollerApp[] = [];
  const reads = (): ReaderLogEntry[] =>
    readFileSync(readers, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ReaderLogEntry);

  const startReplica = async (): Promise<PollerApp> => {
    const config = loadPollerConfig({
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      MONGO_URL: process.env.MONGO_URL,
      MONGO_DB: dbName,
      BRANDS_FILE: join(dir, 'brands.yaml'),
      HTTP_PORT: '0',
      POLL_ON_START: 'true',
      LEASE_TTL_SECONDS: '3',
      REPLAY_READERS_LOG: readers,
    });
    const app = createApp({ config, logger: createLogger({ service: 'poller', level: 'silent' }), topic });
    apps.push(app);
    await app.start();
    return app;
  };
  const readyz = async (app: PollerApp) =>
    (await (await fetch(`http://127.0.0.1:${app.opsPort()!}/readyz`)).json()) as {
      status: string;
      details: { role: string; holder: string };
    };

  beforeAll(() => {
    writeFileSync(replayFile, [1, 2, 3].map(line).join(''));
    writeFileSync(readers, '');
    writeFileSync(
      join(dir, 'brands.yaml'),
      `brands:
  - id: acme
    name: Acme
    query: acme
    sources:
      replay: { schedule: "0 0 1 1 *", file: feed.jsonl }
`,
    );
  });

  afterAll(async () => {
    for (const app of apps) await app.stop();
    const admin = new Kafka({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    const mongo = await MongoClient.connect(process.env.MONGO_URL!);
    await mongo
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
  });

  it('polls from one replica only, and the standby goes on from the leader cursor after a failover', async () => {
    const first = await startReplica();
    const second = await startReplica();
    expect(first.role()).toBe('leader');
    expect(second.role()).toBe('standby');
    expect(await readyz(second)).toMatchObject({ status: 'ready', details: { role: 'standby' } });
    expect(await readyz(first)).toMatchObject({ status: 'ready', details: { role: 'leader' } });
    const metrics = await (await fetch(`http://127.0.0.1:${second.opsPort()!}/metrics`)).text();
    expect(metrics).toMatch(/^poller_leader\{[^}]*\} 0$/m);

    await waitFor(() => reads().length === 1, "the leader's start-up poll");
    expect(await second.pollAll()).toEqual([]); // a standby polls nothing, even when asked
    const [byFirst] = reads();
    expect(byFirst).toMatchObject({ from: 0, to: 3 });

    writeFileSync(replayFile, [1, 2, 3, 4, 5].map(line).join(''));
    await first.stop(); // releases the lease: the standby takes the lead at its next tick and polls at once
    await waitFor(() => second.role() === 'leader', 'the standby to take the lead');
    await waitFor(() => reads().length === 2, "the new leader's poll");
    const [, bySecond] = reads();
    expect(bySecond).toMatchObject({ reader: (await readyz(second)).details.holder, from: 3, to: 5 });
    expect(bySecond!.reader).not.toBe(byFirst!.reader);
    expect(bySecond!.startedAt).toBeGreaterThanOrEqual(byFirst!.endedAt);
  });

  it("refuses a stale leader's cursor save", async () => {
    const mongo = await MongoClient.connect(process.env.MONGO_URL!);
    try {
      const db = mongo.db(dbName);
      const stale = new CursorRepository(db, { token: () => 1, verify: () => Promise.resolve(true) });
      // The current leader (token 2) saved acme:replay already: token 1 is refused, whatever verify() says.
      await expect(stale.save('acme', 'replay', { line: 0 })).rejects.toThrow(StaleLeaderError);
      const notLeader = new CursorRepository(db, {
        token: () => undefined,
        verify: () => Promise.resolve(false),
      });
      await expect(notLeader.save('acme', 'replay', { line: 0 })).rejects.toThrow('not the leader');
      expect(await new CursorRepository(db).load('acme', 'replay')).toEqual({ line: 5 });
    } finally {
      await mongo.close();
    }
  });
});
