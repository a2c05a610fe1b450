import type { Alert } from '@crumbtrail/contracts';
import { MongoServerError, type Collection, type Db } from 'mongodb';
import { COLLECTIONS } from './collections';

export interface AlertDoc {
  /** The alertId. */
  _id: string;
  brand: string;
  kind: Alert['kind'];
  state: Alert['state'];
  openedAt: Date;
  resolvedAt?: Date;
  /** False until the event for the current state is acknowledged by Kafka (store, publish, then mark). */
  published: boolean;
  /** The alerts.v1 event for the current state. */
  alert: Alert;
  updatedAt: Date;
}

export interface AlertsRepo {
  ensureIndexes(): Promise<void>;
  open(brand: string): Promise<AlertDoc | null>;
  lastResolved(brand: string): Promise<AlertDoc | null>;
  /** False when an alert with that id already exists (another evaluation of the same window stored it). */
  insert(doc: AlertDoc): Promise<boolean>;
  /** Moves an open alert to resolved; false when it was not open any more. */
  resolve(id: string, alert: Alert, now: Date): Promise<boolean>;
  unpublished(): Promise<AlertDoc[]>;
  markPublished(id: string, state: Alert['state']): Promise<void>;
  byBrand(brand: string): Promise<AlertDoc[]>;
}

export function createAlertsRepo(db: Db): AlertsRepo {
  const col: Collection<AlertDoc> = db.collection<AlertDoc>(COLLECTIONS.alerts);
  return {
    async ensureIndexes() {
      // Serves open(brand), lastResolved(brand) and byBrand(brand).
      await col.createIndex({ brand: 1, state: 1, openedAt: -1 }, { name: 'brand_state_opened' });
      // Serves unpublished(): the re-publish sweep on start-up and every cycle.
      await col.createIndex({ published: 1 }, { name: 'published' });
    },
    open(brand) {
      return col.findOne({ brand, state: 'open' }, { sort: { openedAt: -1 } });
    },
    lastResolved(brand) {
      return col.findOne({ brand, state: 'resolved' }, { sort: { resolvedAt: -1 } });
    },
    async insert(doc) {
      try {
        await col.insertOne(doc);
        return true;
      } catch (err) {
        if (err instanceof MongoServerError && err.code === 11000) return false;
        throw err;
      }
    },
    async resolve(id, alert, now) {
      const result = await col.updateOne(
        { _id: id, state: 'open' },
        { $set: { state: 'resolved', resolvedAt: now, alert, published: false, updatedAt: now } },
      );
      return result.modifiedCount === 1;
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
