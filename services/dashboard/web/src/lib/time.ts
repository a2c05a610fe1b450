/** Periods of the brand and overview pages, and times shown in the viewer's own time zone. */

export const PRESETS = ['24h', '7d', '30d'] as const;
export type Preset = (typeof PRESETS)[number];
export type RangeChoice = Preset | 'custom';

const HOUR_MS = 3_600_000;
const PRESET_MS: Record<Preset, number> = {
  '24h': 24 * HOUR_MS,
  '7d': 7 * 24 * HOUR_MS,
  '30d': 30 * 24 * HOUR_MS,
};

export interface Period {
  from: string;
  to: string;
}

/**
 * The period a page shows: a preset ends at the next full hour after `now` (the hour rollups' grain, so a reload a
 * minute later asks the same question); `custom` uses from/to when both are valid and ordered, else 24h.
 */
export function resolvePeriod(choice: RangeChoice, now: Date, from?: string, to?: string): Period {
  if (choice === 'custom' && from && to && Date.parse(from) < Date.parse(to)) {
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  }
  const preset: Preset = choice === 'custom' ? '24h' : choice;
  const end = Math.ceil((now.getTime() + 1) / HOUR_MS) * HOUR_MS;
  return { from: new Date(end - PRESET_MS[preset]).toISOString(), to: new Date(end).toISOString() };
}

/** The period of the same length right before `period` (the "compare with the previous period" toggle). */
export function previousPeriod(period: Period): Period {
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  return { from: new Date(from - (to - from)).toISOString(), to: new Date(from).toISOString() };
}

/** A date-time in the viewer's zone (or `timeZone`), e.g. "6 Dec 2026, 14:05". */
export function formatDateTime(iso: string, timeZone?: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

/** "3 min ago", "2 h ago", "4 d ago"; future times and invalid input get an absolute time. */
export function formatAgo(iso: string, now: Date, timeZone?: string): string {
  const ms = now.getTime() - Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  if (ms < 0) return formatDateTime(iso, timeZone);
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** The value of an <input type="datetime-local"> for an instant, in the viewer's zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An instant from an <input type="datetime-local"> value (read in the viewer's zone), or undefined. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** The name of the viewer's time zone, shown next to times so nobody has to guess. */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
