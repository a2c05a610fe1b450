import type { ClassifiedMention } from '@crumbtrail/contracts';

/**
 * The dashboard's list read model of mentions (pure part). FerretDB answers only `_id` lookups from an index, so
 * lists are read from documents addressed by `_id`:
 *
 * - a slot document per (brand, 10-minute slot): `_id` = `${brand}|${slot start ISO}`, `e.<mentionId>` = a compact
 *   entry (time, labels, source, language, lowercase text prefix). A slot holds at most ten minutes of one brand,
 *   so no document grows without bound (~300 bytes an entry: 16 MB is ~50,000 mentions in ten minutes).
 * - a day directory per (brand, UTC day): `_id` = `${brand}|${YYYY-MM-DD}`, `k.<HHm>` = which sentiments, intents,
 *   sources and languages occur in that slot (presence flags). A list reads the day directories of its range first
 *   and then only the slots that exist and can match the filters.
 *
 * Both are written with `$set` of fields keyed by the mention id, so a redelivered event changes nothing.
 */
export const SLOT_MS = 10 * 60_000;
export const DAY_MS = 86_400_000;
/** Lowercase text kept per entry for word filters (title + text, truncated). */
export const TEXT_PREFIX_CHARS = 400;

export interface IndexEntry {
  /** publishedAt (ms), clamped to the arrival time when in the future. */
  t: number;
  s: string;
  i: string;
  src: string;
  l: string;
  /** Lowercase title + text, first TEXT_PREFIX_CHARS characters. */
  x: string;
  /** Confidences of the sentiment and intent labels (the stored mention lacks them). */
  sc: number;
  ic: number;
  /** Set when someone corrected the labels: the list then reads the feedback document. */
  c?: 1;
}

export function slotStart(t: number): number {
  return Math.floor(t / SLOT_MS) * SLOT_MS;
}

export function slotId(brand: string, slot: number): string {
  return `${brand}|${new Date(slot).toISOString()}`;
}

export function dayOf(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

export function dayId(brand: string, day: string): string {
  return `${brand}|${day}`;
}

/** Directory key of a slot within its day: hour (2 digits) + 10-minute index (1 digit), e.g. "135" = 13:50. */
export function slotKey(slot: number): string {
  const d = new Date(slot);
  return `${String(d.getUTCHours()).padStart(2, '0')}${Math.floor(d.getUTCMinutes() / 10)}`;
}

export function slotFromKey(day: string, key: string): number {
  return dayStart(day) + Number(key.slice(0, 2)) * 3_600_000 + Number(key.slice(2)) * SLOT_MS;
}

export function toEntry(m: ClassifiedMention, now: number): IndexEntry {
  const c = m.classification;
  const text = `${m.title ? `${m.title} ` : ''}${m.text}`.toLowerCase().slice(0, TEXT_PREFIX_CHARS);
  return {
    t: Math.min(Date.parse(m.publishedAt), now),
    s: c.sentiment.label,
    i: c.intent.label,
    src: m.source,
    l: c.lang,
    x: text,
    sc: c.sentiment.confidence,
    ic: c.intent.confidence,
  };
}

/** The facets of a directory slot: presence flags per facet value. */
export interface SlotFacets {
  s?: Record<string, true>;
  i?: Record<string, true>;
  src?: Record<string, true>;
  l?: Record<string, true>;
}

export interface MentionFilter {
  from: number;
  to: number;
  sentiment?: readonly string[];
  intent?: readonly string[];
  source?: readonly string[];
  lang?: readonly string[];
  /** Lowercase words that must all occur in the text prefix. */
  words?: readonly string[];
}

function anyOf(present: Record<string, true> | undefined, wanted: readonly string[] | undefined): boolean {
  if (!wanted || wanted.length === 0) return true;
  return wanted.some((w) => present?.[w] === true);
}

/** Whether a slot can hold a match, from its directory flags alone. */
export function slotMayMatch(f: SlotFacets, filter: MentionFilter): boolean {
  return (
    anyOf(f.s, filter.sentiment) &&
    anyOf(f.i, filter.intent) &&
    anyOf(f.src, filter.source) &&
    anyOf(f.l, filter.lang)
  );
}

export function entryMatches(e: IndexEntry, filter: MentionFilter): boolean {
  if (e.t < filter.from || e.t >= filter.to) return false;
  if (filter.sentiment?.length && !filter.sentiment.includes(e.s)) return false;
  if (filter.intent?.length && !filter.intent.includes(e.i)) return false;
  if (filter.source?.length && !filter.source.includes(e.src)) return false;
  if (filter.lang?.length && !filter.lang.includes(e.l)) return false;
  return (filter.words ?? []).every((w) => e.x.includes(w));
}

/** Position in the newest-first order: (time desc, id desc). */
export interface ListPosition {
  t: number;
  id: string;
}

/** True when (t, id) comes after `pos` in newest-first order. */
export function isAfter(t: number, id: string, pos: ListPosition | undefined): boolean {
  if (!pos) return true;
  return t < pos.t || (t === pos.t && id < pos.id);
}

export function newestFirst(a: ListPosition, b: ListPosition): number {
  return b.t - a.t || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Words of a text query: lowercase, split on whitespace, at most 10. */
export function queryWords(q: string | undefined): string[] {
  return (q ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .slice(0, 10);
}

export function encodeCursor(pos: ListPosition): string {
  return Buffer.from(JSON.stringify([pos.t, pos.id]), 'utf8').toString('base64url');
}

/** Null when the cursor was not made by encodeCursor. */
export function decodeCursor(cursor: string): ListPosition | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 2) return null;
    const [t, id] = v as unknown[];
    if (typeof t !== 'number' || !Number.isFinite(t) || typeof id !== 'string' || id.length > 64) return null;
    return { t, id };
  } catch {
    return null;
  }
}
