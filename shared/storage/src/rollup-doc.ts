/** Counts of one brand in one time bucket. */
export interface RollupCounts {
  total: number;
  sentiment: Record<string, number>;
  intent: Record<string, number>;
  /** Mentions whose complaint flag is set (a complaint can also be a question). */
  complaints: number;
  sources: Record<string, number>;
  langs: Record<string, number>;
  /** Sum of sentiment scores; average = scoreSum / total. */
  scoreSum: number;
}

/** What detection needs of one minute, kept per minute in the hour document. */
export interface MinuteSummary {
  total: number;
  negative?: number;
  complaints?: number;
}

/** Partition -> highest classified-topic offset counted in a rollup document. */
export type Watermarks = Record<string, number>;

/** Stored counts: zero counts may be missing (they are never incremented). */
export type StoredCounts = { total: number } & Partial<Omit<RollupCounts, 'total'>>;

/**
 * One rollup document per (brand, hour) (collection `rollups_hour`, written by the aggregator), read and written by
 * `_id` only (`rollupId`): FerretDB's SQLite backend serves `_id` equality from its primary key and scans for
 * anything else.
 */
export interface HourDoc extends StoredCounts {
  _id: string;
  brand: string;
  bucket: Date;
  /** Partition -> highest classified-topic offset counted here. */
  wm: Watermarks;
  /** Minute of the hour ("0".."59") -> what detection needs of that minute. Trimmed by retention. */
  minutes?: Record<string, MinuteSummary>;
  /**
   * Slot start minute ("0", "5", … "55") -> partition -> the slot's most negative mentions read from that
   * partition: alert evidence, encoded by the aggregator's evidence codec. Trimmed by retention.
   */
  top?: Record<string, Record<string, string[]>>;
  updatedAt: Date;
}

export function rollupId(brand: string, hour: Date): string {
  return `${brand}|${hour.toISOString()}`;
}
