import type { Alert } from '@crumbtrail/contracts';
import type { Collection, Db } from 'mongodb';

/** A non-critical alert held back by the brand's quiet hours, sent when they end. */
export interface DeferredAlert {
  _id: string; // `${alertId}:${state}`
  brand: string;
  alert: Alert;
  dueAt: Date;
  deferredAt: Date;
}

export class DeferredAlerts {
  private readonly col: Collection<DeferredAlert>;

  constructor(db: Db, collectionName = 'deferred_alerts') {
    this.col = db.collection<DeferredAlert>(collectionName);
  }

  async ensureIndexes(): Promise<void> {
    // Serves `due`: everything whose quiet hours have ended.
    await this.col.createIndex({ dueAt: 1 }, { name: 'dueAt' });
  }

  /** Idempotent per alert state: a redelivered event keeps its first record. */
  async defer(alert: Alert, dueAt: Date, now: Date): Promise<void> {
    await this.col.updateOne(
      { _id: `${alert.alertId}:${alert.state}` },
      { $setOnInsert: { brand: alert.brand, alert, dueAt, deferredAt: now } },
      { upsert: true },
    );
  }

  async due(now: Date): Promise<DeferredAlert[]> {
    return this.col
      .find({ dueAt: { $lte: now } })
      .sort({ deferredAt: 1 })
      .limit(100)
      .toArray();
  }

  async remove(id: string): Promise<void> {
    await this.col.deleteOne({ _id: id });
  }
}
