import type { Collection, Db } from 'mongodb';

/** One state change (collection `dashboard_audit`): who, what, on which brand, when, before and after. */
export interface AuditDoc {
  at: Date;
  actor: string;
  action: string;
  brand?: string;
  target?: string;
  before?: unknown;
  after?: unknown;
}

export class AuditRepo {
  private readonly audit: Collection<AuditDoc>;

  constructor(db: Db) {
    this.audit = db.collection<AuditDoc>('dashboard_audit');
  }

  async ensureIndexes(): Promise<void> {
    // Serves reading a brand's history (support, CLI); written append-only.
    await this.audit.createIndex({ brand: 1, at: -1 }, { name: 'brand_at' });
  }

  /** Append-only insert. */
  async record(entry: AuditDoc): Promise<void> {
    await this.audit.insertOne({ ...entry });
  }

  /** Served by { brand, at }: the latest entries of a brand (tests, support). */
  async latest(brand: string, limit: number): Promise<AuditDoc[]> {
    return this.audit
      .find({ brand }, { projection: { _id: 0 } })
      .sort({ at: -1 })
      .limit(limit)
      .toArray();
  }
}
