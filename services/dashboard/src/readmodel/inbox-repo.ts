import type { ClassifiedMention } from '@crumbtrail/contracts';
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
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

  constructor(db: Db) {
    this.days = db.collection<InboxDayDoc>('dashboard_inbox_days');
    this.heads = db.collection<InboxHeadDoc>('dashboard_inbox_heads');
    this.pointers = db.collection<InboxPointerDoc>('dashboard_inbox_items');
  }

  /** Adds complaints/questions as open items; a redelivered one keeps its state (only t and k are set). */
  async add(items: readonly { id: string; brand: string; t: number; kind: InboxKind }[]): Promise<void> {
    if (items.length === 0) return;
    const dayOps: AnyBulkWriteOperation<InboxDayDoc>[] = [];
    const pointerOps: AnyBulkWriteOperation<InboxPointerDoc>[] = [];
    const touched = new Map<string, { brand: string; day: string }>();
    for (const it of items) {
      const day = dayOf(it.t);
      dayOps.push({
        updateOne: {
          filter: { _id: dayId(it.brand, day) },
          update: {
            $set: { brand: it.brand, day, [`items.${it.id}.t`]: it.t, [`items.${it.id}.k`]: it.kind },
          },
          upsert: true,
        },
      });
      pointerOps.push({
        updateOne: { filter: { _id: it.id }, update: { $set: { brand: it.brand, day } }, upsert: true },
      });
      touched.set(dayId(it.brand, day), { brand: it.brand, day });
    }
    // Served by _id.
    await this.days.bulkWrite(dayOps, { ordered: false });
    await this.pointers.bulkWrite(pointerOps, { ordered: false });
    await Promise.all([...touched.values()].map(({ brand, day }) => this.recount(brand, day)));
  }

  /** Served by _id of the pointers and day documents. Items of another brand or unknown ids are left out. */
  async get(brand: string, ids: readonly string[]): Promise<InboxItemRef[]> {
    const pointers = await Promise.all(ids.map((id) => this.pointers.findOne({ _id: id })));
    const out: InboxItemRef[] = [];
    await Promise.all(
      pointers.map(async (p, i) => {
        const id = ids[i];
        if (!p || p.brand !== brand || id === undefined) return;
        const doc = await this.days.findOne(
          { _id: dayId(brand, p.day) },
          { projection: { [`items.${id}`]: 1 } },
        );
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
    const before = await this.get(brand, ids);
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
        await this.recount(brand, day);
      }),
    );
    return { before, after: before.map((it) => ({ ...it, st: state, state, by, at })) };
  }

  /** Open items of the brand within INBOX_DAYS (a head read by _id). */
  async openCount(brand: string, now: number): Promise<number> {
    const head = await this.heads.findOne({ _id: brand });
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
    const head = await this.heads.findOne({ _id: brand });
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
      const docs = await Promise.all(group.map((day) => this.days.findOne({ _id: dayId(brand, day) })));
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

  /** Recomputes a day's open count into the head (idempotent; a concurrent change is healed by the next one). */
  private async recount(brand: string, day: string): Promise<void> {
    const doc = await this.days.findOne({ _id: dayId(brand, day) });
    const open = Object.values(doc?.items ?? {}).filter((e) => stateOf(e) === 'open').length;
    await this.heads.updateOne({ _id: brand }, { $set: { [`days.${day}`]: open } }, { upsert: true });
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
