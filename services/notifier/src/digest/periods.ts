import { localParts } from '../view/time-format';

/** Offset of `timeZone` from UTC at `at`, in ms (CET: +3,600,000). */
function offsetMs(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(at.getTime() / 60_000) * 60_000;
}

/**
 * The instant a local wall-clock time happens in `timeZone`. A time skipped by a DST change (02:30 on the spring
 * night) is taken as the same wall time after the change (03:30); a repeated one (the autumn night) as the first.
 */
export function zonedTime(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour);
  const first = guess - offsetMs(new Date(guess), timeZone);
  if (offsetMs(new Date(first), timeZone) === guess - first) return new Date(first);
  return new Date(guess - offsetMs(new Date(first), timeZone));
}

export type DigestKind = 'daily' | 'weekly';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface DigestPeriod {
  kind: DigestKind;
  /** Local date the digest is sent on, "2026-11-22": with brand and kind, the period's identity. */
  key: string;
  from: Date;
  to: Date;
  /** The period before, for the comparison. */
  previousFrom: Date;
}

function addLocalDays(year: number, month: number, day: number, days: number) {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The latest digest of this kind due at or before `now`: a daily digest at local `hour` covers the day up to that
 * hour (23 or 25 hours across a DST change), a weekly one the 7 local days before, sent on `weekday` (the last such
 * day at or before now).
 */
export function latestDuePeriod(
  now: Date,
  timeZone: string,
  hour: number,
  kind: DigestKind,
  weekday: Weekday = 'mon',
): DigestPeriod {
  const local = localParts(now, timeZone);
  let date = { year: local.year, month: local.month, day: local.day };
  let at = zonedTime(date.year, date.month, date.day, hour, timeZone);
  if (at.getTime() > now.getTime()) {
    date = addLocalDays(date.year, date.month, date.day, -1);
    at = zonedTime(date.year, date.month, date.day, hour, timeZone);
  }
  if (kind === 'weekly') {
    const target = WEEKDAYS.indexOf(weekday);
    const dow = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    date = addLocalDays(date.year, date.month, date.day, -((dow - target + 7) % 7));
    at = zonedTime(date.year, date.month, date.day, hour, timeZone);
  }
  const span = kind === 'daily' ? 1 : 7;
  const start = addLocalDays(date.year, date.month, date.day, -span);
  const before = addLocalDays(date.year, date.month, date.day, -2 * span);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    kind,
    key: `${date.year}-${pad(date.month)}-${pad(date.day)}`,
    from: zonedTime(start.year, start.month, start.day, hour, timeZone),
    to: at,
    previousFrom: zonedTime(before.year, before.month, before.day, hour, timeZone),
  };
}

/** node-cron expression of a digest: minute 0 of the local hour, every day or on the weekday. */
export function cronExpression(hour: number, kind: DigestKind, weekday: Weekday = 'mon'): string {
  return kind === 'daily' ? `0 ${hour} * * *` : `0 ${hour} * * ${WEEKDAYS.indexOf(weekday)}`;
}
