/**
 * The health of one brand's search on one source (collection `source_status`, written by the poller after every
 * poll, read by the dashboard by `_id`). A source that fails or stays silent must be visible as such.
 */
export interface SourceStatusDoc {
  /** `${brand}:${source}` (sourceStatusId). */
  _id: string;
  brand: string;
  source: string;
  lastPollAt?: Date;
  lastSuccessAt?: Date;
  lastErrorAt?: Date;
  lastError?: string;
  /** Failed polls since the last successful one. */
  consecutiveFailures: number;
  rateLimitedUntil?: Date;
  /** Mentions the last successful poll found. */
  mentionsLastPoll?: number;
  updatedAt: Date;
}

export function sourceStatusId(brand: string, source: string): string {
  return `${brand}:${source}`;
}
