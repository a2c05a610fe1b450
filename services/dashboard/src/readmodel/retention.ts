import { DAY_MS, dayOf } from './mention-index';

/** Days looked at behind the retention limit on every run, so a dashboard that was down a while still cleans up. */
export const RETENTION_LOOKBACK_DAYS = 7;

/**
 * The UTC days whose read-model documents have passed retention at `now`: every day that ended more than
 * `retentionDays` ago, the newest RETENTION_LOOKBACK_DAYS of them (older ones were dropped by earlier runs).
 */
export function expiredDays(now: number, retentionDays: number): string[] {
  const limit = now - retentionDays * DAY_MS;
  const newestExpired = Math.floor(limit / DAY_MS) * DAY_MS - DAY_MS;
  return Array.from({ length: RETENTION_LOOKBACK_DAYS }, (_, i) => dayOf(newestExpired - i * DAY_MS));
}
