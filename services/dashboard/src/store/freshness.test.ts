import { FRESH_MS, SETTLED_MS, TOUCHED_FOR_MS, TouchedPeriods, keepFor } from './freshness';

const H = 3_600_000;
const NOW = Date.parse('2026-12-06T12:00:00Z');

describe('keepFor', () => {
  it('keeps the last hours briefly and settled ones for long', () => {
    expect(keepFor(NOW - H, NOW)).toBe(FRESH_MS);
    expect(keepFor(NOW - 2 * H, NOW)).toBe(FRESH_MS);
    expect(keepFor(NOW - 3 * H, NOW)).toBe(SETTLED_MS);
  });

  it('keeps a settled period briefly while a late mention has touched it', () => {
    const touched = new TouchedPeriods();
    touched.touch('acme|h', NOW);
    expect(keepFor(NOW - 30 * H, NOW, touched.touchedUntil('acme|h'))).toBe(FRESH_MS);
    expect(keepFor(NOW - 30 * H, NOW + TOUCHED_FOR_MS, touched.touchedUntil('acme|h'))).toBe(SETTLED_MS);
    expect(touched.touchedUntil('other|h')).toBe(0);
  });

  it('forgets the oldest marks beyond its size', () => {
    const touched = new TouchedPeriods(2);
    touched.touch('a', NOW);
    touched.touch('b', NOW);
    touched.touch('c', NOW);
    expect(touched.touchedUntil('a')).toBe(0);
    expect(touched.touchedUntil('c')).toBe(NOW + TOUCHED_FOR_MS);
  });
});
