import { z } from 'zod';
import { BrandId, LanguageCode } from './common';

/**
 * brands.yaml: the one file that says which brands Crumbtrail listens for, where, and who hears about it.
 * Every service reads the same file; each uses its own part (sources: poller, alerts: aggregator, notify: notifier).
 */

const CronSchedule = z
  .string()
  .min(9)
  .describe('node-cron expression, e.g. "*/5 * * * *" (every 5 minutes); a 6th leading field means seconds');

const SourceCommon = z.object({
  schedule: CronSchedule,
  enabled: z.boolean().default(true),
  maxPages: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe('Most result pages one poll reads per search; default from the poller config'),
  lookbackHours: z
    .number()
    .positive()
    .max(24 * 30)
    .optional()
    .describe('How far back the first poll (no cursor yet) reaches; default from the poller config'),
});

export const BrandSources = z
  .object({
    hackernews: SourceCommon.extend({
      tags: z
        .array(z.enum(['story', 'comment', 'poll', 'show_hn', 'ask_hn']))
        .min(1)
        .default(['story', 'comment'])
        .describe('Algolia item types to search (any of them)'),
    })
      .strict()
      .optional(),
    reddit: SourceCommon.extend({
      subreddits: z
        .array(z.string().regex(/^[A-Za-z0-9_]{2,21}$/, 'subreddit name without r/'))
        .optional()
        .describe('Search only these subreddits; default: all of Reddit'),
    })
      .strict()
      .optional(),
    mastodon: SourceCommon.extend({
      instance: z.url().optional().describe('Base URL of the instance to search; default from config'),
      hashtags: z
        .array(z.string().regex(/^#?[\p{L}\p{N}_]+$/u, 'hashtag: letters, digits, underscore'))
        .default([])
        .describe('Hashtag timelines to read (public, no token needed)'),
      search: z
        .boolean()
        .default(true)
        .describe('Also use full-text search (needs MASTODON_ACCESS_TOKEN; skipped without one)'),
    })
      .strict()
      .optional(),
    bluesky: SourceCommon.strict().optional(),
    stackexchange: SourceCommon.extend({
      site: z.string().min(1).default('stackoverflow'),
      tagged: z.array(z.string().min(1)).optional().describe('Only questions with all these tags'),
    })
      .strict()
      .optional(),
    rss: SourceCommon.extend({ feeds: z.array(z.url()).min(1) })
      .strict()
      .optional(),
    x: SourceCommon.strict().optional(),
    youtube: SourceCommon.extend({
      videoIds: z.array(z.string().min(1)).default([]).describe('Comment threads of these videos'),
      channelIds: z
        .array(z.string().min(1))
        .default([])
        .describe('Comment threads on every video of these channels (allThreadsRelatedToChannelId)'),
      matchQuery: z
        .boolean()
        .default(true)
        .describe('false: every comment on the videos is a mention, not only those matching the query'),
    })
      .strict()
      .refine((o) => o.videoIds.length + o.channelIds.length > 0, 'youtube needs videoIds or channelIds')
      .optional(),
    replay: SourceCommon.extend({
      file: z.string().min(1).describe('JSONL file of mentions, relative to the brands file'),
      shiftToNow: z
        .boolean()
        .default(false)
        .describe('Shift every timestamp by the same amount so the newest one is "now" (demos)'),
      matchQuery: z.boolean().default(false).describe('true: replay only lines that match the brand query'),
    })
      .strict()
      .optional(),
  })
  .strict();
export type BrandSources = z.infer<typeof BrandSources>;

export const AlertSettings = z
  .object({
    sensitivity: z
      .enum(['low', 'normal', 'high'])
      .default('normal')
      .describe('low: fewer, surer alerts; high: earlier alerts, more false alarms'),
    minMentions: z.number().int().positive().optional().describe('Minimum mentions in the window to test'),
    minNegativeShareIncrease: z.number().min(0).max(1).optional().describe('Absolute share increase to care'),
    cooldownMinutes: z.number().int().nonnegative().optional(),
  })
  .strict();
export type AlertSettings = z.infer<typeof AlertSettings>;

/** An IANA time zone name ("Europe/Berlin", "UTC"), checked against the runtime's time zone database. */
export const TimeZoneName = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'unknown IANA time zone, e.g. "Europe/Berlin" or "UTC"');

/** The name of an environment variable that holds a secret (a webhook URL with a token, a signing key). */
const EnvVarName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*$/, 'the NAME of an environment variable (A-Z, 0-9, _), never the secret itself');

const EndpointName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lowercase letters, digits, - and _')
  .describe('Stable name of the endpoint: part of the send-ledger key, so renaming it re-sends open alerts');

/** A chat incoming webhook (Slack or Microsoft Teams): its URL is a secret, so brands.yaml names the env var. */
export const ChatEndpoint = z
  .object({
    name: EndpointName.default('default'),
    urlEnv: EnvVarName.describe(
      'Env var holding the incoming-webhook URL (or <NAME>_FILE: a file holding it)',
    ),
  })
  .strict();
export type ChatEndpoint = z.infer<typeof ChatEndpoint>;

export const WebhookEndpoint = z
  .object({
    name: EndpointName,
    url: z.url().optional().describe('Endpoint URL, when it is not secret'),
    urlEnv: EnvVarName.optional().describe('Env var holding the URL, when it is secret'),
    secretEnv: EnvVarName.describe('Env var holding the HMAC signing secret (or <NAME>_FILE)'),
  })
  .strict()
  .refine((w) => (w.url === undefined) !== (w.urlEnv === undefined), 'set exactly one of url and urlEnv');
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time "HH:MM" (24 h)');

export const QuietHours = z
  .object({
    start: LocalTime.describe('From this local time (brand time zone) …'),
    end: LocalTime.describe('… until this one (may be the next day): non-critical alerts wait until then'),
  })
  .strict();
export type QuietHours = z.infer<typeof QuietHours>;

export const DigestSettings = z
  .object({
    hour: z
      .number()
      .int()
      .min(0)
      .max(23)
      .default(8)
      .describe('Local hour (brand time zone) the digest goes out'),
    weekly: z
      .enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])
      .optional()
      .describe('Also a weekly digest on this day, at the same hour'),
    sendWhenQuiet: z.boolean().default(false).describe('An empty period sends a short "all quiet" note'),
  })
  .strict();
export type DigestSettings = z.infer<typeof DigestSettings>;

export const NotifySettings = z
  .object({
    recipients: z.array(z.email()).default([]),
    dailyDigest: z.boolean().default(false),
    timeZone: TimeZoneName.optional().describe(
      'Time zone of the brand team: email times, digest, quiet hours',
    ),
    recipientTimeZones: z
      .record(z.string(), TimeZoneName)
      .optional()
      .describe('Per recipient (email address) time zone, over the brand one'),
    digest: DigestSettings.optional().describe(
      'When the daily digest (dailyDigest: true) and the weekly one go',
    ),
    quietHours: QuietHours.optional(),
    slack: z.array(ChatEndpoint).optional().describe('Slack incoming webhooks (Block Kit messages)'),
    teams: z.array(ChatEndpoint).optional().describe('Microsoft Teams incoming webhooks / workflows'),
    webhooks: z.array(WebhookEndpoint).optional().describe('Signed JSON webhooks'),
  })
  .strict();
export type NotifySettings = z.infer<typeof NotifySettings>;

export const BrandConfig = z
  .object({
    id: BrandId,
    name: z.string().min(1).max(200),
    query: z.string().min(1).max(1000).describe('Search query: terms, "exact phrases", OR, NOT / -term'),
    exclude: z
      .object({
        terms: z.array(z.string().min(1)).default([]),
        authors: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ terms: [], authors: [] }),
    languages: z.array(LanguageCode).default([]).describe('Empty: every language'),
    sources: BrandSources.default({}),
    alerts: AlertSettings.default({ sensitivity: 'normal' }),
    notify: NotifySettings.default({ recipients: [], dailyDigest: false }),
  })
  .strict();
export type BrandConfig = z.infer<typeof BrandConfig>;

export const BrandsFile = z
  .object({
    brands: z.array(BrandConfig).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.brands.forEach((brand, index) => {
      if (seen.has(brand.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['brands', index, 'id'],
          message: `duplicate brand id "${brand.id}"`,
        });
      }
      seen.add(brand.id);
    });
  });
export type BrandsFile = z.infer<typeof BrandsFile>;
