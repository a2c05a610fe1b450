import { quietUntil } from './quiet-hours';

const night = { start: '22:00', end: '07:30' };

describe('quietUntil', () => {
  it('is the next local end when inside quiet hours across midnight', () => {
    expect(quietUntil(new Date('2026-11-22T22:30:00Z'), 'Europe/Berlin', night)?.toISOString()).toBe(
      '2026-11-23T06:30:00.000Z',
    );
    expect(quietUntil(new Date('2026-11-23T03:00:00Z'), 'Europe/Berlin', night)?.toISOString()).toBe(
      '2026-11-23T06:30:00.000Z',
    );
  });

  it('is undefined outside them, with the start inclusive and the end exclusive', () => {
    expect(quietUntil(new Date('2026-11-22T20:59:00Z'), 'Europe/Berlin', night)).toBeUndefined();
    expect(quietUntil(new Date('2026-11-22T21:00:00Z'), 'Europe/Berlin', night)).toBeDefined();
    expect(quietUntil(new Date('2026-11-23T06:30:00Z'), 'Europe/Berlin', night)).toBeUndefined();
  });

  it('ends at the local time on the night clocks go back', () => {
    // 25 Oct 2026: 03:00 CEST becomes 02:00 CET; 07:30 CET is 06:30Z
    expect(quietUntil(new Date('2026-10-24T21:00:00Z'), 'Europe/Berlin', night)?.toISOString()).toBe(
      '2026-10-25T06:30:00.000Z',
    );
  });

  it('handles daytime quiet hours too', () => {
    expect(
      quietUntil(new Date('2026-11-22T12:00:00Z'), 'UTC', { start: '12:00', end: '13:00' })?.toISOString(),
    ).toBe('2026-11-22T13:00:00.000Z');
  });
});
