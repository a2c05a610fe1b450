import { cachedRollups } from './cached-rollups';
import type { RollupsRepo } from './rollups-repo';

function fakeRepo() {
  const stored = new Map<string, { watermarks: Record<string, number> }>();
  const calls = { state: 0, apply: 0 };
  let failNextApply = false;
  const repo = {
    state: (_g: string, brand: string) => {
      calls.state += 1;
      return Promise.resolve(stored.get(brand) ?? null);
    },
    apply: (_g: string, brand: string, _b: Date, update: { watermarks: Record<string, number> }) => {
      calls.apply += 1;
      stored.set(brand, { watermarks: { ...stored.get(brand)?.watermarks, ...update.watermarks } });
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
const update = (offset: number) => ({ inc: { total: 1 }, watermarks: { '0': offset } });

describe('cached rollups', () => {
  it('answers state from what it wrote, without a read', async () => {
    const { repo, calls } = fakeRepo();
    const cached = cachedRollups(repo);
    expect(await cached.state('minute', 'acme', BUCKET)).toBeNull();
    await cached.apply('minute', 'acme', BUCKET, update(7), new Date());
    expect(await cached.state('minute', 'acme', BUCKET)).toEqual({ watermarks: { '0': 7 }, evidence: {} });
    expect(calls.state).toBe(1);
  });

  it('reads again after clear() and after a failed write', async () => {
    const { repo, calls, failApply } = fakeRepo();
    const cached = cachedRollups(repo);
    await cached.apply('minute', 'acme', BUCKET, update(7), new Date());
    cached.clear();
    expect(await cached.state('minute', 'acme', BUCKET)).toEqual({ watermarks: { '0': 7 } });
    expect(calls.state).toBe(1);
    failApply();
    await expect(cached.apply('minute', 'acme', BUCKET, update(9), new Date())).rejects.toThrow();
    // The write landed although it failed: the next state must come from the database (9), not the cache (7).
    expect(await cached.state('minute', 'acme', BUCKET)).toEqual({ watermarks: { '0': 9 } });
    expect(calls.state).toBe(2);
  });
});
