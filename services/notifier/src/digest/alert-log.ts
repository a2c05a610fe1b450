import type { Alert } from '@crumbtrail/contracts';
import type { Collection, Db } from 'mongodb';

/** The notifier's own record of the alerts it handled, for the digest's "alerts of the period". */
export interface AlertLogEntry {
  _id: string; // alertId
  brand: string;
  kind: Alert['kind'];
  severity: Alert['severity'];
  openedAt: Date;
  resolvedAt?: Date;
  window: { start: string; end: string };
  observed: Alert['observed'];
  baseline: Alert['baseline'];
  topTerms: Alert['topTerms'];
}

export class AlertLog {
  private readonly log: Collection<AlertLogEntry>;

  constructor(db: Db, collectionName = 'alert_log') {
    this.log = db.collection<AlertLogEntry>(collectionName);
  }

  async ensureIndexes(): Promise<void> {
    // Serves `between`: a brand's alerts opened in a period.
    await this.log.createIndex({ brand: 1, openedAt: 1 }, { name: 'brand_openedAt' });
  }

  /** Idempotent: the open event inserts, the resolved one adds the resolution time. */
  async record(alert: Alert): Promise<void> {
    await this.log.updateOne(
      { _id: alert.alertId },
      {
        $set: {
          brand: alert.brand,
          kind: alert.kind,
          severity: alert.severity,
          openedAt: new Date(alert.openedAt),
          window: alert.window,
          observed: alert.observed,
          baseline: alert.baseline,
          topTerms: alert.topTerms,
          ...(alert.resolvedAt && { resolvedAt: new Date(alert.resolvedAt) }),
        },
      },
      { upsert: true },
    );
  }

  async between(brand: string, from: Date, to: Date): Promise<AlertLogEntry[]> {
    return this.log
      .find({ brand, openedAt: { $gte: from, $lt: to } })
      .sort({ openedAt: 1 })
      .toArray();
  }
}
