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
import { MIN_SECRET_LENGTH } from '@crumbtrail/alert-actions';

/** Every environment variable the dashboard reads (README.md documents each). */
export const configSchema = z
  .object({
    ...kafkaEnv,
    ...kafkaConsumerEnv,
    ...mongoEnv,
    ...opsEnv,
    ...brandsEnv,
    HTTP_PORT: envPort(8085),
    CLASSIFIED_TOPIC: z.string().min(1).optional(),
    CONSUMER_GROUP: z.string().min(1).optional(),
    /** Public URL (https://dash.example.com); https makes the session cookie Secure. */
    DASHBOARD_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
    DASHBOARD_COOKIE_SECURE: envBoolean.optional(),
    DASHBOARD_SESSION_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(168),
    /** Days of hour rollups read into memory in the background at start, so the first charts are drawn fast. */
    DASHBOARD_WARM_DAYS: z.coerce.number().int().min(0).max(90).default(60),
    /** What the dashboard indexed of a mention (list slots, inbox) is deleted with the stored mention, after this. */
    MENTION_RETENTION_DAYS: z.coerce.number().int().positive().default(30),
    /** The first admin, created on start when there is no user at all. */
    DASHBOARD_ADMIN_EMAIL: z.email({ error: 'expected an email address' }).optional(),
    DASHBOARD_ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').optional(),
    /** Verifies the signed action links of alert emails (shared with the notifier). */
    ACTION_TOKEN_SECRET: z
      .string()
      .min(MIN_SECRET_LENGTH, `at least ${MIN_SECRET_LENGTH} characters`)
      .optional(),
    /** The built web app (index.html + assets/); default: web/dist beside the service. */
    DASHBOARD_WEB_DIR: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.DASHBOARD_ADMIN_EMAIL === undefined) !== (c.DASHBOARD_ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [c.DASHBOARD_ADMIN_EMAIL === undefined ? 'DASHBOARD_ADMIN_EMAIL' : 'DASHBOARD_ADMIN_PASSWORD'],
        message: 'set DASHBOARD_ADMIN_EMAIL and DASHBOARD_ADMIN_PASSWORD (or _FILE) together',
      });
    }
  });

export type DashboardConfig = z.infer<typeof configSchema>;

export function loadDashboardConfig(env: NodeJS.ProcessEnv = process.env): DashboardConfig {
  return loadConfig(configSchema, env);
}

/** Secure cookies when asked for, or when the public URL is https. */
export function cookieSecure(
  config: Pick<DashboardConfig, 'DASHBOARD_COOKIE_SECURE' | 'DASHBOARD_URL'>,
): boolean {
  return config.DASHBOARD_COOKIE_SECURE ?? config.DASHBOARD_URL?.startsWith('https:') ?? false;
}
