import { cachedRollups } from './cached-rollups';
import type { RollupsRepo, RollupWrite } from './rollups-repo';

function fakeRepo() {
  const stored = new Map<string, { watermarks: Record<string, number> }>();
  const calls = { state: 0, apply: 0 };
  let failNextApply = false;
  const repo = {
    state: (brand: string) => {
      calls.state += 1;
      return Promise.resolve(stored.get(brand) ?? null);
    },
    applyAll: (writes: RollupWrite[]) => {
      calls.apply += 1;
      for (const { brand, update } of writes) {
        stored.set(brand, { watermarks: { ...stored.get(brand)?.watermarks, ...update.watermarks } });
      }
      if (failNextApply) {
        failNextApply = false;
        return Promise.reject(new Error('timeout after the write landed'));
      }
      return Promise.resolve();
    },
  } as unknown as RollupsRepo;
  return { repo, calls, stored, failApply: () => (failNextApply = true) };
}

const BUCKET = new Date('2026-11-01T10:00:00Z');
const write = (brand: string, offset: number): RollupWrite => ({
  brand,
  hour: BUCKET,
  update: { inc: { total: 1 }, watermarks: { '0': offset } },
});

describe('cached rollups', () => {
  it('answers state from what it wrote, without a read', async () => {
    const { repo, calls } = fakeRepo();
    const cached = cachedRollups(repo);
    expect(await cached.state('acme', BUCKET)).toBeNull();
    await cached.applyAll([write('acme', 7), write('globex', 3)], new Date());
    expect(await cached.state('acme', BUCKET)).toEqual({ watermarks: { '0': 7 }, evidence: {} });
    expect(await cached.state('globex', BUCKET)).toEqual({ watermarks: { '0': 3 }, evidence: {} });
    expect(calls.state).toBe(1);
  });

  it('reads again after clear() and after a failed bulk, for every document of it', async () => {
    const { repo, calls, failApply } = fakeRepo();
    const cached = cachedRollups(repo);
    await cached.applyAll([write('acme', 7)], new Date());
    cached.clear();
    expect(await cached.state('acme', BUCKET)).toEqual({ watermarks: { '0': 7 } });
    expect(calls.state).toBe(1);
    await cached.applyAll([write('globex', 3)], new Date());
    failApply();
    await expect(cached.applyAll([write('acme', 9), write('globex', 4)], new Date())).rejects.toThrow();
    // The writes landed although the bulk failed: the next states come from the database, not the cache.
    expect(await cached.state('acme', BUCKET)).toEqual({ watermarks: { '0': 9 } });
    expect(await cached.state('globex', BUCKET)).toEqual({ watermarks: { '0': 4 } });
    expect(calls.state).toBe(3);
  });
});
