import type { Alert } from '@crumbtrail/contracts';
import { MongoBulkWriteError, MongoServerError, type Collection, type Db } from 'mongodb';
import type { AlertDoc, AlertHeadDoc } from '@crumbtrail/storage';
import { COLLECTIONS } from './collections';
import { DUPLICATE_KEY, writeErrorsOf } from './write-errors';

// The stored documents live in @crumbtrail/storage (the dashboard reads them too).
export type { AlertDoc, AlertHeadDoc } from '@crumbtrail/storage';

export interface BrandAlertState {
  open: AlertDoc | null;
  lastResolvedAt?: Date;
}

export interface AlertsRepo {
  ensureIndexes(): Promise<void>;
  /** The brand's open alert and last resolution (two `_id` reads at most). */
  current(brand: string): Promise<BrandAlertState>;
  /**
   * Stores a new open alert and points its brand's head at it. False when an alert with that id already exists
   * (another evaluation of the same window stored it).
   */
  insert(doc: AlertDoc): Promise<boolean>;
  /** Moves an open alert to resolved and records it in the head; false when it was not open any more. */
  resolve(id: string, alert: Alert, now: Date): Promise<boolean>;
  /** Makes the brand's head agree with this alert document (after a crash between the two writes). */
  repairHead(doc: AlertDoc): Promise<void>;
  /** Builds the heads from the alerts when there are none yet (data stored before heads existed). */
  migrateHeads(): Promise<number>;
  unpublished(): Promise<AlertDoc[]>;
  markPublished(id: string, state: Alert['state']): Promise<void>;
  byBrand(brand: string): Promise<AlertDoc[]>;
}

export function createAlertsRepo(db: Db): AlertsRepo {
  const col: Collection<AlertDoc> = db.collection<AlertDoc>(COLLECTIONS.alerts);
  const heads: Collection<AlertHeadDoc> = db.collection<AlertHeadDoc>(COLLECTIONS.alertHeads);

  /** `lastResolvedAt` keeps a resolution known only from the alert the head named before. */
  async function pointAt(doc: AlertDoc, lastResolvedAt?: Date): Promise<void> {
    await heads.updateOne(
      { _id: doc.brand },
      {
        $set: { openAlertId: doc._id, updatedAt: doc.updatedAt },
        ...(lastResolvedAt && { $max: { lastResolvedAt } }),
      },
      { upsert: true },
    );
  }

  async function noteResolved(brand: string, id: string, resolvedAt: Date): Promise<void> {
    await heads.updateOne(
      { _id: brand },
      { $max: { lastResolvedAt: resolvedAt }, $set: { updatedAt: resolvedAt } },
      { upsert: true },
    );
    await heads.updateOne({ _id: brand, openAlertId: id }, { $unset: { openAlertId: '' } });
  }

  async function current(brand: string): Promise<BrandAlertState> {
    const head = await heads.findOne({ _id: brand });
    const pointed = head?.openAlertId ? await col.findOne({ _id: head.openAlertId }) : null;
    const lastResolvedAt = latest(
      head?.lastResolvedAt,
      pointed?.state === 'resolved' ? pointed.resolvedAt : undefined,
    );
    return {
      open: pointed?.state === 'open' ? pointed : null,
      ...(lastResolvedAt && { lastResolvedAt }),
    };
  }

  return {
    async ensureIndexes() {
      // Serves byBrand(brand) and ad-hoc reads; detection reads heads by _id.
      await col.createIndex({ brand: 1, state: 1, openedAt: -1 }, { name: 'brand_state_opened' });
      // Serves unpublished(): the re-publish sweep on start-up and every cycle.
      await col.createIndex({ published: 1 }, { name: 'published' });
    },
    current,
    async insert(doc) {
      try {
        await col.insertOne(doc);
      } catch (err) {
        if (err instanceof MongoServerError && err.code === DUPLICATE_KEY) return false;
        throw err;
      }
      await pointAt(doc);
      return true;
    },
    async resolve(id, alert, now) {
      const result = await col.updateOne(
        { _id: id, state: 'open' },
        { $set: { state: 'resolved', resolvedAt: now, alert, published: false, updatedAt: now } },
      );
      if (result.modifiedCount !== 1) return false;
      await noteResolved(alert.brand, id, now);
      return true;
    },
    async repairHead(doc) {
      if (doc.state === 'resolved') {
        await noteResolved(doc.brand, doc._id, doc.resolvedAt ?? doc.updatedAt);
        return;
      }
      // Unless the head already names an open alert (this one, or one that opened later).
      const { open, lastResolvedAt } = await current(doc.brand);
      if (!open) await pointAt(doc, lastResolvedAt);
    },
    async migrateHeads() {
      if (await heads.findOne({})) return 0;
      const byBrand = new Map<string, AlertHeadDoc>();
      const all = col.find({}, { projection: { alert: 0 }, sort: { openedAt: 1 } });
      for await (const doc of all) {
        const head = byBrand.get(doc.brand) ?? { _id: doc.brand, updatedAt: doc.updatedAt };
        if (doc.state === 'open') head.openAlertId = doc._id;
        const lastResolvedAt = latest(head.lastResolvedAt, doc.resolvedAt);
        if (lastResolvedAt) head.lastResolvedAt = lastResolvedAt;
        byBrand.set(doc.brand, head);
      }
      if (byBrand.size === 0) return 0;
      try {
        await heads.insertMany([...byBrand.values()], { ordered: false });
      } catch (err) {
        // Another replica starting at the same time built them first: its heads stand.
        if (!(err instanceof MongoBulkWriteError) || !isOnlyDuplicates(err)) throw err;
      }
      return byBrand.size;
    },
    unpublished() {
      return col.find({ published: false }, { sort: { updatedAt: 1 } }).toArray();
    },
    async markPublished(id, state) {
      await col.updateOne({ _id: id, state }, { $set: { published: true } });
    },
    byBrand(brand) {
      return col.find({ brand }, { sort: { openedAt: 1 } }).toArray();
    },
  };
}

function latest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.getTime() >= b.getTime() ? a : b;
}

function isOnlyDuplicates(err: MongoBulkWriteError): boolean {
  const errors = writeErrorsOf(err);
  return errors.length > 0 && errors.every((e) => e.code === DUPLICATE_KEY);
}
