import {
  formatAgo,
  formatDateTime,
  fromLocalInput,
  previousPeriod,
  resolvePeriod,
  toLocalInput,
} from './time';

const now = new Date('2026-12-06T14:25:00Z');

describe('resolvePeriod', () => {
  it('ends presets at the next full hour', () => {
    expect(resolvePeriod('24h', now)).toEqual({
      from: '2026-12-05T15:00:00.000Z',
      to: '2026-12-06T15:00:00.000Z',
    });
    expect(resolvePeriod('7d', now).from).toBe('2026-11-29T15:00:00.000Z');
    expect(resolvePeriod('30d', now).from).toBe('2026-11-06T15:00:00.000Z');
  });

  it('moves on at a full hour', () => {
    expect(resolvePeriod('24h', new Date('2026-12-06T15:00:00Z')).to).toBe('2026-12-06T16:00:00.000Z');
  });

  it('uses a valid custom period and falls back to 24h otherwise', () => {
    expect(resolvePeriod('custom', now, '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z')).toEqual({
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-02T00:00:00.000Z',
    });
    expect(resolvePeriod('custom', now, '2026-12-02T00:00:00Z', '2026-12-01T00:00:00Z')).toEqual(
      resolvePeriod('24h', now),
    );
    expect(resolvePeriod('custom', now)).toEqual(resolvePeriod('24h', now));
  });
});

describe('previousPeriod', () => {
  it('is the same length right before', () => {
    expect(previousPeriod({ from: '2026-12-05T15:00:00.000Z', to: '2026-12-06T15:00:00.000Z' })).toEqual({
      from: '2026-12-04T15:00:00.000Z',
      to: '2026-12-05T15:00:00.000Z',
    });
  });
});

describe('formatting', () => {
  it('shows times in the given zone', () => {
    expect(formatDateTime('2026-12-06T14:25:00Z', 'Asia/Tokyo', 'en-GB')).toBe('6 Dec 2026, 23:25');
    expect(formatDateTime('2026-12-06T14:25:00Z', 'America/New_York', 'en-GB')).toBe('6 Dec 2026, 09:25');
  });

  it('says how long ago', () => {
    expect(formatAgo('2026-12-06T14:24:30Z', now)).toBe('just now');
    expect(formatAgo('2026-12-06T14:05:00Z', now)).toBe('20 min ago');
    expect(formatAgo('2026-12-06T09:25:00Z', now)).toBe('5 h ago');
    expect(formatAgo('2026-12-01T14:25:00Z', now)).toBe('5 d ago');
  });

  it('round-trips datetime-local values in the local zone', () => {
    const iso = '2026-12-06T14:25:00.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(fromLocalInput('')).toBeUndefined();
  });
});
