import { formatP, kindTitle, spanText } from './alert-text';

describe('alert text', () => {
  it('names kinds, spans and p-values', () => {
    expect(kindTitle('negative_share')).toBe('Negative share rose');
    expect(kindTitle('other')).toBe('other');
    expect(spanText('2026-12-06T10:15:00Z', '2026-12-06T11:00:00Z')).toBe('45 min');
    expect(spanText('2026-12-06T09:00:00Z', '2026-12-06T11:05:00Z')).toBe('2 h 5 min');
    expect(formatP(1e-12)).toBe('1.0e-12');
    expect(formatP(0.0031)).toBe('0.003');
    expect(formatP(undefined)).toBe('–');
  });
});
