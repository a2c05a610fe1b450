import type { RetryPolicy } from './rate-limit';
import {
  backoffDelay,
  decideError,
  decideResponse,
  errorSummary,
  parseResetValue,
  parseRetryAfter,
  nextMidnightIn,
  readRateLimitHeaders,
  sourceCooldownUntil,
} from './rate-limit';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, maxWaitMs: 60_000 };
const headers = (h: Record<string, string> = {}): Headers => new Headers(h);
const decide = (status: number, h: Record<string, string> = {}, body?: unknown, attempt = 0) =>
  decideResponse({ status, headers: headers(h), body }, attempt, NOW, policy, () => 0.5);

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('1', NOW)).toBe(1000);
    expect(parseRetryAfter('2.5', NOW)).toBe(2500);
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Jun 2025 11:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});

describe('parseResetValue', () => {
  it('tells delta seconds, epoch seconds, epoch milliseconds and dates apart', () => {
    expect(parseResetValue('412', NOW)).toBe(NOW + 412_000); // Reddit
    expect(parseResetValue(String(NOW / 1000 + 60), NOW)).toBe(NOW + 60_000); // X, Bluesky
    expect(parseResetValue(String(NOW + 5000), NOW)).toBe(NOW + 5000);
    expect(parseResetValue('2025-06-01T12:05:00.000Z', NOW)).toBe(NOW + 300_000); // Mastodon
    expect(parseResetValue('whenever', NOW)).toBeUndefined();
  });
});

describe('readRateLimitHeaders', () => {
  it.each([
    [
      'Reddit',
      { 'x-ratelimit-remaining': '0.0', 'x-ratelimit-used': '100', 'x-ratelimit-reset': '30' },
      0,
      NOW + 30_000,
    ],
    [
      'Mastodon',
      { 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': '2025-06-01T12:01:00Z' },
      12,
      NOW + 60_000,
    ],
    ['X', { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(NOW / 1000 + 90) }, 0, NOW + 90_000],
    ['Bluesky', { 'ratelimit-remaining': '3', 'ratelimit-reset': String(NOW / 1000 + 10) }, 3, NOW + 10_000],
    ['IETF structured', { ratelimit: 'limit=100, remaining=0, reset=50' }, 0, NOW + 50_000],
    ['IETF structured (sf)', { ratelimit: '"default";r=7;t=20' }, 7, NOW + 20_000],
  ])('%s', (_name, h, remaining, resetAt) => {
    expect(readRateLimitHeaders(headers(h), NOW)).toEqual({ remaining, resetAt });
  });

  it('returns nothing when there are no such headers', () => {
    expect(readRateLimitHeaders(headers({ 'content-type': 'application/json' }), NOW)).toEqual({});
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt, is capped, and keeps half of each step fixed', () => {
    expect(backoffDelay(0, policy, () => 0)).toBe(50);
    expect(backoffDelay(0, policy, () => 1)).toBe(100);
    expect(backoffDelay(2, policy, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, () => 1)).toBe(1000);
    expect(backoffDelay(10, policy, () => 0)).toBe(500);
  });
});

describe('decideResponse', () => {
  it('accepts a success', () => {
    expect(decide(200)).toEqual({ action: 'accept' });
    expect(decide(304)).toEqual({ action: 'accept' });
  });

  it('accepts a success but cools down when the window is exhausted', () => {
    expect(decide(200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '20' })).toMatchObject({
      action: 'accept',
      cooldownUntil: NOW + 20_000,
    });
    expect(decide(200, { 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': '20' })).toEqual({
      action: 'accept',
    });
  });

  it("honours Stack Exchange's backoff on a success", () => {
    expect(decide(200, {}, { items: [], has_more: false, backoff: 10 })).toMatchObject({
      action: 'accept',
      cooldownUntil: NOW + 10_000,
    });
  });

  it('waits Retry-After on a 429, else the reset time, else backoff', () => {
    expect(decide(429, { 'retry-after': '1' })).toMatchObject({
      action: 'retry',
      waitMs: 1000,
      kind: 'rate_limited',
    });
    expect(
      decide(429, { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(NOW / 1000 + 3) }),
    ).toMatchObject({ action: 'retry', waitMs: 3000 });
    expect(decide(429, {}, undefined, 1)).toMatchObject({ action: 'retry', waitMs: 150 });
  });

  it('gives up on a wait longer than the poll should sit through, and cools down', () => {
    expect(decide(429, { 'retry-after': '3600' })).toEqual({
      action: 'fail',
      kind: 'rate_limited',
      reason: 'rate limited (HTTP 429)',
      cooldownUntil: NOW + 3_600_000,
    });
  });

  it('gives up after the last retry', () => {
    expect(decide(429, { 'retry-after': '1' }, undefined, 3)).toMatchObject({
      action: 'fail',
      kind: 'rate_limited',
    });
    expect(decide(503, {}, undefined, 3)).toMatchObject({ action: 'fail', kind: 'server_error' });
  });

  it('retries 5xx with backoff (or Retry-After on 503)', () => {
    expect(decide(500, {}, '<html>oops</html>')).toMatchObject({
      action: 'retry',
      waitMs: 75,
      kind: 'server_error',
    });
    expect(decide(503, { 'retry-after': '2' })).toMatchObject({ action: 'retry', waitMs: 2000 });
    expect(decide(502, {}, undefined, 2)).toMatchObject({ action: 'retry', waitMs: 300 });
  });

  it('reads the Stack Exchange throttle_violation error body', () => {
    const body = {
      error_id: 502,
      error_message: 'too many requests from this IP, more requests available in 7 seconds',
      error_name: 'throttle_violation',
    };
    expect(decide(400, {}, body)).toMatchObject({ action: 'retry', waitMs: 7000, kind: 'rate_limited' });
  });

  it('reads Google error reasons: rate limit retries, quota gives up', () => {
    const googleError = (reason: string) => ({
      error: { code: 403, message: 'nope', errors: [{ domain: 'youtube.quota', reason, message: 'nope' }] },
    });
    // NOW is 2025-06-01T12:00Z, 05:00 in Los Angeles (PDT): the quota resets at the next midnight there.
    expect(decide(403, {}, googleError('quotaExceeded'))).toMatchObject({
      action: 'fail',
      kind: 'quota',
      cooldownUntil: Date.parse('2025-06-02T07:00:00Z'),
    });
    expect(decide(403, {}, googleError('rateLimitExceeded'))).toMatchObject({
      action: 'retry',
      kind: 'rate_limited',
    });
    expect(decide(403, {}, googleError('forbidden'))).toMatchObject({ action: 'fail', kind: 'auth' });
  });

  it('fails on auth and other client errors with the API message', () => {
    expect(decide(401, {}, { error: 'invalid_grant', message: 'Unauthorized' })).toEqual({
      action: 'fail',
      kind: 'auth',
      reason: 'HTTP 401: credentials missing, wrong or expired: invalid_grant: Unauthorized',
    });
    expect(decide(400, {}, { title: 'Invalid Request', detail: 'bad query' })).toMatchObject({
      action: 'fail',
      kind: 'client_error',
      reason: 'HTTP 400: Invalid Request: bad query',
    });
  });
});

describe('decideError', () => {
  it('retries timeouts and network errors with backoff, then gives up', () => {
    expect(decideError('timeout', 'timed out', 0, policy, () => 1)).toMatchObject({
      action: 'retry',
      waitMs: 100,
    });
    expect(decideError('network', 'ECONNRESET', 3, policy)).toMatchObject({
      action: 'fail',
      kind: 'network',
    });
  });
});

describe('errorSummary', () => {
  it('picks the message fields of each API', () => {
    expect(errorSummary({ error: 'ExpiredToken', message: 'Token has expired' })).toBe(
      'ExpiredToken: Token has expired',
    );
    expect(errorSummary({ errors: [{ message: 'Invalid query' }], title: 'Invalid Request' })).toBe(
      'Invalid Request: Invalid query',
    );
    expect(errorSummary({ error: 'Record not found' })).toBe('Record not found');
    expect(errorSummary({ data: [] })).toBeUndefined();
  });
});

describe('sourceCooldownUntil', () => {
  const cooldowns = [
    { source: 'reddit', until: NOW + 5_000 },
    { source: 'reddit', until: NOW + 60_000 },
    { source: 'reddit', until: NOW - 1 },
    { source: 'x', until: NOW + 900_000 },
  ];

  it("is the latest pending cooldown of the source's limiters", () => {
    expect(sourceCooldownUntil(cooldowns, 'reddit', NOW)).toBe(NOW + 60_000);
    expect(sourceCooldownUntil(cooldowns, 'x', NOW)).toBe(NOW + 900_000);
  });

  it('ignores cooldowns that have ended and other sources', () => {
    expect(sourceCooldownUntil(cooldowns, 'reddit', NOW + 60_000)).toBeUndefined();
    expect(sourceCooldownUntil(cooldowns, 'mastodon', NOW)).toBeUndefined();
    expect(sourceCooldownUntil([], 'reddit', NOW)).toBeUndefined();
  });
});

describe('the until-time of a rate-limited response', () => {
  it('comes from Retry-After, X reset epochs, or a drained window, whichever the API sent', () => {
    // A 429 whose wait is longer than a poll sits through ends the poll and holds the API back until then.
    expect(decide(429, { 'retry-after': '3600' })).toMatchObject({
      action: 'fail',
      cooldownUntil: NOW + 3_600_000,
    });
    const reset = String(Math.round((NOW + 900_000) / 1000));
    expect(decide(429, { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset })).toMatchObject({
      action: 'fail',
      cooldownUntil: NOW + 900_000,
    });
    // A successful response that used up the window: the next request waits for the reset.
    expect(decide(200, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30' })).toMatchObject({
      action: 'accept',
      cooldownUntil: NOW + 30_000,
    });
    // A short Retry-After is waited out within the poll: nothing is left pending.
    expect(decide(429, { 'retry-after': '2' })).toMatchObject({ action: 'retry', waitMs: 2000 });
  });
});

describe('nextMidnightIn', () => {
  const la = (iso: string) => new Date(nextMidnightIn('America/Los_Angeles', Date.parse(iso))).toISOString();

  it('is the next midnight of the zone, in winter and in summer time', () => {
    expect(la('2026-12-06T12:00:00Z')).toBe('2026-12-07T08:00:00.000Z');
    expect(la('2026-07-01T12:00:00Z')).toBe('2026-07-02T07:00:00.000Z');
    // 23:30 on 30 June in Los Angeles: half an hour to go.
    expect(la('2026-07-01T06:30:00Z')).toBe('2026-07-01T07:00:00.000Z');
    // Exactly midnight there: the next one.
    expect(la('2026-07-01T07:00:00Z')).toBe('2026-07-02T07:00:00.000Z');
  });

  it('settles a daylight saving change between now and midnight', () => {
    // 23:30 PST on 7 March 2026; clocks go forward at 02:00 on the 8th, after that midnight.
    expect(la('2026-03-08T07:30:00Z')).toBe('2026-03-08T08:00:00.000Z');
    // 05:00 PDT on 8 March: the next midnight is in summer time.
    expect(la('2026-03-08T12:00:00Z')).toBe('2026-03-09T07:00:00.000Z');
    // 22:00 PDT on 31 October; clocks go back on 1 November at 02:00.
    expect(la('2026-11-01T05:00:00Z')).toBe('2026-11-01T07:00:00.000Z');
    // 12:00 PST on 1 November: the next midnight is in winter time.
    expect(la('2026-11-01T20:00:00Z')).toBe('2026-11-02T08:00:00.000Z');
  });
});
