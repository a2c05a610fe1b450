import { barChartHtml, sparkline } from './chart';

describe('sparkline', () => {
  it('scales to the busiest bucket', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe('▁▁▂▄█');
    expect(sparkline([0, 0])).toBe('▁▁');
  });
});

describe('barChartHtml', () => {
  it('draws one bar per bucket with the negative part in red', () => {
    const html = barChartHtml(
      [
        { bucketStart: '2026-11-22T10:00:00.000Z', mentions: 10, negatives: 5, complaints: 0 },
        { bucketStart: '2026-11-22T11:00:00.000Z', mentions: 20, negatives: 0, complaints: 0 },
      ],
      80,
    );
    expect(html.match(/<td /g)).toHaveLength(2);
    expect(html).toContain('height:20px;background:#d93025'); // 5 of max 20 -> 20 px
    expect(html).toContain('height:80px;background:#c7c7c7');
    expect(html).toContain('10:00 UTC: 10 mentions, 5 negative');
    expect(
      barChartHtml(
        [{ bucketStart: '2026-11-22T10:00:00.000Z', mentions: 1, negatives: 0, complaints: 0 }],
        80,
        'Asia/Tokyo',
      ),
    ).toContain('19:00 GMT+9: 1 mentions');
  });
});
