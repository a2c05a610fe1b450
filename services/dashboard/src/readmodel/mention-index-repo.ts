import type { ClassifiedMention } from '@crumbtrail/contracts';
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import {
  DAY_MS,
  SLOT_MS,
  chunkId,
  dayId,
  dayOf,
  dayStart,
  daySetFields,
  entryMatches,
  fillChunks,
  groupForIndex,
  isAfter,
  newestFirst,
  slotFromKey,
  slotId,
  slotKey,
  slotMayMatch,
  slotSetFields,
  slotStart,
  type ChunkFill,
  type IndexEntry,
  type ListPosition,
  type MentionFilter,
  type SlotFacets,
} from './mention-index';
import { topTerms } from '@crumbtrail/terms';
import { FRESH_MS, TouchedPeriods, keepFor } from '../store/freshness';
import { ReadCache, type CacheStats } from '../store/read-cache';

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
/** Slots read at once: few at first (a busy brand fills a page from its newest slots), more once a page lags. */
const FIRST_READS = 8;
const LATER_READS = 32;
/** Day directories read at once. */
const PARALLEL = 16;

export class MentionIndexRepo {
  private readonly slots: Collection<SlotDoc>;
  private readonly days: Collection<DayDoc>;

  /** Per slot: the chunk this process is filling (started at 0 after a restart; chunks then grow to twice the cap). */
  private readonly fills = new Map<string, ChunkFill>();
  /** Slot documents and day directories as read (ReadCache; this process's writes drop what they change). */
  private readonly slotCache = new ReadCache<SlotDoc | null>(20_000);
  private readonly dayCache = new ReadCache<DayDoc | null>(5_000);
  /** Settled slots and days that another replica may be adding a late mention to. */
  private readonly touched = new TouchedPeriods();

  constructor(
    db: Db,
    private readonly clock: () => number = Date.now,
  ) {
    this.slots = db.collection<SlotDoc>('dashboard_mention_slots');
    this.days = db.collection<DayDoc>('dashboard_mention_days');
  }

  /**
   * Adds mentions to their slots (the chunk being filled, CHUNK_ENTRIES at most, then the next) and day
   * directories (facets, and the slot's highest chunk by `$max`); `$set` by mention id, so a replay changes nothing
   * (a replayed entry may land in another chunk of its slot: lists drop the second copy).
   */
  async add(mentions: readonly ClassifiedMention[], now: number): Promise<void> {
    if (mentions.length === 0) return;
    const { slots, days } = groupForIndex(mentions, now);
    const slotOps: AnyBulkWriteOperation<SlotDoc>[] = [];
    const highest = new Map<string, Record<string, number>>();
    for (const [sid, g] of slots) {
      const ids = Object.keys(g.entries);
      const { parts, fill } = fillChunks(this.fills.get(sid) ?? { chunk: 0, count: 0 }, ids.length);
      this.rememberFill(sid, fill);
      let at = 0;
      for (const part of parts) {
        const entries = Object.fromEntries(ids.slice(at, at + part.count).map((id) => [id, g.entries[id]!]));
        at += part.count;
        const cid = chunkId(sid, part.chunk);
        slotOps.push({
          updateOne: {
            filter: { _id: cid },
            update: { $set: slotSetFields({ ...g, entries }) },
            upsert: true,
          },
        });
        this.slotCache.invalidate(cid);
      }
      if (fill.chunk > 0) {
        const did = dayId(g.brand, dayOf(g.slot));
        highest.set(did, { ...highest.get(did), [`k.${slotKey(g.slot)}.c`]: fill.chunk });
      }
    }
    // Served by _id.
    await this.slots.bulkWrite(slotOps, { ordered: false });
    await this.days.bulkWrite(
      [...days].map(([id, g]) => {
        const $max = highest.get(id);
        return {
          updateOne: {
            filter: { _id: id },
            update: { $set: daySetFields(g), ...($max && { $max }) },
            upsert: true,
          },
        };
      }),
      { ordered: false },
    );
    for (const id of days.keys()) this.dayCache.invalidate(id);
  }

  private rememberFill(slot: string, fill: ChunkFill): void {
    this.fills.delete(slot);
    this.fills.set(slot, fill);
    if (this.fills.size > 10_000) this.fills.delete(this.fills.keys().next().value as string);
  }

  /**
   * A mention has arrived (seen by this replica, whichever replica indexes it): its slot and day are re-read soon,
   * and kept briefly for a while, since another replica may write them a moment later.
   */
  touch(brand: string, t: number): void {
    const now = this.clock();
    const slot = slotId(brand, slotStart(t));
    const day = dayId(brand, dayOf(t));
    const chunks = (this.dayCache.stale(day)?.k?.[slotKey(slotStart(t))]?.c ?? 0) + 1;
    this.touched.touch(day, now);
    this.dayCache.expireWithin(day, FRESH_MS);
    for (let c = 0; c < chunks; c++) {
      this.touched.touch(chunkId(slot, c), now);
      this.slotCache.expireWithin(chunkId(slot, c), FRESH_MS);
    }
  }

  /**
   * Loads a whole batch into a read model that holds none of these slots yet (benchmarks; rebuilds): one insert
   * per document instead of an update per field, which is what makes add() slow on FerretDB.
   */
  async load(mentions: readonly ClassifiedMention[], now: number): Promise<void> {
    const { slots, days } = groupForIndex(mentions, now);
    const slotDocs: SlotDoc[] = [];
    for (const [sid, g] of slots) {
      const ids = Object.keys(g.entries);
      const { parts, fill } = fillChunks({ chunk: 0, count: 0 }, ids.length);
      let at = 0;
      for (const part of parts) {
        const e = Object.fromEntries(ids.slice(at, at + part.count).map((id) => [id, g.entries[id]!]));
        at += part.count;
        slotDocs.push({ _id: chunkId(sid, part.chunk), brand: g.brand, slot: new Date(g.slot), e });
      }
      const facets = days.get(dayId(g.brand, dayOf(g.slot)))?.facets[slotKey(g.slot)];
      if (facets && fill.chunk > 0) facets.c = fill.chunk;
    }
    const dayDocs = [...days].map(([_id, g]) => ({ _id, brand: g.brand, day: g.day, k: g.facets }));
    for (let i = 0; i < slotDocs.length; i += 2000) await this.slots.insertMany(slotDocs.slice(i, i + 2000));
    for (let i = 0; i < dayDocs.length; i += 2000) await this.days.insertMany(dayDocs.slice(i, i + 2000));
  }

  /** The entry of one mention (its confidences): its day directory, then its slot's chunks, by _id. */
  async entry(brand: string, id: string, t: number): Promise<IndexEntry | null> {
    const slot = slotStart(t);
    for (const doc of await this.chunksOf(brand, slot)) if (doc?.e?.[id]) return doc.e[id];
    return null;
  }

  /**
   * Flags an entry as corrected in every chunk that holds it (a replay may have written it twice); no-op when it is
   * not indexed. Read, then written, by `_id` alone: FerretDB scans the whole collection for a filter of `_id` plus
   * another condition.
   */
  async markCorrected(brand: string, id: string, t: number): Promise<void> {
    for (const doc of await this.chunksOf(brand, slotStart(t))) {
      if (!doc?.e?.[id]) continue;
      await this.slots.updateOne({ _id: doc._id }, { $set: { [`e.${id}.c`]: 1 } });
      this.slotCache.invalidate(doc._id);
    }
  }

  /** Every chunk of one slot (its day directory says how many), by _id. */
  private async chunksOf(brand: string, slot: number): Promise<(SlotDoc | null)[]> {
    const dir = await this.day(brand, dayOf(slot));
    const chunks = (dir?.k?.[slotKey(slot)]?.c ?? 0) + 1;
    return Promise.all(
      Array.from({ length: chunks }, (_, c) => this.slot(chunkId(slotId(brand, slot), c), slot)),
    );
  }

  /**
   * A brand's mentions matching `filter`, newest first, after `after`. Served by `_id` only: the day directories
   * of the range (one read per day), then the slots that exist and may match, newest first, FIRST_READS and then LATER_READS at a time.
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
    for (let i = 0; i < slotsToRead.length;) {
      if (read >= slotBudget) {
        // Budget spent: resume at the newest slot not read yet (everything newer was read).
        const nextSlot = slotsToRead[i]?.slot ?? 0;
        return { items, next: { t: nextSlot + SLOT_MS, id: '' } };
      }
      const group = slotsToRead.slice(i, i + (i === 0 ? FIRST_READS : LATER_READS));
      i += group.length;
      read += group.reduce((n, s) => n + s.chunks, 0);
      const docs = await Promise.all(
        group.map(async ({ slot, chunks }) => {
          const parts = await Promise.all(
            Array.from({ length: chunks }, (_, c) => this.slot(chunkId(slotId(brand, slot), c), slot)),
          );
          // Chunks merged by mention id: a replayed entry written to two chunks is listed once.
          return Object.assign({}, ...parts.map((p) => p?.e ?? {})) as Record<string, IndexEntry>;
        }),
      );
      for (const entries of docs) {
        const found = Object.entries(entries)
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
      { exclude: `${brand} ${brandName}`, limit: 15 },
    );
  }

  /** Served by _id; kept as freshness.ts says for a slot of its age. */
  private slot(id: string, start: number): Promise<SlotDoc | null> {
    return this.slotCache.get(
      id,
      () => keepFor(start + SLOT_MS, this.clock(), this.touched.touchedUntil(id)),
      () => this.slots.findOne({ _id: id }),
    );
  }

  /** Served by _id. */
  private day(brand: string, day: string): Promise<DayDoc | null> {
    const id = dayId(brand, day);
    return this.dayCache.get(
      id,
      () => keepFor(dayStart(day) + DAY_MS, this.clock(), this.touched.touchedUntil(id)),
      () => this.days.findOne({ _id: id }),
    );
  }

  /** Deletes a brand's slots and directory of one UTC day (past retention), all by _id; none there is no error. */
  async dropDay(brand: string, day: string): Promise<number> {
    const did = dayId(brand, day);
    const dir = await this.days.findOne({ _id: did });
    if (!dir) return 0;
    const ids = Object.entries(dir.k ?? {}).flatMap(([key, facets]) => {
      const sid = slotId(brand, slotFromKey(day, key));
      return Array.from({ length: (facets.c ?? 0) + 1 }, (_, c) => chunkId(sid, c));
    });
    // One delete per _id: an `$in` filter scans on FerretDB.
    for (const id of ids) {
      await this.slots.deleteOne({ _id: id });
      this.slotCache.invalidate(id);
    }
    await this.days.deleteOne({ _id: did });
    this.dayCache.invalidate(did);
    return ids.length;
  }

  cacheStats(): CacheStats[] {
    return [this.slotCache.stats('list_slots'), this.dayCache.stats('list_days')];
  }

  /** Slot starts (newest first) in [from, upper) whose directory flags may match, with their number of chunks. */
  private async candidateSlots(
    brand: string,
    filter: MentionFilter,
    upper: number,
  ): Promise<{ slot: number; chunks: number }[]> {
    const days: string[] = [];
    for (let d = dayStart(dayOf(upper - 1)); d + DAY_MS > filter.from; d -= DAY_MS) days.push(dayOf(d));
    const out: { slot: number; chunks: number }[] = [];
    for (let i = 0; i < days.length; i += PARALLEL) {
      const group = days.slice(i, i + PARALLEL);
      // Served by _id.
      const docs = await Promise.all(group.map((day) => this.day(brand, day)));
      docs.forEach((doc, j) => {
        const day = group[j] ?? '';
        const slots = Object.entries(doc?.k ?? {})
          .filter(([, facets]) => slotMayMatch(facets, filter))
          .map(([key, facets]) => ({ slot: slotFromKey(day, key), chunks: (facets.c ?? 0) + 1 }))
          .filter(({ slot }) => slot < upper && slot + SLOT_MS > filter.from)
          .sort((a, b) => b.slot - a.slot);
        out.push(...slots);
      });
    }
    return out;
  }
}
