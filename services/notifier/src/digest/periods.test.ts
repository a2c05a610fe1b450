import { cronExpression, latestDuePeriod, zonedTime } from './periods';

const H = 3_600_000;

describe('zonedTime', () => {
  it('finds the instant of a local time on both sides of DST', () => {
    expect(zonedTime(2026, 3, 28, 8, 'Europe/Berlin').toISOString()).toBe('2026-03-28T07:00:00.000Z');
    expect(zonedTime(2026, 3, 29, 8, 'Europe/Berlin').toISOString()).toBe('2026-03-29T06:00:00.000Z');
    expect(zonedTime(2026, 10, 25, 8, 'Europe/Berlin').toISOString()).toBe('2026-10-25T07:00:00.000Z');
    expect(zonedTime(2026, 11, 1, 8, 'America/New_York').toISOString()).toBe('2026-11-01T13:00:00.000Z');
    expect(zonedTime(2026, 11, 22, 8, 'UTC').toISOString()).toBe('2026-11-22T08:00:00.000Z');
  });

  it('takes a skipped local time as the same wall time after the change', () => {
    expect(zonedTime(2026, 3, 29, 2, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z'); // 03:00 CEST
  });
});

describe('latestDuePeriod', () => {
  it('is the day up to the local hour; before the hour, yesterday’s', () => {
    const before = latestDuePeriod(new Date('2026-11-22T06:59:00Z'), 'Europe/Berlin', 8, 'daily');
    expect(before.key).toBe('2026-11-21');
    const at = latestDuePeriod(new Date('2026-11-22T07:00:00Z'), 'Europe/Berlin', 8, 'daily');
    expect(at).toEqual({
      kind: 'daily',
      key: '2026-11-22',
      from: new Date('2026-11-21T07:00:00Z'),
      to: new Date('2026-11-22T07:00:00Z'),
      previousFrom: new Date('2026-11-20T07:00:00Z'),
    });
  });

  it('has 23 hours on the spring DST day and 25 on the autumn one', () => {
    const spring = latestDuePeriod(new Date('2026-03-29T06:00:00Z'), 'Europe/Berlin', 8, 'daily');
    expect(spring.key).toBe('2026-03-29');
    expect(spring.to.getTime() - spring.from.getTime()).toBe(23 * H);
    const autumn = latestDuePeriod(new Date('2026-10-25T07:00:00Z'), 'Europe/Berlin', 8, 'daily');
    expect(autumn.key).toBe('2026-10-25');
    expect(autumn.to.getTime() - autumn.from.getTime()).toBe(25 * H);
    // 06:30Z on the autumn day is 07:30 CET: still the day before's digest
    expect(latestDuePeriod(new Date('2026-10-25T06:30:00Z'), 'Europe/Berlin', 8, 'daily').key).toBe(
      '2026-10-24',
    );
  });

  it('is the last weekday’s week for a weekly digest', () => {
    const weekly = latestDuePeriod(new Date('2026-11-25T12:00:00Z'), 'UTC', 8, 'weekly', 'mon');
    expect(weekly.key).toBe('2026-11-23');
    expect(weekly.from.toISOString()).toBe('2026-11-16T08:00:00.000Z');
    expect(weekly.previousFrom.toISOString()).toBe('2026-11-09T08:00:00.000Z');
    expect(latestDuePeriod(new Date('2026-11-23T07:00:00Z'), 'UTC', 8, 'weekly', 'mon').key).toBe(
      '2026-11-16',
    );
  });
});

it('schedules minute 0 of the hour, daily or on the weekday', () => {
  expect(cronExpression(8, 'daily')).toBe('0 8 * * *');
  expect(cronExpression(7, 'weekly', 'fri')).toBe('0 7 * * 5');
});
