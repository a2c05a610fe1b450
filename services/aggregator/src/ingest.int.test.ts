import { MongoClient, type Db } from 'mongodb';
import { ingest, type IngestDeps } from './ingest';
import { toMentionDoc, type MentionDoc } from './mention-doc';
import { createMentionsRepo } from './store/mentions-repo';
import { createRollupsRepo, type HourDoc, type RollupsRepo } from './store/rollups-repo';
import { COLLECTIONS } from './store/collections';
import { classified, stackEnv, uniqueDbName } from './test-support/fixtures';

jest.setTimeout(180_000);

const T = Date.UTC(2026, 10, 1, 9, 58, 0);
const NOW = new Date(T + 10 * 60_000);

/**
 * 2 brands x 4 minutes across an hour boundary, 5 mentions each, some negative, complaints, 2 sources; read from
 * partition 0 from `firstOffset` on.
 */
function mentions(prefix: string, firstOffset: number): MentionDoc[] {
  const out: MentionDoc[] = [];
  for (let i = 0; i < 40; i++) {
    const m = classified({
      brand: i % 2 === 0 ? 'crash-a' : 'crash-b',
      id: `${prefix}-${i}`,
      at: new Date(T + (i % 4) * 60_000 + i * 100),
      negative: i % 3 === 0,
      complaint: i % 6 === 0,
      source: i % 5 === 0 ? 'reddit' : 'mastodon',
      lang: i % 4 === 0 ? 'de' : 'en',
    });
    out.push(toMentionDoc(m, NOW, { partition: 0, offset: firstOffset + i }));
  }
  return out;
}

class Crash extends Error {}

/** A rollups repo that dies on the `n`-th call of `state`, as a process killed between two reads would. */
function crashingRead(repo: RollupsRepo, n: number): RollupsRepo {
  let calls = 0;
  return {
    ...repo,
    state: (...args) => (++calls === n ? Promise.reject(new Crash('crash in state')) : repo.state(...args)),
  };
}

/**
 * A rollups repo whose bulk of writes dies after the first `landed` of them were applied, as a process killed
 * in the middle of an unordered bulk would leave it (each document update whole or not at all).
 */
function crashingWrite(repo: RollupsRepo, landed: number): RollupsRepo {
  return {
    ...repo,
    applyAll: async (writes, now) => {
      await repo.applyAll(writes.slice(0, landed), now);
      throw new Crash(`crash after ${landed} of ${writes.length} writes`);
    },
  };
}

/** Rollup documents without their write times, score sums rounded (float addition depends on order). */
async function snapshot(db: Db) {
  const strip = <T extends { updatedAt?: Date }>(docs: T[]) =>
    docs.map(({ updatedAt: _u, ...rest }) => JSON.parse(JSON.stringify(rest, roundScores)) as typeof rest);
  const hours = await db
    .collection<HourDoc>(COLLECTIONS.rollupsHour)
    .find({}, { sort: { _id: 1 } })
    .toArray();
  return { hours: strip(hours) };
}

function roundScores(key: string, value: unknown): unknown {
  return key === 'scoreSum' && typeof value === 'number' ? Math.round(value * 1e6) / 1e6 : value;
}

/** The same events published again (a poller or a redrive sent them twice): new offsets, same eventIds. */
function republished(docs: MentionDoc[], firstOffset: number): MentionDoc[] {
  return docs.map((d, i) => ({ ...d, kafka: { partition: 0, offset: firstOffset + i } }));
}

describe('ingest: exactly-once counting without transactions (real MongoDB-wire server)', () => {
  const { MONGO_URL } = stackEnv();
  let client: MongoClient;
  const dbs: Db[] = [];

  const freshDeps = async (): Promise<IngestDeps & { db: Db }> => {
    const db = client.db(uniqueDbName('agg_ingest'));
    dbs.push(db);
    const deps = { mentions: createMentionsRepo(db), rollups: createRollupsRepo(db), db };
    await deps.mentions.ensureIndexes();
    await deps.rollups.ensureIndexes();
    return deps;
  };

  beforeAll(async () => {
    client = await MongoClient.connect(MONGO_URL);
  });
  afterAll(async () => {
    for (const db of dbs) await db.dropDatabase();
    await client.close();
  });

  let reference: Awaited<ReturnType<typeof snapshot>>;
  const batchA = mentions('a', 0);
  const batchB = mentions('b', 40);

  it('counts every mention once', async () => {
    const deps = await freshDeps();
    const result = await ingest([...batchA, ...batchB], deps, NOW);
    expect(result.inserted).toBe(80);
    reference = await snapshot(deps.db);
    const minuteTotal = reference.hours
      .flatMap((h) => Object.values(h.minutes ?? {}))
      .reduce((s, m) => s + m.total, 0);
    const hourTotal = reference.hours.reduce((s, h) => s + h.total, 0);
    expect(minuteTotal).toBe(80);
    expect(hourTotal).toBe(80);
    const negatives = [...batchA, ...batchB].filter((m) => m.sentiment === 'negative').length;
    expect(reference.hours.reduce((s, h) => s + (h.sentiment?.negative ?? 0), 0)).toBe(negatives);
    expect(reference.hours.reduce((s, h) => s + (h.complaints ?? 0), 0)).toBe(
      [...batchA, ...batchB].filter((m) => m.complaint).length,
    );
    expect(reference.hours.reduce((s, h) => s + (h.sources?.reddit ?? 0), 0)).toBe(
      [...batchA, ...batchB].filter((m) => m.source === 'reddit').length,
    );
    // The buckets straddle 10:00, so two hours per brand.
    expect(reference.hours.map((h) => h._id)).toHaveLength(4);
  });

  it.each([
    ['read 1', (r: RollupsRepo) => crashingRead(r, 1)],
    ['read 3', (r: RollupsRepo) => crashingRead(r, 3)],
    ['write, none landed', (r: RollupsRepo) => crashingWrite(r, 0)],
    ['write, 1 landed', (r: RollupsRepo) => crashingWrite(r, 1)],
    ['write, 3 landed', (r: RollupsRepo) => crashingWrite(r, 3)],
  ] as const)(
    'a crash at %s, then redelivery, a replay and a republish, gives the same rollups',
    async (_label, crashing) => {
      const deps = await freshDeps();
      await expect(ingest(batchA, { ...deps, rollups: crashing(deps.rollups) }, NOW)).rejects.toThrow(Crash);
      // Redelivery of the uncommitted batch, then the next batch, then a replay of both in other batch boundaries.
      await ingest(batchA, deps, NOW);
      await ingest(batchB, deps, NOW);
      const all = [...batchA, ...batchB];
      await ingest(all.slice(10, 50), deps, NOW);
      await ingest(all.slice(45), deps, NOW);
      const again = await ingest(republished(all, 80), deps, NOW);
      expect(again).toMatchObject({ inserted: 0, duplicates: 80, rollupWrites: 0 });
      expect(await snapshot(deps.db)).toEqual(reference);
    },
  );

  it('a crash after the mentions insert loses nothing: the redelivered batch still counts', async () => {
    const deps = await freshDeps();
    await deps.mentions.insert(batchA); // the crash: mentions stored, no rollup written
    const again = await ingest(batchA, deps, NOW);
    expect(again).toMatchObject({ inserted: 0, duplicates: 40 });
    expect(again.rollupWrites).toBeGreaterThan(0);
    await ingest(batchB, deps, NOW);
    expect(await snapshot(deps.db)).toEqual(reference);
  });

  it('a copy of a stored event counts once, also inside one batch and across partitions', async () => {
    const deps = await freshDeps();
    const copies = batchB.map((d, i) => ({ ...d, kafka: { partition: 1, offset: i } }));
    await ingest(
      [...batchA, ...batchA.slice(0, 5).map((d, i) => ({ ...d, kafka: { partition: 0, offset: 900 + i } }))],
      deps,
      NOW,
    );
    await ingest(batchB, deps, NOW);
    await ingest(copies, deps, NOW);
    expect(await snapshot(deps.db)).toEqual(reference);
  });
});
