/**
 * The shared rate-limit and fault model: turns one API response (status, headers, parsed body) or one transport
 * error into a decision — use it, wait N ms and retry, or give up — without doing any I/O itself.
 *
 * Signals it reads, in the forms the APIs send them:
 * - `Retry-After`: delta seconds or an HTTP date (RFC 9110), on 429 and 503
 * - remaining/reset pairs: `x-ratelimit-*` (Reddit: reset in seconds; Mastodon: reset as an ISO 8601 time),
 *   `x-rate-limit-*` (X: reset as epoch seconds), `ratelimit-*` (IETF draft: delta seconds; Bluesky: epoch seconds),
 *   and the structured `RateLimit` header of later IETF drafts (`limit=100, remaining=0, reset=50` or `"p";r=0;t=50`)
 * - Stack Exchange bodies: `backoff` (seconds to leave the method alone, on any response) and the
 *   `throttle_violation` error (error_id 502) whose message says "more requests available in N seconds"
 * - Google (YouTube) error bodies: reason `rateLimitExceeded` / `userRateLimitExceeded` (retry) and
 *   `quotaExceeded` / `dailyLimitExceeded` (give up; the daily quota resets at midnight Pacific time)
 * 5xx responses and timeouts are retried with capped exponential backoff with jitter.
 */

export const API_ERROR_KINDS = [
  'rate_limited',
  'quota',
  'server_error',
  'timeout',
  'network',
  'auth',
  'client_error',
  'malformed',
] as const;
export type ApiErrorKind = (typeof API_ERROR_KINDS)[number];

export interface HeaderReader {
  get(name: string): string | null;
}

export interface RetryPolicy {
  /** Retries after the first attempt, for 5xx, timeouts and rate limits alike. */
  maxRetries: number;
  /** First backoff step; doubles per attempt. */
  baseDelayMs: number;
  /** Cap of one backoff step. */
  maxDelayMs: number;
  /** The longest wait a poll sits through; a longer Retry-After or reset ends the poll and cools the API down. */
  maxWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxWaitMs: 120_000,
};

export type Decision =
  /** Use the response; if cooldownUntil is set, the next request to the same API must not start before it. */
  | { action: 'accept'; cooldownUntil?: number; reason?: string }
  | { action: 'retry'; waitMs: number; kind: ApiErrorKind; reason: string; rateLimited: boolean }
  | { action: 'fail'; kind: ApiErrorKind; reason: string; cooldownUntil?: number };

export interface ResponseSignals {
  status: number;
  headers: HeaderReader;
  /** The parsed JSON body when there is one, else undefined or the raw text. */
  body?: unknown;
}

/** Capped exponential backoff with "equal jitter": half the step fixed, half random, so waits never collapse to 0. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt));
  return Math.round(step / 2 + random() * (step / 2));
}

/** `Retry-After` as milliseconds from now: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A reset value as an absolute time (ms since epoch). APIs disagree on the unit, and the magnitude tells them apart:
 * epoch milliseconds (>= 1e12), epoch seconds (>= 1e9), otherwise seconds from now; non-numbers are dates.
 */
export function parseResetValue(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const n = Number(trimmed);
    if (n >= 1e12) return Math.round(n);
    if (n >= 1e9) return Math.round(n * 1000);
    return now + Math.round(n * 1000);
  }
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : at;
}

export interface RateLimitState {
  remaining?: number;
  resetAt?: number;
}

function numberOrUndefined(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** Parses `RateLimit: limit=100, remaining=0, reset=50` and `RateLimit: "default";r=0;t=50` (reset as delta seconds). */
function parseStructuredRateLimit(value: string, now: number): RateLimitState {
  const remaining = /(?:^|[\s,;])(?:remaining|r)=(\d+(?:\.\d+)?)/i.exec(value)?.[1];
  const reset = /(?:^|[\s,;])(?:reset|t)=(\d+(?:\.\d+)?)/i.exec(value)?.[1];
  return {
    remaining: numberOrUndefined(remaining),
    resetAt: reset === undefined ? undefined : now + Math.round(Number(reset) * 1000),
  };
}

/** Remaining requests and the reset time, from whichever header family the API uses. */
export function readRateLimitHeaders(headers: HeaderReader, now: number): RateLimitState {
  for (const prefix of ['x-ratelimit-', 'x-rate-limit-', 'ratelimit-']) {
    const remaining = numberOrUndefined(headers.get(`${prefix}remaining`));
    const resetRaw = headers.get(`${prefix}reset`);
    if (remaining !== undefined || resetRaw !== null) {
      return { remaining, resetAt: resetRaw === null ? undefined : parseResetValue(resetRaw, now) };
    }
  }
  const structured = headers.get('ratelimit');
  return structured === null ? {} : parseStructuredRateLimit(structured, now);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Stack Exchange's `backoff` field (seconds), present on any response when the method is being hammered. */
function stackExchangeBackoff(body: unknown): number | undefined {
  return isRecord(body) && typeof body.backoff === 'number' && body.backoff > 0 ? body.backoff : undefined;
}

/** Stack Exchange `throttle_violation` (error_id 502): wait seconds from "more requests available in N seconds". */
function stackExchangeThrottle(body: unknown): { waitMs?: number } | undefined {
  if (!isRecord(body) || (body.error_id !== 502 && body.error_name !== 'throttle_violation'))
    return undefined;
  const seconds = /available in (\d+) seconds?/i.exec(
    typeof body.error_message === 'string' ? body.error_message : '',
  )?.[1];
  return { waitMs: seconds === undefined ? undefined : Number(seconds) * 1000 };
}

/** Google API error reasons (`error.errors[].reason`), e.g. quotaExceeded. */
function googleReasons(body: unknown): string[] {
  if (!isRecord(body) || !isRecord(body.error) || !Array.isArray(body.error.errors)) return [];
  return body.error.errors.flatMap((e) => (isRecord(e) && typeof e.reason === 'string' ? [e.reason] : []));
}

/** A short, secret-free description of an API error body for logs: the fields each API puts its message in. */
export function errorSummary(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, 200) || undefined;
  if (!isRecord(body)) return undefined;
  const parts: string[] = [];
  const add = (v: unknown): void => {
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') parts.push(String(v));
  };
  // Stack Exchange
  add(body.error_name);
  add(body.error_message);
  // Google: { error: { code, message, errors: [{ reason }] } }; Bluesky/Mastodon/Reddit: { error, message }
  if (isRecord(body.error)) {
    add(body.error.message);
    parts.push(...googleReasons(body));
  } else {
    add(body.error);
  }
  add(body.message);
  // X: problem+json { title, detail } or { errors: [{ message }] }
  add(body.title);
  add(body.detail);
  if (Array.isArray(body.errors)) body.errors.forEach((e) => isRecord(e) && add(e.message));
  return parts.length > 0 ? [...new Set(parts)].join(': ').slice(0, 300) : undefined;
}

/** What to do with one HTTP response; `attempt` counts retries already made (0 on the first response). */
export function decideResponse(
  response: ResponseSignals,
  attempt: number,
  now: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): Decision {
  const { status, headers, body } = response;
  const limits = readRateLimitHeaders(headers, now);
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), now);
  const seBackoff = stackExchangeBackoff(body);
  const seBackoffUntil = seBackoff === undefined ? undefined : now + seBackoff * 1000;
  const summary = errorSummary(body);
  const describe = (what: string): string => (summary ? `${what}: ${summary}` : what);

  const rateLimited = (waitMs: number | undefined, what: string): Decision => {
    const wait = Math.max(0, waitMs ?? backoffDelay(attempt, policy, random));
    if (attempt >= policy.maxRetries || wait > policy.maxWaitMs) {
      return { action: 'fail', kind: 'rate_limited', reason: describe(what), cooldownUntil: now + wait };
    }
    return { action: 'retry', waitMs: wait, kind: 'rate_limited', reason: describe(what), rateLimited: true };
  };
  const resetWait = limits.resetAt !== undefined ? Math.max(0, limits.resetAt - now) : undefined;

  if (status >= 200 && status < 400) {
    const exhausted =
      limits.remaining !== undefined &&
      limits.remaining <= 0 &&
      limits.resetAt !== undefined &&
      limits.resetAt > now
        ? limits.resetAt
        : undefined;
    const cooldownUntil = Math.max(exhausted ?? 0, seBackoffUntil ?? 0);
    if (cooldownUntil > now) {
      return {
        action: 'accept',
        cooldownUntil,
        reason:
          seBackoffUntil !== undefined
            ? `backoff ${seBackoff}s requested`
            : 'rate limit exhausted until reset',
      };
    }
    return { action: 'accept' };
  }

  const seThrottle = stackExchangeThrottle(body);
  if (seThrottle)
    return rateLimited(retryAfterMs ?? seThrottle.waitMs ?? seBackoff, `throttled (HTTP ${status})`);

  const reasons = googleReasons(body);
  if (reasons.some((r) => r === 'quotaExceeded' || r === 'dailyLimitExceeded')) {
    // The daily quota resets at midnight Pacific time: no request to this method goes through before then.
    return {
      action: 'fail',
      kind: 'quota',
      reason: describe(`daily quota exhausted (HTTP ${status})`),
      cooldownUntil: nextMidnightIn('America/Los_Angeles', now),
    };
  }
  if (status === 429 || reasons.some((r) => r === 'rateLimitExceeded' || r === 'userRateLimitExceeded')) {
    return rateLimited(retryAfterMs ?? resetWait, `rate limited (HTTP ${status})`);
  }

  if (status >= 500 || status === 408) {
    if (attempt >= policy.maxRetries) {
      return {
        action: 'fail',
        kind: 'server_error',
        reason: describe(`HTTP ${status} after ${attempt + 1} attempts`),
      };
    }
    const wait = retryAfterMs !== undefined && retryAfterMs <= policy.maxWaitMs ? retryAfterMs : undefined;
    return {
      action: 'retry',
      waitMs: wait ?? backoffDelay(attempt, policy, random),
      kind: 'server_error',
      reason: describe(`HTTP ${status}`),
      rateLimited: false,
    };
  }
  if (status === 401 || status === 403) {
    return {
      action: 'fail',
      kind: 'auth',
      reason: describe(`HTTP ${status}: credentials missing, wrong or expired`),
    };
  }
  return {
    action: 'fail',
    kind: 'client_error',
    reason: describe(`HTTP ${status}`),
    cooldownUntil: seBackoffUntil,
  };
}

/** What to do after a request that got no response: a timeout or a network error. */
export function decideError(
  kind: 'timeout' | 'network',
  message: string,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): Decision {
  if (attempt >= policy.maxRetries) {
    return { action: 'fail', kind, reason: `${message} after ${attempt + 1} attempts` };
  }
  return {
    action: 'retry',
    waitMs: backoffDelay(attempt, policy, random),
    kind,
    reason: message,
    rateLimited: false,
  };
}

/** Milliseconds by which the wall clock of `timeZone` is ahead of UTC at `at`. */
function zoneOffset(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

/** The next midnight of `timeZone`'s wall clock after `now` (ms since epoch), daylight saving time included. */
export function nextMidnightIn(timeZone: string, now: number): number {
  const wallNow = new Date(now + zoneOffset(timeZone, now));
  const wallMidnight = Date.UTC(wallNow.getUTCFullYear(), wallNow.getUTCMonth(), wallNow.getUTCDate() + 1);
  // The offset at midnight may differ from now's (a DST change in between): settle it at the target itself.
  let at = wallMidnight - zoneOffset(timeZone, now);
  at = wallMidnight - zoneOffset(timeZone, at);
  return at;
}

/** A cooldown the rate-limit model put on one limiter (one API method) of a source. */
export interface Cooldown {
  source: string;
  /** ms since epoch before which no request to that limiter starts. */
  until: number;
}

/**
 * Until when a source is held back by its API: the latest cooldown of any of its limiters that has not ended by
 * `now`, or undefined when none is pending. This is the earliest time its next poll can reach every method it needs.
 */
export function sourceCooldownUntil(
  cooldowns: Iterable<Cooldown>,
  source: string,
  now: number,
): number | undefined {
  let latest: number | undefined;
  for (const c of cooldowns) {
    if (c.source === source && c.until > now && (latest === undefined || c.until > latest)) latest = c.until;
  }
  return latest;
}
