import { mapLimit } from './map-limit';

describe('mapLimit', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => setImmediate(resolve));
      running -= 1;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('throws the first error only after every started call settled, and starts nothing after it', async () => {
    const settled: number[] = [];
    let releaseSlow!: () => void;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const run = mapLimit([0, 1, 2, 3], 2, async (n) => {
      if (n === 0) {
        await slow;
        settled.push(n);
        return n;
      }
      if (n === 1) throw new Error('boom');
      settled.push(n);
      return n;
    });
    let rejected = false;
    run.catch(() => (rejected = true));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(rejected).toBe(false); // item 0 is still in flight
    releaseSlow();
    await expect(run).rejects.toThrow('boom');
    expect(settled).toEqual([0]);
  });
});
