import { MongoClient, type Db } from 'mongodb';
import { createLogger } from './logger';
import { createLease, fencedFilter, keepLease, LEASES_COLLECTION, type LeaseDoc } from './lease';
import { stackEnv, uniqueName, waitFor } from './test-support/stack';

jest.setTimeout(60_000);

const TTL = 10_000;
const logger = createLogger({ service: 'runtime-int-test', level: 'silent' });

/** A monotonic clock per process, moved by hand: expiry is decided on elapsed time, never by sleeping here. */
function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('lease (real MongoDB-wire server)', () => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = await MongoClient.connect(stackEnv().mongoUrl);
    db = client.db(uniqueName('rt_lease').replace(/[^A-Za-z0-9_]/g, '_'));
  });
  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('two holders contend: one wins, the other stands by while renewals continue', async () => {
    const [ca, cb] = [clock(), clock(50_000)];
    const a = createLease({ db, name: 'contend', holder: 'a', ttlMs: TTL, monotonic: ca.now });
    const b = createLease({ db, name: 'contend', holder: 'b', ttlMs: TTL, monotonic: cb.now });
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect([ra, rb].filter(Boolean)).toHaveLength(1);
    const [winner, loser, cw, cl] = ra ? [a, b, ca, cb] : [b, a, cb, ca];
    expect(winner.token()).toBe(1);
    // The holder renews every third of the TTL; the contender, however long it watches, never takes over.
    for (let i = 0; i < 6; i += 1) {
      cw.advance(TTL / 3);
      cl.advance(TTL / 3);
      expect(await winner.tick()).toBe(true);
      expect(await loser.tick()).toBe(false);
    }
    expect(winner.held()).toBe(true);
    expect(loser.held()).toBe(false);
    const doc = await db.collection<LeaseDoc>(LEASES_COLLECTION).findOne({ _id: 'contend' });
    expect(doc).toMatchObject({ holder: winner.holder, token: 1, renewals: 6 });
  });

  it('a holder that stops renewing is taken over after a TTL of unchanged renewals, with the next token', async () => {
    const [ca, cb] = [clock(), clock()];
    const a = createLease({ db, name: 'expiry', holder: 'a', ttlMs: TTL, monotonic: ca.now });
    const b = createLease({ db, name: 'expiry', holder: 'b', ttlMs: TTL, monotonic: cb.now });
    expect(await a.tick()).toBe(true);
    // a dies (no more ticks). b first sees the last renewal, then must watch it unchanged for a whole TTL.
    expect(await b.tick()).toBe(false);
    cb.advance(TTL - 1);
    expect(await b.tick()).toBe(false);
    ca.advance(TTL * 0.9);
    expect(a.held()).toBe(false); // its own validity ended before b may take over
    cb.advance(1);
    expect(await b.tick()).toBe(true);
    expect(b.token()).toBe(2);
    // a wakes up: its renewal is refused and it learns it lost the lease.
    expect(await a.tick()).toBe(false);
    expect(a.token()).toBeUndefined();
    expect(await b.verify()).toBe(true);
  });

  it('of contenders racing for an expired lease, exactly one takes it (the claim of the next token is an insert)', async () => {
    const a = createLease({ db, name: 'race', holder: 'a', ttlMs: TTL, monotonic: clock().now });
    expect(await a.tick()).toBe(true);
    for (let round = 0; round < 5; round += 1) {
      const contenders = ['b', 'c', 'd'].map((h) => {
        const c = clock();
        return {
          c,
          lease: createLease({ db, name: 'race', holder: `${h}${round}`, ttlMs: TTL, monotonic: c.now }),
        };
      });
      for (const x of contenders) expect(await x.lease.tick()).toBe(false);
      for (const x of contenders) x.c.advance(TTL);
      const won = await Promise.all(contenders.map((x) => x.lease.tick()));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(contenders.find((x) => x.lease.held())?.lease.token()).toBe(round + 2);
    }
  });

  it('a holder whose validity lapsed does not renew: it contends again', async () => {
    const ca = clock();
    const a = createLease({ db, name: 'lapsed', holder: 'a', ttlMs: TTL, monotonic: ca.now });
    expect(await a.tick()).toBe(true);
    ca.advance(TTL); // paused past its validity: a contender may already have waited out its silence
    expect(await a.tick()).toBe(false);
    expect(a.token()).toBeUndefined();
  });

  it('a clean release hands over at the next tick; wall clocks play no part', async () => {
    const skewed = () => new Date('2099-01-01T00:00:00Z'); // a holder whose wall clock is decades ahead
    const a = createLease({
      db,
      name: 'release',
      holder: 'a',
      ttlMs: TTL,
      monotonic: clock().now,
      wallClock: skewed,
    });
    const b = createLease({ db, name: 'release', holder: 'b', ttlMs: TTL, monotonic: clock().now });
    expect(await a.tick()).toBe(true);
    expect(await b.tick()).toBe(false);
    await a.release();
    expect(await b.tick()).toBe(true);
    expect(b.token()).toBe(2);
  });

  it('refuses a write fenced with a stale token once the new holder wrote', async () => {
    const docs = db.collection<{ _id: string; value: string; fence?: number }>('fenced');
    const write = async (token: number, value: string): Promise<boolean> => {
      try {
        const r = await docs.updateOne(
          fencedFilter('cursor', token),
          { $set: { value, fence: token } },
          { upsert: true },
        );
        return r.matchedCount + r.upsertedCount === 1;
      } catch (err) {
        if ((err as { code?: number }).code === 11000) return false;
        throw err;
      }
    };
    expect(await write(1, 'first leader')).toBe(true);
    expect(await write(2, 'second leader')).toBe(true);
    expect(await write(1, 'stale first leader')).toBe(false);
    expect(await docs.findOne({ _id: 'cursor' })).toMatchObject({ value: 'second leader', fence: 2 });
  });

  it('keepLease reports the transitions and releases on stop', async () => {
    const events: string[] = [];
    const keeper = keepLease({
      lease: createLease({ db, name: 'keeper', holder: 'k', ttlMs: 3000 }),
      intervalMs: 1000,
      logger,
      onAcquired: (token) => events.push(`acquired ${token}`),
      onLost: () => events.push('lost'),
    });
    await keeper.start();
    expect(keeper.state()).toBe('held');
    await keeper.stop();
    expect(events).toEqual(['acquired 1', 'lost']);
    const other = createLease({ db, name: 'keeper', holder: 'other', ttlMs: 3000 });
    await waitFor('the released lease to be taken', () => other.tick());
    expect(other.token()).toBe(2);
  });
});
