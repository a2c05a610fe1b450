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

/** The facets of a directory slot: presence flags per facet value, and its highest chunk index (absent: 0). */
export interface SlotFacets {
  s?: Record<string, true>;
  i?: Record<string, true>;
  src?: Record<string, true>;
  l?: Record<string, true>;
  c?: number;
}

/**
 * Entries per slot document before the slot's next document ("chunk") is started. FerretDB rewrites a whole
 * document on every update, one update at a time for the server, so a busy brand's ten minutes in one document
 * (at 50 mentions/s, 30,000 entries, 9 MB) would be rewritten by every batch and hold the aggregator's writes up;
 * a chunk stays under ~150 KB (twice that for a chunk refilled after a restart, or by two replicas at once).
 */
export const CHUNK_ENTRIES = 500;

/** Chunk 0 keeps the slot's own id (`slotId`); chunk n > 0 is `${slotId}|${n}`. */
export function chunkId(slot: string, chunk: number): string {
  return chunk === 0 ? slot : `${slot}|${chunk}`;
}

/** The chunk a slot's writer is filling and how many entries it has put there. */
export interface ChunkFill {
  chunk: number;
  count: number;
}

/** Spreads `n` new entries of a slot over its chunks from `fill` on: how many go to each chunk, and the fill after. */
export function fillChunks(
  fill: ChunkFill,
  n: number,
  cap = CHUNK_ENTRIES,
): { parts: { chunk: number; count: number }[]; fill: ChunkFill } {
  const parts: { chunk: number; count: number }[] = [];
  let { chunk, count } = fill;
  let left = n;
  while (left > 0) {
    if (count >= cap) {
      chunk += 1;
      count = 0;
    }
    const take = Math.min(left, cap - count);
    parts.push({ chunk, count: take });
    count += take;
    left -= take;
  }
  return { parts, fill: { chunk, count } };
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

/** The mentions of one (brand, slot) and the facets of one (brand, day), as a batch adds them. */
export interface IndexGroups {
  slots: Map<string, { brand: string; slot: number; entries: Record<string, IndexEntry> }>;
  days: Map<string, { brand: string; day: string; facets: Record<string, SlotFacets> }>;
}

/** Groups mentions by the slot documents and day directories they go to. */
export function groupForIndex(mentions: readonly ClassifiedMention[], now: number): IndexGroups {
  const groups: IndexGroups = { slots: new Map(), days: new Map() };
  for (const m of mentions) {
    const e = toEntry(m, now);
    const slot = slotStart(e.t);
    const sid = slotId(m.brand, slot);
    const s = groups.slots.get(sid) ?? { brand: m.brand, slot, entries: {} };
    s.entries[m.eventId] = e;
    groups.slots.set(sid, s);
    const day = dayOf(slot);
    const did = dayId(m.brand, day);
    const d = groups.days.get(did) ?? { brand: m.brand, day, facets: {} };
    const f = (d.facets[slotKey(slot)] ??= {});
    (f.s ??= {})[e.s] = true;
    (f.i ??= {})[e.i] = true;
    (f.src ??= {})[e.src] = true;
    (f.l ??= {})[e.l] = true;
    groups.days.set(did, d);
  }
  return groups;
}

/** Field paths that `$set` one group's contents without touching other mentions or facets (replays change nothing). */
export function slotSetFields(g: { brand: string; slot: number; entries: Record<string, IndexEntry> }) {
  const set: Record<string, unknown> = { brand: g.brand, slot: new Date(g.slot) };
  for (const [id, e] of Object.entries(g.entries))
    for (const [field, value] of Object.entries(e)) set[`e.${id}.${field}`] = value;
  return set;
}

export function daySetFields(g: { brand: string; day: string; facets: Record<string, SlotFacets> }) {
  const set: Record<string, unknown> = { brand: g.brand, day: g.day };
  for (const [key, f] of Object.entries(g.facets))
    for (const [facet, values] of Object.entries(f) as [string, Record<string, true>][])
      for (const value of Object.keys(values)) set[`k.${key}.${facet}.${value}`] = true;
  return set;
}
