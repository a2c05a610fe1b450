import type { ClassifiedMention } from '@crumbtrail/contracts';
import { MongoBulkWriteError, type Collection, type Db, type OptionalUnlessRequiredId } from 'mongodb';
import { FRESH_MS, SETTLED_MS } from '../store/freshness';
import { ReadCache, type CacheStats } from '../store/read-cache';
import { DAY_MS, dayId, dayOf, type ListPosition } from './mention-index';

export type InboxKind = 'complaint' | 'question';
export type InboxStateName = 'open' | 'handled' | 'dismissed';

/** One complaint or question in its day document. `st` absent = open (never triaged). */
export interface InboxEntry {
  t: number;
  k: InboxKind;
  st?: 'open' | 'handled' | 'dismissed';
  by?: string;
  at?: Date;
}

interface InboxDayDoc {
  _id: string;
  brand: string;
  day: string;
  items?: Record<string, InboxEntry>;
}

/** Per brand: UTC day -> open items of that day (recomputed from the day document after every change). */
interface InboxHeadDoc {
  _id: string;
  days?: Record<string, number>;
}

/** Mention id -> where its inbox entry lives, for actions by id. */
interface InboxPointerDoc {
  _id: string;
  brand: string;
  day: string;
}

export interface InboxItemRef extends InboxEntry {
  id: string;
  brand: string;
  state: InboxStateName;
}

/** Complaints and questions older than this leave the inbox (their mentions are past retention too). */
export const INBOX_DAYS = 30;

/** The inbox kind of a classified mention, or null when it is neither a complaint nor a question. */
export function inboxKind(m: ClassifiedMention): InboxKind | null {
  const { label, flags } = m.classification.intent;
  if (label === 'complaint' || flags.complaint) return 'complaint';
  if (label === 'question' || flags.question) return 'question';
  return null;
}

function stateOf(e: InboxEntry): InboxStateName {
  return e.st ?? 'open';
}

/**
 * The inbox read model: a document per (brand, UTC day) holding that day's complaints and questions and their
 * state, a head per brand with each day's open count, and a pointer per mention. Everything is read and written
 * by `_id`: the open list reads the head, then the day documents that have open items, oldest first.
 */
export class InboxRepo {
  private readonly days: Collection<InboxDayDoc>;
  private readonly heads: Collection<InboxHeadDoc>;
  private readonly pointers: Collection<InboxPointerDoc>;

  /** Heads and day documents change with every triage and new item: kept FRESH_MS, dropped by this process's writes. */
  private readonly headCache = new ReadCache<InboxHeadDoc | null>(1_000);
  private readonly dayCache = new ReadCache<InboxDayDoc | null>(5_000);
  /** A pointer never changes once written. */
  private readonly pointerCache = new ReadCache<InboxPointerDoc | null>(20_000);

  constructor(db: Db) {
    this.days = db.collection<InboxDayDoc>('dashboard_inbox_days');
    this.heads = db.collection<InboxHeadDoc>('dashboard_inbox_heads');
    this.pointers = db.collection<InboxPointerDoc>('dashboard_inbox_items');
  }

  /**
   * Adds complaints/questions as open items; a redelivered one keeps its state (only t and k are set). One update
   * per (brand, day) and one unordered insert of the pointers per batch: FerretDB applies updates one at a time
   * for the whole server, so an update per item would hold the aggregator's writes up.
   */
  async add(items: readonly { id: string; brand: string; t: number; kind: InboxKind }[]): Promise<void> {
    if (items.length === 0) return;
    const byDay = new Map<string, { brand: string; day: string; set: Record<string, unknown> }>();
    for (const it of items) {
      const day = dayOf(it.t);
      const id = dayId(it.brand, day);
      const entry = byDay.get(id) ?? { brand: it.brand, day, set: { brand: it.brand, day } };
      entry.set[`items.${it.id}.t`] = it.t;
      entry.set[`items.${it.id}.k`] = it.kind;
      byDay.set(id, entry);
    }
    // Served by _id.
    await this.days.bulkWrite(
      [...byDay].map(([_id, { set }]) => ({
        updateOne: { filter: { _id }, update: { $set: set }, upsert: true },
      })),
      { ordered: false },
    );
    await insertIgnoringDuplicates(
      this.pointers,
      items.map((it) => ({ _id: it.id, brand: it.brand, day: dayOf(it.t) })),
    );
    for (const id of byDay.keys()) this.dayCache.invalidate(id);
    await Promise.all([...byDay.values()].map(({ brand, day }) => this.recount(brand, day)));
  }

  /** Loads items into a read model that holds none of their days yet (benchmarks; rebuilds): one insert per document. */
  async load(items: readonly { id: string; brand: string; t: number; kind: InboxKind }[]): Promise<void> {
    const days = new Map<string, InboxDayDoc & { items: Record<string, InboxEntry> }>();
    const heads = new Map<string, Record<string, number>>();
    for (const it of items) {
      const day = dayOf(it.t);
      const id = dayId(it.brand, day);
      const doc = days.get(id) ?? { _id: id, brand: it.brand, day, items: {} };
      doc.items[it.id] = { t: it.t, k: it.kind };
      days.set(id, doc);
      const head = heads.get(it.brand) ?? {};
      head[day] = (head[day] ?? 0) + 1;
      heads.set(it.brand, head);
    }
    const pointers = items.map((it) => ({ _id: it.id, brand: it.brand, day: dayOf(it.t) }));
    for (let i = 0; i < pointers.length; i += 5000)
      await this.pointers.insertMany(pointers.slice(i, i + 5000));
    await this.days.insertMany([...days.values()]);
    await this.heads.insertMany([...heads].map(([_id, d]) => ({ _id, days: d })));
  }

  /** Served by _id of the pointers and day documents. Items of another brand or unknown ids are left out. */
  async get(brand: string, ids: readonly string[], fresh = false): Promise<InboxItemRef[]> {
    const pointers = await Promise.all(
      ids.map((id) =>
        this.pointerCache.get(
          id,
          (p) => (p ? SETTLED_MS : 0),
          () => this.pointers.findOne({ _id: id }),
        ),
      ),
    );
    const out: InboxItemRef[] = [];
    await Promise.all(
      pointers.map(async (p, i) => {
        const id = ids[i];
        if (!p || p.brand !== brand || id === undefined) return;
        const doc = fresh
          ? await this.days.findOne({ _id: dayId(brand, p.day) })
          : await this.day(brand, p.day);
        const e = doc?.items?.[id];
        if (e) out.push({ ...e, id, brand, state: stateOf(e) });
      }),
    );
    return out;
  }

  /** Sets the state of items of one brand (served by _id); returns them as they are now. */
  async setState(
    brand: string,
    ids: readonly string[],
    state: InboxStateName,
    by: string,
    at: Date,
  ): Promise<{ before: InboxItemRef[]; after: InboxItemRef[] }> {
    // Read past the cache: the audit records the state this change replaced.
    const before = await this.get(brand, ids, true);
    if (before.length === 0) return { before, after: [] };
    const byDay = new Map<string, Record<string, unknown>>();
    for (const it of before) {
      const day = dayOf(it.t);
      const set = byDay.get(day) ?? {};
      set[`items.${it.id}.st`] = state;
      set[`items.${it.id}.by`] = by;
      set[`items.${it.id}.at`] = at;
      byDay.set(day, set);
    }
    await Promise.all(
      [...byDay].map(async ([day, $set]) => {
        await this.days.updateOne({ _id: dayId(brand, day) }, { $set });
        this.dayCache.invalidate(dayId(brand, day));
        await this.recount(brand, day);
      }),
    );
    return { before, after: before.map((it) => ({ ...it, st: state, state, by, at })) };
  }

  /** Open items of the brand within INBOX_DAYS (a head read by _id). */
  async openCount(brand: string, now: number): Promise<number> {
    const head = await this.head(brand);
    const oldest = dayOf(now - INBOX_DAYS * DAY_MS);
    return Object.entries(head?.days ?? {})
      .filter(([day]) => day >= oldest)
      .reduce((sum, [, n]) => sum + n, 0);
  }

  /**
   * A page of one state: open items oldest first (the ones waiting longest), handled/dismissed newest first.
   * Reads the head, then the day documents in order (by _id), PARALLEL at a time, until the page is full.
   */
  async list(
    brand: string,
    state: InboxStateName,
    kind: InboxKind | undefined,
    after: ListPosition | undefined,
    limit: number,
    now: number,
  ): Promise<{ items: InboxItemRef[]; next: ListPosition | null }> {
    const head = await this.head(brand);
    const oldest = dayOf(now - INBOX_DAYS * DAY_MS);
    const ascending = state === 'open';
    let days = Object.entries(head?.days ?? {})
      .filter(([day, open]) => day >= oldest && (state !== 'open' || open > 0))
      .map(([day]) => day)
      .sort();
    if (!ascending) days.reverse();
    if (after) {
      const from = dayOf(after.t);
      days = days.filter((d) => (ascending ? d >= from : d <= from));
    }
    const items: InboxItemRef[] = [];
    const PARALLEL = 4;
    for (let i = 0; i < days.length; i += PARALLEL) {
      const group = days.slice(i, i + PARALLEL);
      const docs = await Promise.all(group.map((day) => this.day(brand, day)));
      for (const doc of docs) {
        const found = Object.entries(doc?.items ?? {})
          .map(([id, e]) => ({ ...e, id, brand, state: stateOf(e) }))
          .filter((e) => e.state === state && (!kind || e.k === kind) && isBeyond(e, after, ascending))
          .sort((a, b) => (ascending ? 1 : -1) * (a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
        for (const e of found) {
          items.push(e);
          if (items.length === limit) return { items, next: { t: e.t, id: e.id } };
        }
      }
    }
    return { items, next: null };
  }

  /** Served by _id. */
  private head(brand: string): Promise<InboxHeadDoc | null> {
    return this.headCache.get(
      brand,
      () => FRESH_MS,
      () => this.heads.findOne({ _id: brand }),
    );
  }

  /** Served by _id. */
  private day(brand: string, day: string): Promise<InboxDayDoc | null> {
    const id = dayId(brand, day);
    return this.dayCache.get(
      id,
      () => FRESH_MS,
      () => this.days.findOne({ _id: id }),
    );
  }

  /** Deletes a brand's inbox items of one UTC day (past retention) and their pointers, all by _id. */
  async dropDay(brand: string, day: string): Promise<number> {
    const id = dayId(brand, day);
    const doc = await this.days.findOne({ _id: id });
    if (!doc) return 0;
    const items = Object.keys(doc.items ?? {});
    for (const item of items) await this.pointers.deleteOne({ _id: item });
    await this.days.deleteOne({ _id: id });
    await this.heads.updateOne({ _id: brand }, { $unset: { [`days.${day}`]: '' } });
    this.dayCache.invalidate(id);
    this.headCache.invalidate(brand);
    return items.length;
  }

  cacheStats(): CacheStats[] {
    return [
      this.headCache.stats('inbox_heads'),
      this.dayCache.stats('inbox_days'),
      this.pointerCache.stats('inbox_pointers'),
    ];
  }

  /** Recomputes a day's open count into the head (idempotent; a concurrent change is healed by the next one). */
  private async recount(brand: string, day: string): Promise<void> {
    const doc = await this.days.findOne({ _id: dayId(brand, day) });
    const open = Object.values(doc?.items ?? {}).filter((e) => stateOf(e) === 'open').length;
    await this.heads.updateOne({ _id: brand }, { $set: { [`days.${day}`]: open } }, { upsert: true });
    this.headCache.invalidate(brand);
  }
}

/** Inserts documents that never change; one already there (a redelivery) is left as it is. */
async function insertIgnoringDuplicates<T extends { _id: string }>(
  collection: Collection<T>,
  docs: readonly T[],
): Promise<void> {
  try {
    await collection.insertMany(docs as OptionalUnlessRequiredId<T>[], { ordered: false });
  } catch (err) {
    const errors = err instanceof MongoBulkWriteError ? [err.writeErrors].flat() : [];
    if (errors.length === 0 || errors.some((e) => e.code !== 11000)) throw err;
  }
}

function isBeyond(
  e: { t: number; id: string },
  after: ListPosition | undefined,
  ascending: boolean,
): boolean {
  if (!after) return true;
  if (ascending) return e.t > after.t || (e.t === after.t && e.id > after.id);
  return e.t < after.t || (e.t === after.t && e.id < after.id);
}
