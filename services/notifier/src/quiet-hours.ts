import type { QuietHours } from '@crumbtrail/contracts';
import { zonedTime } from './digest/periods';
import { localParts } from './view/time-format';

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * When quiet hours are on at `now` (local time in `timeZone`, start inclusive, end exclusive, possibly across
 * midnight), the instant they end; otherwise undefined. Pure.
 */
export function quietUntil(now: Date, timeZone: string, quiet: QuietHours): Date | undefined {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return undefined;
  const local = localParts(now, timeZone);
  const minute = local.hour * 60 + local.minute;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return undefined;
  // The end is today when it is still ahead on the local clock, else tomorrow.
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + (minute < end ? 0 : 1)));
  const endAt = zonedTime(
    day.getUTCFullYear(),
    day.getUTCMonth() + 1,
    day.getUTCDate(),
    Math.floor(end / 60),
    timeZone,
  );
  return new Date(endAt.getTime() + (end % 60) * 60_000);
}
