import type { Logger } from '@crumbtrail/runtime';
import type { AggregatorMetrics } from './metrics';
import { COLLECTIONS } from './store/collections';
import type { MentionsRepo } from './store/mentions-repo';
import type { RollupsRepo } from './store/rollups-repo';

export interface RetentionPolicy {
  mentionMs: number;
  minuteRollupMs: number;
  hourRollupMs: number;
}

/** Deletes what is older than the policy, brand by brand (the { brand, time } indexes serve each delete). */
export async function applyRetention(
  deps: { mentions: MentionsRepo; rollups: RollupsRepo; metrics: AggregatorMetrics; logger: Logger },
  policy: RetentionPolicy,
  now: Date,
): Promise<{ mentions: number; minute: number; hour: number }> {
  const t = now.getTime();
  const deleted = { mentions: 0, minute: 0, hour: 0 };
  for (const brand of await deps.mentions.brands()) {
    deleted.mentions += await deps.mentions.deleteOlderThan(brand, new Date(t - policy.mentionMs));
  }
  for (const brand of await deps.rollups.brands('minute')) {
    deleted.minute += await deps.rollups.deleteOlderThan(
      'minute',
      brand,
      new Date(t - policy.minuteRollupMs),
    );
  }
  for (const brand of await deps.rollups.brands('hour')) {
    deleted.hour += await deps.rollups.deleteOlderThan('hour', brand, new Date(t - policy.hourRollupMs));
  }
  deps.metrics.retentionDeleted.inc({ collection: COLLECTIONS.mentions }, deleted.mentions);
  deps.metrics.retentionDeleted.inc({ collection: COLLECTIONS.rollupsMinute }, deleted.minute);
  deps.metrics.retentionDeleted.inc({ collection: COLLECTIONS.rollupsHour }, deleted.hour);
  deps.logger.info({ deleted }, 'retention applied');
  return deleted;
}
