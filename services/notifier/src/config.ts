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
  DASHBOARD_URL: z
    .url({ protocol: /^https?$/, error: 'expected the http(s) URL of the dashboard' })
    .optional()
    .describe('Links to the alert and its mentions in emails, Slack, Teams and webhooks'),
  ACTION_TOKEN_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (the same secret as the dashboard)')
    .optional()
    .describe('Signs the acknowledge / mute links in emails (with DASHBOARD_URL)'),
  CHANNEL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  CHANNEL_RETRY_BASE_MS: z.coerce.number().int().min(1).default(1000),
  CHANNEL_MAX_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  CHANNEL_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  DIGEST_ENABLED: envBoolean.default(true).describe('false: no digest scheduler in this process'),
  ALERTS_TOPIC: z.string().min(1).optional(),
  OPS_EMAIL: z.email().optional().describe('ops address for source_down / source_recovered emails'),
  SOURCE_HEALTH_TOPIC: z.string().min(1).optional(),
  CONSUMER_GROUP: z.string().min(1).optional(),
});

export type NotifierConfig = z.infer<typeof configSchema>;

export function loadNotifierConfig(env: NodeJS.ProcessEnv = process.env): NotifierConfig {
  return loadConfig(configSchema, env);
}
