import { RETENTION_LOOKBACK_DAYS, expiredDays } from './retention';

it('names the days that ended more than the retention ago, newest first', () => {
  const now = Date.parse('2026-12-06T07:50:00Z');
  const days = expiredDays(now, 30);
  // 30 days before now is 2026-11-06T07:50: that day has not ended 30 days ago yet, the 5th has.
  expect(days[0]).toBe('2026-11-05');
  expect(days).toHaveLength(RETENTION_LOOKBACK_DAYS);
  expect(days[RETENTION_LOOKBACK_DAYS - 1]).toBe('2026-10-30');
});
