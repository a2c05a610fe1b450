import { z } from 'zod';
import {
  brandsEnv,
  envPort,
  kafkaConsumerEnv,
  kafkaEnv,
  leaseEnv,
  loadConfig,
  mongoEnv,
  opsEnv,
} from '@crumbtrail/runtime';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

/** Every environment variable the aggregator reads (README.md documents each). */
export const configSchema = z.object({
  ...kafkaEnv,
  ...kafkaConsumerEnv,
  ...mongoEnv,
  ...opsEnv,
  ...brandsEnv,
  ...leaseEnv,
  HTTP_PORT: envPort(8083),
  CLASSIFIED_TOPIC: z.string().min(1).optional(),
  ALERTS_TOPIC: z.string().min(1).optional(),
  CONSUMER_GROUP: z.string().min(1).optional(),
  // Detection.
  DETECT_BUCKET: z.enum(['minute', 'hour'], { error: 'expected minute or hour' }).default('minute'),
  DETECT_WINDOW_BUCKETS: positiveInt(30),
  DETECT_BASELINE_BUCKETS: positiveInt(360),
  DETECT_PERSISTENCE: positiveInt(3),
  DETECT_MIN_MENTIONS: positiveInt(20),
  DETECT_MIN_BASELINE_MENTIONS: positiveInt(30),
  DETECT_MIN_SHARE_INCREASE: z.coerce.number().min(0).max(1).default(0.1),
  DETECT_MIN_COMPLAINTS: positiveInt(10),
  DETECT_COMPLAINT_RATIO: z.coerce.number().min(1).default(2),
  DETECT_VOLUME_RATIO: z.coerce.number().min(1).default(3),
  DETECT_COOLDOWN_MINUTES: nonNegativeInt(60),
  DETECT_INTERVAL_SECONDS: positiveInt(60),
  DETECT_THROTTLE_SECONDS: nonNegativeInt(5),
  // Retention.
  MENTION_RETENTION_DAYS: positiveInt(30),
  MINUTE_ROLLUP_RETENTION_HOURS: positiveInt(48),
  ROLLUP_RETENTION_DAYS: positiveInt(400),
  RETENTION_INTERVAL_MINUTES: positiveInt(60),
});

export type AggregatorConfig = z.infer<typeof configSchema>;

export function loadAggregatorConfig(env: NodeJS.ProcessEnv = process.env): AggregatorConfig {
  return loadConfig(configSchema, env);
}
