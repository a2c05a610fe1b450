import { COLLECTIONS, sourceStatusId, type SourceStatusDoc } from '@crumbtrail/storage';
import type { Collection, Db } from 'mongodb';
import type { PollReport } from './poll/run-poll';

/**
 * Persists each brand's source health after every poll (collection `source_status`, `_id` = `${brand}:${source}`),
 * so the dashboard can show a silent, failing or rate-limited source as such. One `_id` upsert per poll (served by
 * the `_id` index on MongoDB and FerretDB alike).
 */
export class SourceStatusRepo {
  private readonly col: Collection<SourceStatusDoc>;

  constructor(db: Db) {
    this.col = db.collection<SourceStatusDoc>(COLLECTIONS.sourceStatus);
  }

  async record(report: PollReport, at: Date): Promise<void> {
    if (report.outcome === 'aborted') return;
    const _id = sourceStatusId(report.brand, report.source);
    // Every poll rewrites the rate-limit state: set while the API holds the source back, removed once it does not.
    const { rateLimitedUntil } = report;
    const base = {
      brand: report.brand,
      source: report.source,
      lastPollAt: at,
      updatedAt: at,
      ...(rateLimitedUntil && { rateLimitedUntil }),
    };
    const clearRateLimit = rateLimitedUntil ? {} : { $unset: { rateLimitedUntil: '' as const } };
    if (report.outcome === 'ok') {
      await this.col.updateOne(
        { _id },
        {
          $set: {
            ...base,
            lastSuccessAt: at,
            consecutiveFailures: 0,
            mentionsLastPoll: report.published,
          },
          ...clearRateLimit,
        },
        { upsert: true },
      );
      return;
    }
    // 'partial' (some pages failed) and 'failed' both count as a failure of this poll.
    await this.col.updateOne(
      { _id },
      {
        $set: {
          ...base,
          lastErrorAt: at,
          lastError: (report.error ?? report.outcome).slice(0, 500),
          ...(report.outcome === 'partial' && { mentionsLastPoll: report.published }),
        },
        $inc: { consecutiveFailures: 1 },
        ...clearRateLimit,
      },
      { upsert: true },
    );
  }
}
