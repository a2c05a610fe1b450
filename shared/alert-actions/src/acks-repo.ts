import type { Collection, Db } from 'mongodb';

/** Someone saw an alert and took it on. The first acknowledgement of an alert is kept; later ones change nothing. */
export interface AlertAcknowledgement {
  _id: string; // the alertId
  brand: string;
  by: string; // user name, or `email:<recipient>` for an acknowledgement from an email link
  note?: string;
  at: Date;
}

export interface AcknowledgeResult {
  acknowledgement: AlertAcknowledgement;
  /** False when the alert had been acknowledged before (by this or another person). */
  created: boolean;
}

/** Alert acknowledgements (collection `alert_acks`). Every query is an `_id` lookup. */
export class AlertAcknowledgements {
  private readonly acks: Collection<AlertAcknowledgement>;

  constructor(db: Db, collectionName = 'alert_acks') {
    this.acks = db.collection<AlertAcknowledgement>(collectionName);
  }

  async acknowledge(
    ack: Omit<AlertAcknowledgement, '_id' | 'at'> & { alertId: string },
    now: Date,
  ): Promise<AcknowledgeResult> {
    const { alertId, ...rest } = ack;
    const doc: AlertAcknowledgement = { _id: alertId, ...rest, at: now };
    try {
      // Served by _id (the unique primary key makes the first writer win).
      await this.acks.insertOne(doc);
      return { acknowledgement: doc, created: true };
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    const existing = await this.get(alertId);
    if (!existing) throw new Error(`alert ${alertId}: acknowledgement neither inserted nor found`);
    return { acknowledgement: existing, created: false };
  }

  async get(alertId: string): Promise<AlertAcknowledgement | null> {
    // Served by _id.
    return this.acks.findOne({ _id: alertId });
  }

  /** Acknowledgements of several alerts, by parallel `_id` lookups (an `$in` filter scans on FerretDB). */
  async getMany(alertIds: readonly string[]): Promise<Map<string, AlertAcknowledgement>> {
    const found = await Promise.all([...new Set(alertIds)].map((id) => this.get(id)));
    return new Map(found.filter((a): a is AlertAcknowledgement => a !== null).map((a) => [a._id, a]));
  }
}
