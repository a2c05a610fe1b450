import { durationWords, formatMoment, formatRange, localParts } from './time-format';

describe('formatRange', () => {
  it('reads as plain words in UTC', () => {
    expect(formatRange('2026-11-22T10:15:00.000Z', '2026-11-22T11:00:00.000Z', 'UTC')).toBe(
      'Sun 22 Nov, 10:15–11:00 UTC',
    );
  });

  it('shows the recipient zone, with its own abbreviation', () => {
    expect(formatRange('2026-11-22T10:15:00.000Z', '2026-11-22T11:00:00.000Z', 'Europe/Berlin')).toBe(
      'Sun 22 Nov, 11:15–12:00 CET',
    );
    expect(formatRange('2026-07-05T10:15:00.000Z', '2026-07-05T11:00:00.000Z', 'Europe/Berlin')).toBe(
      'Sun 5 Jul, 12:15–13:00 CEST',
    );
  });

  it('names both days when the window crosses local midnight', () => {
    expect(formatRange('2026-11-22T22:30:00.000Z', '2026-11-22T23:15:00.000Z', 'Europe/Berlin')).toBe(
      'Sun 22 Nov, 23:30 – Mon 23 Nov, 00:15 CET',
    );
  });
});

describe('formatMoment and localParts', () => {
  it('gives the local calendar fields', () => {
    expect(formatMoment('2026-11-22T13:00:00.000Z', 'America/New_York')).toBe('Sun 22 Nov, 08:00 GMT-5');
    expect(localParts(new Date('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toMatchObject({
      day: 29,
      month: 3,
      hour: 3,
      minute: 30,
    });
  });
});

describe('durationWords', () => {
  it('says minutes, hours or days', () => {
    expect(durationWords('2026-11-22T10:15:00Z', '2026-11-22T11:00:00Z')).toBe('45 minutes');
    expect(durationWords('2026-11-22T04:15:00Z', '2026-11-22T10:15:00Z')).toBe('6 hours');
    expect(durationWords('2026-11-20T10:00:00Z', '2026-11-23T10:00:00Z')).toBe('3 days');
  });
});
