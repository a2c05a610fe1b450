import { z } from 'zod';
import { Alert, BrandId, INTENT_LABELS, SENTIMENT_LABELS, SOURCE_NAMES } from '@crumbtrail/contracts';

/**
 * Every request and response of the dashboard API (`/api/v1/...`). Routes validate with these schemas, the OpenAPI
 * 3.1 document (`/api/v1/openapi.json`) is generated from them, and the web app types its calls with them.
 * Times are RFC 3339 strings in UTC; the web app shows them in the viewer's time zone.
 */

// ---------------------------------------------------------------------------------------------------- primitives

export const Iso = z.iso.datetime({ offset: true }).describe('RFC 3339 timestamp');
export const Sentiment = z.enum(SENTIMENT_LABELS);
export const Intent = z.enum(INTENT_LABELS);
export const Source = z.enum(SOURCE_NAMES);
export const Brand = BrandId;
/** Mention ids are eventIds (32 hex characters). */
export const MentionId = z.string().regex(/^[0-9a-f]{32}$/, 'mention id: 32 lowercase hex characters');
/** Alert ids are alertIds (32 hex characters). */
export const AlertId = z.string().regex(/^[0-9a-f]{32}$/, 'alert id: 32 lowercase hex characters');
export const Role = z.enum(['admin', 'manager', 'viewer']);
export type Role = z.infer<typeof Role>;
/** Opaque paging cursor returned as `nextCursor`; pass it back unchanged. */
export const Cursor = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, 'cursor: pass nextCursor back unchanged');

/** Every 4xx/5xx answer. */
export const ErrorBody = z.object({
  error: z
    .string()
    .describe(
      'Machine-readable code: bad_request, unauthorized, forbidden, not_found, csrf, rate_limited, …',
    ),
  message: z.string().describe('What was wrong and how to fix it'),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

// ---------------------------------------------------------------------------------------------------- session

export const BrandRef = z.object({ id: Brand, name: z.string() });
export type BrandRef = z.infer<typeof BrandRef>;

export const SessionUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  /** Brands assigned to the user; an admin sees every brand (`brands` lists them all). */
  brands: z.array(Brand),
});
export type SessionUser = z.infer<typeof SessionUser>;

/** GET /api/v1/session (401 when not logged in); also the answer of POST /api/v1/login. */
export const SessionResponse = z.object({
  user: SessionUser,
  /** Send as header `x-csrf-token` on every POST/PUT/PATCH/DELETE. */
  csrfToken: z.string(),
  /** The brands this user may read, in display order. */
  brands: z.array(BrandRef),
  /** What the user may do, per brand id (for showing/hiding buttons; the API checks again). */
  permissions: z.record(
    z.string(),
    z.object({ triage: z.boolean(), correct: z.boolean(), acknowledge: z.boolean(), mute: z.boolean() }),
  ),
  canManageUsers: z.boolean(),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

/** POST /api/v1/login (JSON only). 401 on a wrong email/password, 429 when rate-limited (Retry-After header). */
export const LoginRequest = z.object({
  email: z.string().trim().toLowerCase().min(3).max(320),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** POST /api/v1/logout -> 204. */

// ---------------------------------------------------------------------------------------------------- periods

export const Period = z.enum(['24h', '7d', '30d', 'custom']);
export type Period = z.infer<typeof Period>;

/** Query of every time-ranged read: `period` (default 24h), or `period=custom` with `from` and `to`. */
export const RangeQuery = z.object({
  period: Period.default('24h'),
  from: Iso.optional(),
  to: Iso.optional(),
});

export const TimeRange = z.object({ from: Iso, to: Iso });

// ---------------------------------------------------------------------------------------------------- overview

export const SparkPoint = z.object({ t: Iso, mentions: z.number().int(), negatives: z.number().int() });

export const MuteInfo = z.object({
  until: Iso,
  by: z.string(),
  note: z.string().optional(),
  at: Iso,
});
export type MuteInfo = z.infer<typeof MuteInfo>;

export const SourceState = z.enum(['ok', 'silent', 'failing', 'rate_limited', 'unknown']);
export type SourceState = z.infer<typeof SourceState>;

export const OverviewBrand = z.object({
  brand: BrandRef,
  mentions: z.number().int(),
  previousMentions: z.number().int(),
  /** negatives / mentions in the period; null without mentions. */
  negativeShare: z.number().nullable(),
  previousNegativeShare: z.number().nullable(),
  /** Hourly (24h) or daily (7d, 30d) points of the period. */
  sparkline: z.array(SparkPoint),
  openAlerts: z.number().int(),
  openInbox: z.number().int(),
  /** Sources of this brand that are silent, failing or rate-limited. */
  sourcesInTrouble: z.array(z.object({ source: z.string(), state: SourceState })),
  mute: MuteInfo.nullable(),
});
export type OverviewBrand = z.infer<typeof OverviewBrand>;

/** GET /api/v1/overview?period=24h|7d|30d|custom&from&to */
export const OverviewQuery = RangeQuery;
export const OverviewResponse = z.object({
  range: TimeRange,
  previous: TimeRange,
  brands: z.array(OverviewBrand),
});
export type OverviewResponse = z.infer<typeof OverviewResponse>;

// ---------------------------------------------------------------------------------------------------- brand trend

export const TrendPoint = z.object({
  t: Iso.describe('Bucket start'),
  total: z.number().int(),
  negative: z.number().int(),
  neutral: z.number().int(),
  positive: z.number().int(),
  /** negative / total; null for an empty bucket. */
  negativeShare: z.number().nullable(),
});
export type TrendPoint = z.infer<typeof TrendPoint>;

export const Totals = z.object({
  mentions: z.number().int(),
  negatives: z.number().int(),
  complaints: z.number().int(),
  negativeShare: z.number().nullable(),
});

export const AlertMarker = z.object({
  alertId: AlertId,
  kind: z.string(),
  severity: z.enum(['warning', 'critical']),
  state: z.enum(['open', 'resolved']),
  openedAt: Iso,
  resolvedAt: Iso.optional(),
  window: TimeRange,
});
export type AlertMarker = z.infer<typeof AlertMarker>;

/** GET /api/v1/brands/:brand/trend?period=…&from&to&compare=true */
export const TrendQuery = RangeQuery.extend({
  compare: z.enum(['true', 'false']).default('false'),
});
export const TrendResponse = z.object({
  brand: BrandRef,
  range: TimeRange,
  granularity: z.enum(['hour', 'day']),
  series: z.array(TrendPoint),
  totals: Totals,
  /** Present with compare=true: the period of the same length just before, aligned bucket by bucket. */
  previous: z.object({ range: TimeRange, series: z.array(TrendPoint), totals: Totals }).optional(),
  breakdowns: z.object({
    intent: z.record(z.string(), z.number().int()),
    source: z.record(z.string(), z.number().int()),
    language: z.record(z.string(), z.number().int()),
  }),
  /** Most frequent terms of the period's negative mentions (from the dashboard's own read model). */
  topNegativeTerms: z.array(z.object({ term: z.string(), count: z.number().int() })),
  /** This brand's mentions against the other brands the user may read, same period. */
  shareOfVoice: z.array(z.object({ brand: Brand, mentions: z.number().int(), share: z.number() })),
  alerts: z.array(AlertMarker),
  mute: MuteInfo.nullable(),
});
export type TrendResponse = z.infer<typeof TrendResponse>;

// ---------------------------------------------------------------------------------------------------- mentions

export const Correction = z.object({
  sentiment: Sentiment,
  intent: Intent,
  by: z.string(),
  at: Iso,
  note: z.string().optional(),
});
export type Correction = z.infer<typeof Correction>;

export const Mention = z.object({
  id: MentionId,
  brand: Brand,
  publishedAt: Iso,
  source: z.string(),
  lang: z.string(),
  author: z.string(),
  /** Link to the original; only http(s) URLs are returned (others become null). */
  url: z.string().nullable(),
  title: z.string().optional(),
  /** Untrusted user text: render as text, never as HTML. */
  text: z.string(),
  sentiment: Sentiment,
  sentimentScore: z.number(),
  sentimentConfidence: z.number().nullable(),
  intent: Intent,
  intentConfidence: z.number().nullable(),
  modelVersion: z.string(),
  /** The label correction someone made, shown instead of (or beside) the model's labels. */
  correction: Correction.nullable(),
});
export type Mention = z.infer<typeof Mention>;

/** Comma-separated lists are accepted for sentiment/intent/source/lang (e.g. `sentiment=negative,neutral`). */
export const MentionsQuery = RangeQuery.extend({
  sentiment: z.string().max(100).optional(),
  intent: z.string().max(100).optional(),
  source: z.string().max(200).optional(),
  lang: z.string().max(100).optional(),
  /** Words that must all appear in the text (case-insensitive). */
  q: z.string().max(200).optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type MentionsQuery = z.infer<typeof MentionsQuery>;

/** GET /api/v1/brands/:brand/mentions — newest first. */
export const MentionsResponse = z.object({
  items: z.array(Mention),
  /** null on the last page. */
  nextCursor: Cursor.nullable(),
});
export type MentionsResponse = z.infer<typeof MentionsResponse>;

/** GET /api/v1/mentions/:id -> Mention (404 when unknown or of a brand the user may not read). */

/** POST /api/v1/mentions/:id/correction -> Mention (with the correction). */
export const CorrectionRequest = z.object({
  sentiment: Sentiment,
  intent: Intent,
  note: z.string().max(1000).optional(),
});
export type CorrectionRequest = z.infer<typeof CorrectionRequest>;

// ---------------------------------------------------------------------------------------------------- inbox

export const InboxState = z.enum(['open', 'handled', 'dismissed']);
export type InboxState = z.infer<typeof InboxState>;

export const InboxItem = z.object({
  mention: Mention,
  kind: z.enum(['complaint', 'question']),
  state: InboxState,
  /** Who changed the state last and when (absent while never touched). */
  stateBy: z.string().optional(),
  stateAt: Iso.optional(),
});
export type InboxItem = z.infer<typeof InboxItem>;

/** GET /api/v1/brands/:brand/inbox?state=open&cursor&limit — open: oldest first; handled/dismissed: newest first. */
export const InboxQuery = z.object({
  state: InboxState.default('open'),
  kind: z.enum(['complaint', 'question']).optional(),
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type InboxQuery = z.infer<typeof InboxQuery>;

export const InboxResponse = z.object({
  items: z.array(InboxItem),
  nextCursor: Cursor.nullable(),
  counts: z.object({ open: z.number().int() }),
});
export type InboxResponse = z.infer<typeof InboxResponse>;

/** POST /api/v1/brands/:brand/inbox/actions — one or many items at once. */
export const InboxActionRequest = z.object({
  action: z.enum(['handle', 'dismiss', 'reopen']),
  ids: z.array(MentionId).min(1).max(200),
});
export type InboxActionRequest = z.infer<typeof InboxActionRequest>;

export const InboxActionResponse = z.object({
  items: z.array(InboxItem),
});
export type InboxActionResponse = z.infer<typeof InboxActionResponse>;

// ---------------------------------------------------------------------------------------------------- alerts

export const Acknowledgement = z.object({ by: z.string(), at: Iso, note: z.string().optional() });
export type Acknowledgement = z.infer<typeof Acknowledgement>;

export const AlertSummary = AlertMarker.extend({
  brand: Brand,
  observed: z.object({
    mentions: z.number().int(),
    negatives: z.number().int(),
    complaints: z.number().int(),
  }),
  acknowledgement: Acknowledgement.nullable(),
});
export type AlertSummary = z.infer<typeof AlertSummary>;

/** GET /api/v1/alerts?brand=&state= — newest first; without `brand`, every brand the user may read. */
export const AlertsQuery = z.object({
  brand: Brand.optional(),
  state: z.enum(['open', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const AlertsResponse = z.object({ items: z.array(AlertSummary) });
export type AlertsResponse = z.infer<typeof AlertsResponse>;

/** GET /api/v1/alerts/:id — the alert event itself is the evidence (numbers, test, series, samples, top terms). */
export const AlertDetailResponse = z.object({
  alert: Alert,
  acknowledgement: Acknowledgement.nullable(),
  mute: MuteInfo.nullable(),
});
export type AlertDetailResponse = z.infer<typeof AlertDetailResponse>;

/** POST /api/v1/alerts/:id/acknowledge -> AlertDetailResponse (the first acknowledgement stands). */
export const AcknowledgeRequest = z.object({ note: z.string().max(1000).optional() });
export type AcknowledgeRequest = z.infer<typeof AcknowledgeRequest>;

/** PUT /api/v1/brands/:brand/mute -> MuteResponse; DELETE /api/v1/brands/:brand/mute -> MuteResponse. */
export const MuteRequest = z.object({
  hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  note: z.string().max(1000).optional(),
});
export type MuteRequest = z.infer<typeof MuteRequest>;
export const MuteResponse = z.object({ mute: MuteInfo.nullable() });
export type MuteResponse = z.infer<typeof MuteResponse>;

// ---------------------------------------------------------------------------------------------------- sources

export const SourceStatus = z.object({
  brand: Brand,
  source: z.string(),
  state: SourceState,
  lastSuccessAt: Iso.nullable(),
  lastErrorAt: Iso.nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  rateLimitedUntil: Iso.nullable(),
  mentionsLastPoll: z.number().int().nullable(),
  /** Mentions per hour over the last 24 h, from the rollups. */
  mentionsPerHour: z.number(),
});
export type SourceStatus = z.infer<typeof SourceStatus>;

/** GET /api/v1/sources?brand= */
export const SourcesQuery = z.object({ brand: Brand.optional() });
export const SourcesResponse = z.object({ items: z.array(SourceStatus) });
export type SourcesResponse = z.infer<typeof SourcesResponse>;

// ---------------------------------------------------------------------------------------------------- live

/**
 * GET /api/v1/live?brand=… — text/event-stream. Events (the `event:` field) and their `data:` JSON:
 * `mention` -> Mention, `inbox` -> InboxItem, `alert` -> AlertSummary. A comment line every 15 s keeps it open.
 */
export const LiveQuery = z.object({ brand: Brand });
export const LiveEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('mention'), data: Mention }),
  z.object({ type: z.literal('inbox'), data: InboxItem }),
  z.object({ type: z.literal('alert'), data: AlertSummary }),
]);
export type LiveEvent = z.infer<typeof LiveEvent>;

// ---------------------------------------------------------------------------------------------------- users

export const User = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  brands: z.array(Brand),
  createdAt: Iso,
});
export type User = z.infer<typeof User>;

/** GET /api/v1/users (admin) */
export const UsersResponse = z.object({ items: z.array(User) });

/** POST /api/v1/users (admin) -> User */
export const CreateUserRequest = z.object({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  role: Role,
  brands: z.array(Brand).max(500).default([]),
  password: z.string().min(12, 'password: at least 12 characters').max(1024),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** PATCH /api/v1/users/:id (admin) -> User; DELETE /api/v1/users/:id (admin) -> 204. */
export const UpdateUserRequest = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  role: Role.optional(),
  brands: z.array(Brand).max(500).optional(),
  password: z.string().min(12, 'password: at least 12 characters').max(1024).optional(),
});
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const UserId = z.string().regex(/^[0-9a-f]{24}$/, 'user id: 24 lowercase hex characters');

// ---------------------------------------------------------------------------------------------------- API tokens

/** POST /api/v1/tokens -> CreateTokenResponse (the token is shown once; only its hash is stored). */
export const CreateTokenRequest = z.object({ name: z.string().trim().min(1).max(100) });
export const ApiToken = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: Iso,
  lastUsedAt: Iso.nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;
export const CreateTokenResponse = ApiToken.extend({
  /** Send as `Authorization: Bearer <token>`. Shown only now. */
  token: z.string(),
});
/** GET /api/v1/tokens -> the caller's own tokens; DELETE /api/v1/tokens/:id -> 204. */
export const TokensResponse = z.object({ items: z.array(ApiToken) });
export const TokenId = z.string().regex(/^[0-9a-f]{16}$/, 'token id: 16 lowercase hex characters');

// ---------------------------------------------------------------------------------------------------- params

export const BrandParams = z.object({ brand: Brand });
export const MentionParams = z.object({ id: MentionId });
export const AlertParams = z.object({ id: AlertId });
export const UserParams = z.object({ id: UserId });
export const TokenParams = z.object({ id: TokenId });
