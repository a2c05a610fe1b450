import { formatChange, formatConfidence, formatCount, formatPointChange, formatShare } from './format';

describe('format', () => {
  it('formats counts and shares', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatShare(0.4567)).toBe('46%');
    expect(formatShare(0.0456)).toBe('4.6%');
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(null)).toBe('–');
  });

  it('formats changes against the previous period', () => {
    expect(formatChange(125, 100)).toBe('+25%');
    expect(formatChange(90, 100)).toBe('−10%');
    expect(formatChange(5, 0)).toBe('new');
    expect(formatChange(0, 0)).toBe('±0%');
    expect(formatPointChange(0.3, 0.18)).toBe('+12.0 pp');
    expect(formatPointChange(0.1, 0.135)).toBe('−3.5 pp');
    expect(formatPointChange(null, 0.1)).toBe('–');
  });

  it('formats confidence', () => {
    expect(formatConfidence(0.873)).toBe('87%');
    expect(formatConfidence(undefined)).toBe('');
  });
});
