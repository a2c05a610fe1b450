import type { MentionDoc } from '@crumbtrail/storage';

// The stored form lives in @crumbtrail/storage (the dashboard and the CLI read it too).
export { HOUR_MS, MINUTE_MS, hourOf, minuteOf, toMentionDoc } from '@crumbtrail/storage';
export type { KafkaPosition, MentionDoc } from '@crumbtrail/storage';

/** The fields a rollup reads; the projection used when recomputing a bucket. */
export type RollupInput = Pick<
  MentionDoc,
  'sentiment' | 'score' | 'intent' | 'complaint' | 'source' | 'lang'
>;
