import { COLLECTIONS, sourceStatusId, type SourceStatusDoc } from '@crumbtrail/storage';
import type { Collection, Db } from 'mongodb';
import type { PollReport } from './poll/run-poll';

/**
 * Persists each brand's source health after every poll (collection `source_status`, `_id` = `${brand}:${source}`),
 * so the dashboard can show a silent or failing source as such. One `_id` upsert per poll.
 */
export class SourceStatusRepo {
  private readonly col: Collection<SourceStatusDoc>;

  constructor(db: Db) {
    this.col = db.collection<SourceStatusDoc>(COLLECTIONS.sourceStatus);
  }

  async record(report: PollReport, at: Date): Promise<void> {
    if (report.outcome === 'aborted') return;
    const _id = sourceStatusId(report.brand, report.source);
    const base = { brand: report.brand, source: report.source, lastPollAt: at, updatedAt: at };
    if (report.outcome === 'ok') {
      await this.col.updateOne(
        { _id },
        {
          $set: { ...base, lastSuccessAt: at, consecutiveFailures: 0, mentionsLastPoll: report.published },
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
      },
      { upsert: true },
    );
  }
}
