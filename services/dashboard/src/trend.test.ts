import type { HourDoc } from '@crumbtrail/storage';
import { breakdown, totalsOf, trendSeries } from './trend';

const H = 3_600_000;
const T0 = Date.parse('2026-12-06T00:00:00Z');
function hour(t: number, c: Partial<HourDoc>): HourDoc {
  return {
    _id: `acme|${new Date(t).toISOString()}`,
    brand: 'acme',
    bucket: new Date(t),
    wm: {},
    updatedAt: new Date(t),
    total: 0,
    ...c,
  };
}
const hours = [
  hour(T0, {
    total: 10,
    sentiment: { negative: 4, positive: 6 },
    complaints: 2,
    intent: { complaint: 2, other: 8 },
    sources: { reddit: 10 },
  }),
  hour(T0 + 2 * H, { total: 5, sentiment: { neutral: 5 }, sources: { x: 5 }, langs: { en: 5 } }),
];

it('fills every hourly bucket, empty ones with zeros and no share', () => {
  const s = trendSeries(hours, T0, T0 + 3 * H, H);
  expect(s.map((p) => p.total)).toEqual([10, 0, 5]);
  expect(s[0]).toMatchObject({ negative: 4, positive: 6, negativeShare: 0.4 });
  expect(s[1]?.negativeShare).toBeNull();
  expect(s[2]?.neutral).toBe(5);
});

it('sums hours into daily buckets', () => {
  const s = trendSeries(hours, T0, T0 + 86_400_000, 86_400_000);
  expect(s).toHaveLength(1);
  expect(s[0]).toMatchObject({ total: 15, negative: 4, negativeShare: 4 / 15 });
});

it('totals and breakdowns add the hours up', () => {
  expect(totalsOf(hours)).toEqual({ mentions: 15, negatives: 4, complaints: 2, negativeShare: 4 / 15 });
  expect(totalsOf([])).toEqual({ mentions: 0, negatives: 0, complaints: 0, negativeShare: null });
  expect(breakdown(hours, 'sources')).toEqual({ reddit: 10, x: 5 });
  expect(breakdown(hours, 'langs')).toEqual({ en: 5 });
});
