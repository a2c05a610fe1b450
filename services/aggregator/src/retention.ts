import type { Logger } from '@crumbtrail/runtime';
import type { AggregatorMetrics } from './metrics';
import { COLLECTIONS } from './store/collections';
import type { MentionsRepo } from './store/mentions-repo';
import type { RollupsRepo } from './store/rollups-repo';

export interface RetentionPolicy {
  mentionMs: number;
  /** How long an hour document keeps its minute summaries and evidence. */
  minuteRollupMs: number;
  hourRollupMs: number;
}

/** Deletes what is older than the policy, brand by brand (the { brand, time } indexes serve each delete). */
export async function applyRetention(
  deps: { mentions: MentionsRepo; rollups: RollupsRepo; metrics: AggregatorMetrics; logger: Logger },
  policy: RetentionPolicy,
  now: Date,
): Promise<{ mentions: number; minutesTrimmed: number; hours: number }> {
  const t = now.getTime();
  const deleted = { mentions: 0, minutesTrimmed: 0, hours: 0 };
  for (const brand of await deps.mentions.brands()) {
    deleted.mentions += await deps.mentions.deleteOlderThan(brand, new Date(t - policy.mentionMs));
  }
  for (const brand of await deps.rollups.brands()) {
    deleted.hours += await deps.rollups.deleteOlderThan(brand, new Date(t - policy.hourRollupMs));
    deleted.minutesTrimmed += await deps.rollups.trimMinutesOlderThan(
      brand,
      new Date(t - policy.minuteRollupMs),
    );
  }
  deps.metrics.retentionDeleted.inc({ collection: COLLECTIONS.mentions }, deleted.mentions);
  deps.metrics.retentionDeleted.inc({ collection: COLLECTIONS.rollupsHour }, deleted.hours);
  deps.logger.info({ deleted }, 'retention applied');
  return deleted;
}
