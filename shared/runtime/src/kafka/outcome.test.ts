import { DEFAULT_RETRY_POLICY, backoffDelayMs, dlq, drop, ok, retry } from './outcome';

describe('backoffDelayMs', () => {
  const policy = DEFAULT_RETRY_POLICY;

  it('doubles from the base delay, between half and all of the ceiling', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, policy, () => 0))).toEqual([100, 200, 400, 800]);
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, policy, () => 1))).toEqual([200, 400, 800, 1600]);
  });

  it('is capped at maxDelayMs however many retries', () => {
    expect(backoffDelayMs(7, policy, () => 1)).toBe(10_000);
    expect(backoffDelayMs(1000, policy, () => 1)).toBe(10_000);
    expect(backoffDelayMs(1000, policy, () => 0)).toBe(5_000);
  });

  it('spreads retries with jitter', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelayMs(3, policy)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(400);
      expect(d).toBeLessThanOrEqual(800);
    }
  });

  it('honours a custom policy', () => {
    expect(backoffDelayMs(2, { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 15 }, () => 1)).toBe(15);
  });
});

describe('outcome helpers', () => {
  it('build the outcome union', () => {
    expect(ok()).toEqual({ status: 'ok' });
    expect(drop('dup')).toEqual({ status: 'drop', reason: 'dup' });
    expect(retry('db down')).toEqual({ status: 'retry', reason: 'db down' });
    expect(dlq('unknown brand', 'unknown_brand')).toEqual({
      status: 'dlq',
      reason: 'unknown brand',
      errorKind: 'unknown_brand',
    });
    expect(dlq('bad')).toEqual({ status: 'dlq', reason: 'bad' });
  });
});
