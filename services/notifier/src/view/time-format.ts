/**
 * Times as a person reads them, in their own time zone: "Sun 22 Nov, 10:15–11:00 CET". Pure: Intl only.
 */

export interface LocalParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  weekday: string; // "Sun"
  monthName: string; // "Nov"
  zoneName: string; // "CET", "UTC", "GMT-5"
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function localParts(at: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const monthName = (parts.month ?? '').slice(0, 3);
  return {
    year: Number(parts.year),
    month: MONTHS.indexOf(monthName) + 1,
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: parts.weekday ?? '',
    monthName,
    zoneName: parts.timeZoneName ?? timeZone,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

function clock(p: LocalParts): string {
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

function dayLabel(p: LocalParts): string {
  return `${p.weekday} ${p.day} ${p.monthName}`;
}

/** "Sun 22 Nov, 10:15 UTC" */
export function formatMoment(at: Date | string, timeZone: string): string {
  const p = localParts(new Date(at), timeZone);
  return `${dayLabel(p)}, ${clock(p)} ${p.zoneName}`;
}

/**
 * "Sun 22 Nov, 10:15–11:00 UTC"; across midnight "Sun 22 Nov, 23:30 – Mon 23 Nov, 00:15 CET". The zone shown is
 * the one in force at the end (a window across a DST change says so by its length, which the caller shows).
 */
export function formatRange(start: Date | string, end: Date | string, timeZone: string): string {
  const a = localParts(new Date(start), timeZone);
  const b = localParts(new Date(end), timeZone);
  const sameDay = a.year === b.year && a.month === b.month && a.day === b.day;
  if (sameDay) return `${dayLabel(a)}, ${clock(a)}–${clock(b)} ${b.zoneName}`;
  return `${dayLabel(a)}, ${clock(a)} – ${dayLabel(b)}, ${clock(b)} ${b.zoneName}`;
}

/** "10:15" in the zone: for chart labels. */
export function formatClock(at: Date | string, timeZone: string): string {
  return clock(localParts(new Date(at), timeZone));
}

/** "45 minutes", "2 hours", "3 days": a duration in words. */
export function durationWords(startIso: string, endIso: string): string {
  const minutes = Math.max(1, Math.round((Date.parse(endIso) - Date.parse(startIso)) / 60_000));
  if (minutes < 120) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}
