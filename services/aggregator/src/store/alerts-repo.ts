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
  /** The head's revision when read: pass it to insert(). */
  rev: number;
}

export interface AlertsRepo {
  ensureIndexes(): Promise<void>;
  /** The brand's open alert and last resolution (two `_id` reads at most). */
  current(brand: string): Promise<BrandAlertState>;
  /**
   * Stores a new open alert and points its brand's head at it, if the head is still at revision `expectedRev`
   * (as `current()` read it). False when an alert with that id already exists (another evaluation of the same
   * window stored it) or the head changed meanwhile (another instance opened or resolved an alert: the document
   * just stored is removed again, unpublished).
   */
  insert(doc: AlertDoc, expectedRev: number): Promise<boolean>;
  /** Moves an open alert to resolved and records it in the head; false when it was not open any more. */
  resolve(id: string, alert: Alert, now: Date): Promise<boolean>;
  /**
   * Makes the brand's head agree with this unpublished alert document (after a crash between the two writes).
   * True when the document is the brand's current state and must be published; false when it was superseded
   * (another alert holds the head, or a later one resolved since): it is then removed, never published.
   */
  repairHead(doc: AlertDoc): Promise<boolean>;
  /** Builds the heads from the alerts when there are none yet (data stored before heads existed). */
  migrateHeads(): Promise<number>;
  unpublished(): Promise<AlertDoc[]>;
  markPublished(id: string, state: Alert['state']): Promise<void>;
  byBrand(brand: string): Promise<AlertDoc[]>;
}

export function createAlertsRepo(db: Db): AlertsRepo {
  const col: Collection<AlertDoc> = db.collection<AlertDoc>(COLLECTIONS.alerts);
  const heads: Collection<AlertHeadDoc> = db.collection<AlertHeadDoc>(COLLECTIONS.alertHeads);
  const claims = db.collection<{ _id: string; alertId: string; at: Date }>(COLLECTIONS.alertHeadClaims);

  /**
   * Compare-and-set: points the head at `doc` if it is still at `expectedRev` (a missing head or one without a
   * revision is revision 0). `lastResolvedAt` keeps a resolution known only from the alert the head named before.
   */
  async function pointAt(doc: AlertDoc, expectedRev: number, lastResolvedAt?: Date): Promise<boolean> {
    // First the claim of the next revision, an insert: exclusive on every server (FerretDB applies the conditional
    // update below without isolation between connections, so two of them could both match).
    try {
      await claims.insertOne({ _id: `${doc.brand}#${expectedRev + 1}`, alertId: doc._id, at: doc.updatedAt });
    } catch (err) {
      if (err instanceof MongoServerError && err.code === DUPLICATE_KEY) return false;
      throw err;
    }
    const update = {
      $set: { openAlertId: doc._id, updatedAt: doc.updatedAt, rev: expectedRev + 1 },
      ...(lastResolvedAt && { $max: { lastResolvedAt } }),
    };
    if (expectedRev > 0) {
      const result = await heads.updateOne({ _id: doc.brand, rev: expectedRev }, update);
      return result.matchedCount === 1;
    }
    try {
      // No head yet, or one from before revisions: upsert; a head at another revision makes the insert a duplicate.
      const result = await heads.updateOne({ _id: doc.brand, rev: { $exists: false } }, update, {
        upsert: true,
      });
      return result.matchedCount + result.upsertedCount === 1;
    } catch (err) {
      if (err instanceof MongoServerError && err.code === DUPLICATE_KEY) return false;
      throw err;
    }
  }

  /** One conditional update when the head names this alert; otherwise only the resolution time is recorded. */
  async function noteResolved(brand: string, id: string, resolvedAt: Date): Promise<void> {
    const result = await heads.updateOne(
      { _id: brand, openAlertId: id },
      {
        $unset: { openAlertId: '' },
        $max: { lastResolvedAt: resolvedAt },
        $set: { updatedAt: resolvedAt },
        $inc: { rev: 1 },
      },
    );
    if (result.matchedCount === 1) return;
    await heads.updateOne(
      { _id: brand },
      { $max: { lastResolvedAt: resolvedAt }, $set: { updatedAt: resolvedAt }, $inc: { rev: 1 } },
      { upsert: true },
    );
  }

  /** An open alert that lost the race for the head: never published, so it can go. */
  async function discard(id: string): Promise<void> {
    await col.deleteOne({ _id: id, state: 'open', published: false });
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
      rev: head?.rev ?? 0,
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
    async insert(doc, expectedRev) {
      try {
        await col.insertOne(doc);
      } catch (err) {
        if (err instanceof MongoServerError && err.code === DUPLICATE_KEY) return false;
        throw err;
      }
      if (await pointAt(doc, expectedRev)) return true;
      await discard(doc._id);
      return false;
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
        return true;
      }
      const { open, lastResolvedAt, rev } = await current(doc.brand);
      if (open?._id === doc._id) return true;
      // Another alert holds the head, or one resolved after this one opened: this one lost, unpublished.
      if (open || (lastResolvedAt && lastResolvedAt.getTime() >= doc.openedAt.getTime())) {
        await discard(doc._id);
        return false;
      }
      // The head changed under us: leave it to the next sweep, which reads it again.
      return pointAt(doc, rev, lastResolvedAt);
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
