import { PendingHours } from './pending-hours';

describe('PendingHours', () => {
  it('keeps an hour pending until its rollup has counted the highest offset seen on every partition', () => {
    const p = new PendingHours();
    p.add('acme|h1', 0, 10, 0);
    p.add('acme|h1', 0, 7, 0);
    p.add('acme|h1', 2, 3, 0);
    expect(p.has('acme|h1', 1)).toBe(true);
    expect(p.settle('acme|h1', { '0': 9, '2': 3 }, 1)).toBe(true);
    expect(p.settle('acme|h1', { '0': 10 }, 1)).toBe(true);
    expect(p.settle('acme|h1', { '0': 12, '2': 5 }, 1)).toBe(false);
    expect(p.has('acme|h1', 1)).toBe(false);
  });

  it('is not pending for an hour it never saw', () => {
    const p = new PendingHours();
    expect(p.has('acme|h1', 0)).toBe(false);
    expect(p.settle('acme|h1', undefined, 0)).toBe(false);
  });

  it('lets an hour go after a while even if the rollup never counts it, and bounds its size', () => {
    const p = new PendingHours(2, 1_000);
    p.add('a', 0, 1, 0);
    expect(p.settle('a', {}, 999)).toBe(true);
    expect(p.settle('a', {}, 1_000)).toBe(false);
    p.add('b', 0, 1, 0);
    p.add('c', 0, 1, 0);
    p.add('d', 0, 1, 0);
    expect(p.has('b', 0)).toBe(false);
    expect(p.has('d', 0)).toBe(true);
  });
});
