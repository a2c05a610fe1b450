import { MongoClient, type Db } from 'mongodb';
import { stackEnv, uniqueDbName } from '../test-support/fixtures';
import { createRollupsRepo, type RollupsRepo } from './rollups-repo';

jest.setTimeout(60_000);

const HOUR = new Date('2026-11-01T10:00:00Z');
const at = (minutes: number) => new Date(HOUR.getTime() + minutes * 60_000);
const candidate = (id: string, sc = -0.9) => ({ id, sc, e: 1 });

describe('rollups repo (real MongoDB-wire server)', () => {
  const { MONGO_URL } = stackEnv();
  let client: MongoClient;
  let db: Db;
  let repo: RollupsRepo;

  beforeAll(async () => {
    client = await MongoClient.connect(MONGO_URL);
    db = client.db(uniqueDbName('agg_rollups'));
    repo = createRollupsRepo(db);
    await repo.ensureIndexes();
    const write = (hour: Date, evidence: Record<string, ReturnType<typeof candidate>[]>) => ({
      brand: 'acme',
      hour,
      update: { inc: { total: 3, 'minutes.7.total': 3 }, watermarks: { '0': 1 }, evidence },
    });
    await repo.applyAll(
      [
        write(HOUR, {
          '0.0': [candidate('slot0')],
          '25.0': [candidate('slot25')],
          '55.1': [candidate('slot55')],
        }),
        write(at(60), { '0.0': [candidate('next0')] }),
      ],
      at(70),
    );
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('reads back the state an update depends on', async () => {
    const state = await repo.state('acme', HOUR);
    expect(state?.watermarks).toEqual({ '0': 1 });
    expect(Object.keys(state?.evidence ?? {}).sort()).toEqual(['0.0', '25.0', '55.1']);
  });

  it('gives the evidence of the slots that overlap a window, across hours', async () => {
    const ids = async (from: Date, to: Date) =>
      (await repo.evidence('acme', from, to))
        .flat()
        .map((c) => c.id)
        .sort();
    expect(await ids(at(27), at(62))).toEqual(['next0', 'slot25', 'slot55']);
    expect(await ids(at(30), at(55))).toEqual([]);
    expect(await ids(at(0), at(5))).toEqual(['slot0']);
  });

  it('reads hours without their evidence', async () => {
    const hours = await repo.hoursBetween('acme', at(30), at(61));
    expect(hours.map((h) => h.total)).toEqual([3, 3]);
    expect(hours[0]?.minutes).toEqual({ '7': { total: 3 } });
    expect(hours.every((h) => h.top === undefined)).toBe(true);
  });

  it('trims minutes and evidence of old hours, keeping their counts', async () => {
    expect(await repo.trimMinutesOlderThan('acme', at(60))).toBe(1);
    const [old, recent] = await repo.hoursBetween('acme', HOUR, at(120));
    expect(old).toMatchObject({ total: 3 });
    expect(old?.minutes).toBeUndefined();
    expect(await repo.evidence('acme', HOUR, at(60))).toEqual([]);
    expect(recent?.minutes).toEqual({ '7': { total: 3 } });
    expect(await repo.trimMinutesOlderThan('acme', at(60))).toBe(0);
  });
});
