import type { ClassifiedMention } from '@crumbtrail/contracts';
import type { Collection, Db } from 'mongodb';
import {
  DAY_MS,
  SLOT_MS,
  dayId,
  dayOf,
  dayStart,
  entryMatches,
  isAfter,
  newestFirst,
  slotFromKey,
  slotId,
  slotKey,
  slotMayMatch,
  slotStart,
  toEntry,
  type IndexEntry,
  type ListPosition,
  type MentionFilter,
  type SlotFacets,
} from './mention-index';
import { topTerms } from '@crumbtrail/terms';

interface SlotDoc {
  _id: string;
  brand: string;
  slot: Date;
  e?: Record<string, IndexEntry>;
}

interface DayDoc {
  _id: string;
  brand: string;
  day: string;
  k?: Record<string, SlotFacets>;
}

export interface IndexedMention extends IndexEntry {
  id: string;
}

export interface IndexPage {
  items: IndexedMention[];
  /** Where the next page starts; null when the range is exhausted. */
  next: ListPosition | null;
}

/** Slot documents read per request at most; a page that needs more returns early with a cursor to go on. */
const SLOT_BUDGET = 400;
const PARALLEL = 8;

export class MentionIndexRepo {
  private readonly slots: Collection<SlotDoc>;
  private readonly days: Collection<DayDoc>;

  constructor(db: Db) {
    this.slots = db.collection<SlotDoc>('dashboard_mention_slots');
    this.days = db.collection<DayDoc>('dashboard_mention_days');
  }

  /** Adds mentions to their slots and day directories; `$set` by mention id, so replays change nothing. */
  async add(mentions: readonly ClassifiedMention[], now: number): Promise<void> {
    if (mentions.length === 0) return;
    const slotSets = new Map<string, Record<string, unknown>>();
    const daySets = new Map<string, Record<string, unknown>>();
    for (const m of mentions) {
      const e = toEntry(m, now);
      const slot = slotStart(e.t);
      const sid = slotId(m.brand, slot);
      const s = slotSets.get(sid) ?? { brand: m.brand, slot: new Date(slot) };
      for (const [field, value] of Object.entries(e)) s[`e.${m.eventId}.${field}`] = value;
      slotSets.set(sid, s);
      const day = dayOf(slot);
      const did = dayId(m.brand, day);
      const d = daySets.get(did) ?? { brand: m.brand, day };
      const key = `k.${slotKey(slot)}`;
      d[`${key}.s.${e.s}`] = true;
      d[`${key}.i.${e.i}`] = true;
      d[`${key}.src.${e.src}`] = true;
      d[`${key}.l.${e.l}`] = true;
      daySets.set(did, d);
    }
    const upserts = (sets: Map<string, Record<string, unknown>>) =>
      [...sets].map(([_id, $set]) => ({ updateOne: { filter: { _id }, update: { $set }, upsert: true } }));
    // Served by _id.
    await this.slots.bulkWrite(upserts(slotSets), { ordered: false });
    await this.days.bulkWrite(upserts(daySets), { ordered: false });
  }

  /** The entry of one mention (its confidences), served by _id of its slot. */
  async entry(brand: string, id: string, t: number): Promise<IndexEntry | null> {
    const doc = await this.slots.findOne(
      { _id: slotId(brand, slotStart(t)) },
      { projection: { [`e.${id}`]: 1 } },
    );
    return doc?.e?.[id] ?? null;
  }

  /**
   * Flags an entry as corrected; no-op when the entry is not indexed. Read, then written, by `_id` alone: FerretDB
   * scans the whole collection for a filter of `_id` plus another condition.
   */
  async markCorrected(brand: string, id: string, t: number): Promise<void> {
    const _id = slotId(brand, slotStart(t));
    if (!(await this.entry(brand, id, t))) return;
    await this.slots.updateOne({ _id }, { $set: { [`e.${id}.c`]: 1 } });
  }

  /**
   * A brand's mentions matching `filter`, newest first, after `after`. Served by `_id` only: the day directories
   * of the range (one read per day), then the slots that exist and may match, newest first, PARALLEL at a time.
   */
  async list(
    brand: string,
    filter: MentionFilter,
    after: ListPosition | undefined,
    limit: number,
    slotBudget = SLOT_BUDGET,
  ): Promise<IndexPage> {
    const upper = Math.min(filter.to, after ? after.t + 1 : filter.to);
    if (upper <= filter.from) return { items: [], next: null };
    const slotsToRead = await this.candidateSlots(brand, filter, upper);
    const items: IndexedMention[] = [];
    let read = 0;
    for (let i = 0; i < slotsToRead.length; i += PARALLEL) {
      if (read >= slotBudget) {
        // Budget spent: resume at the newest slot not read yet (everything newer was read).
        const nextSlot = slotsToRead[i] ?? 0;
        return { items, next: { t: nextSlot + SLOT_MS, id: '' } };
      }
      const group = slotsToRead.slice(i, i + PARALLEL);
      read += group.length;
      const docs = await Promise.all(group.map((s) => this.slots.findOne({ _id: slotId(brand, s) })));
      for (const doc of docs) {
        const found = Object.entries(doc?.e ?? {})
          .map(([id, e]) => ({ ...e, id }))
          .filter((e) => entryMatches(e, filter) && isAfter(e.t, e.id, after))
          .sort(newestFirst);
        for (const e of found) {
          items.push(e);
          if (items.length === limit) {
            return { items, next: { t: e.t, id: e.id } };
          }
        }
      }
    }
    return { items, next: null };
  }

  /**
   * Top terms of the newest negative mentions of [from, to) (at most 200, from their indexed text prefixes, reading
   * at most 48 slot documents: a chart must not wait for a full scan of a quiet brand's month), read
   * like list().
   */
  async topNegativeTerms(brand: string, from: number, to: number, brandName: string) {
    const page = await this.list(brand, { from, to, sentiment: ['negative'] }, undefined, 200, 48);
    return topTerms(
      page.items.map((e) => e.x),
      `${brand} ${brandName}`,
    );
  }

  /** Slot starts (newest first) in [from, upper) whose directory flags may match. */
  private async candidateSlots(brand: string, filter: MentionFilter, upper: number): Promise<number[]> {
    const days: string[] = [];
    for (let d = dayStart(dayOf(upper - 1)); d + DAY_MS > filter.from; d -= DAY_MS) days.push(dayOf(d));
    const out: number[] = [];
    for (let i = 0; i < days.length; i += PARALLEL) {
      const group = days.slice(i, i + PARALLEL);
      // Served by _id.
      const docs = await Promise.all(group.map((day) => this.days.findOne({ _id: dayId(brand, day) })));
      docs.forEach((doc, j) => {
        const day = group[j] ?? '';
        const slots = Object.entries(doc?.k ?? {})
          .filter(([, facets]) => slotMayMatch(facets, filter))
          .map(([key]) => slotFromKey(day, key))
          .filter((s) => s < upper && s + SLOT_MS > filter.from)
          .sort((a, b) => b - a);
        out.push(...slots);
      });
    }
    return out;
  }
}
