import { z } from 'zod';
import {
  brandsEnv,
  envBoolean,
  envPort,
  kafkaConsumerEnv,
  kafkaEnv,
  loadConfig,
  mongoEnv,
  opsEnv,
} from '@crumbtrail/runtime';

export const configSchema = z.object({
  ...kafkaEnv,
  ...kafkaConsumerEnv,
  ...mongoEnv,
  ...opsEnv,
  ...brandsEnv,
  HTTP_PORT: envPort(8084),
  SMTP_HOST: z.string().min(1),
  SMTP_PORT: envPort(587),
  SMTP_SECURE: envBoolean
    .default(false)
    .describe('true: TLS from the first byte (port 465); false: STARTTLS if offered'),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().min(3).default('Crumbtrail <alerts@crumbtrail.local>'),
  SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(4),
  SEND_RETRY_BASE_MS: z.coerce.number().int().min(1).default(1000),
  ALERTS_TOPIC: z.string().min(1).optional(),
  OPS_EMAIL: z.email().optional().describe('ops address for source_down / source_recovered emails'),
  SOURCE_HEALTH_TOPIC: z.string().min(1).optional(),
  CONSUMER_GROUP: z.string().min(1).optional(),
});

export type NotifierConfig = z.infer<typeof configSchema>;

export function loadNotifierConfig(env: NodeJS.ProcessEnv = process.env): NotifierConfig {
  return loadConfig(configSchema, env);
}
