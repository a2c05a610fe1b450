import { chartColumns, chartMarkers, stackValue } from './chart-data';

const series = [
  { t: '2026-12-06T10:00:00Z', total: 10, negative: 2, neutral: 5, positive: 3, negativeShare: 0.2 },
  { t: '2026-12-06T11:00:00Z', total: 0, negative: 0, neutral: 0, positive: 0, negativeShare: null },
  { t: '2026-12-06T12:00:00Z', total: 8, negative: 6, neutral: 1, positive: 1, negativeShare: 0.75 },
];

describe('chartColumns', () => {
  it('stacks sentiments cumulatively and keeps the share', () => {
    const c = chartColumns(series);
    expect(c.x).toEqual([1796551200, 1796554800, 1796558400]);
    expect(c.stackTotal).toEqual([10, 0, 8]);
    expect(c.stackNegNeu).toEqual([7, 0, 7]);
    expect(c.stackNeg).toEqual([2, 0, 6]);
    expect(c.share).toEqual([0.2, null, 0.75]);
    expect(c.previousTotal).toBeUndefined();
    expect([0, 1, 2].map((i) => stackValue(c, 'positive', i))).toEqual([3, 0, 1]);
    expect([0, 1, 2].map((i) => stackValue(c, 'neutral', i))).toEqual([5, 0, 1]);
    expect([0, 1, 2].map((i) => stackValue(c, 'negative', i))).toEqual([2, 0, 6]);
  });

  it('aligns the previous period bucket by bucket', () => {
    const c = chartColumns(series, [series[2]!, series[0]!]);
    expect(c.previousTotal).toEqual([8, 10, null]);
  });
});

describe('chartMarkers', () => {
  it('keeps alerts opened inside the range', () => {
    const markers = chartMarkers(
      [
        { alertId: 'a', kind: 'negative_share', severity: 'critical', openedAt: '2026-12-06T12:30:00Z' },
        { alertId: 'b', kind: 'volume_spike', severity: 'warning', openedAt: '2026-12-05T12:30:00Z' },
        { alertId: 'c', kind: 'complaint_volume', severity: 'warning', openedAt: '2026-12-06T13:00:00Z' },
      ],
      { from: '2026-12-06T10:00:00Z', to: '2026-12-06T13:00:00Z' },
    );
    expect(markers).toEqual([{ alertId: 'a', x: 1796560200, label: 'negative share', critical: true }]);
  });
});
