import { z } from 'zod';
import { kafkaConsumerEnv, kafkaEnv, loadConfig, opsEnv } from '@crumbtrail/runtime';

export const configSchema = z.object({
  ...kafkaEnv,
  ...kafkaConsumerEnv,
  ...opsEnv,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8082),
  BRANDS_FILE: z.string().min(1).describe('Path to brands.yaml; mentions of other brands are dead-lettered'),
  NLP_MODEL_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('Model file; default: the one shipped with @crumbtrail/nlp'),
  RAW_TOPIC: z.string().min(1).optional(),
  CLASSIFIED_TOPIC: z.string().min(1).optional(),
  MAX_FUTURE_SKEW_MINUTES: z.coerce.number().int().positive().default(60),
  CONSUMER_GROUP: z.string().min(1).optional(),
});

export type ClassifierConfig = z.infer<typeof configSchema>;

export function loadClassifierConfig(env: NodeJS.ProcessEnv = process.env): ClassifierConfig {
  return loadConfig(configSchema, env);
}
