import type { SourceName } from '@crumbtrail/contracts';
import type { ApiErrorKind, Decision, RetryPolicy } from './rate-limit';
import { DEFAULT_RETRY_POLICY, decideError, decideResponse } from './rate-limit';

/** An API call that ended without a usable response, after the retries the rate-limit model allowed. */
export class ApiError extends Error {
  constructor(
    readonly source: SourceName,
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The shutdown signal fired while a request or a wait was in progress. */
export class AbortedError extends Error {
  constructor() {
    super('aborted by shutdown');
    this.name = 'AbortedError';
  }
}

export interface HttpRequest {
  source: SourceName;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** `json` (default): the body must parse as JSON on success, else a `malformed` ApiError. */
  expect?: 'json' | 'text';
  /**
   * Requests sharing a limiter share cooldowns (a 429's wait, an exhausted window, Stack Exchange `backoff`).
   * Default: the source name plus the URL's host and path, i.e. per API method, which is how most APIs count.
   */
  limiter?: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: unknown;
  url: string;
}

/** Observations for metrics and logs. */
export interface HttpObserver {
  onRateLimitWait(source: SourceName, waitMs: number, reason: string): void;
  onApiError(
    source: SourceName,
    kind: ApiErrorKind,
    detail: { url: string; status?: number; reason: string },
  ): void;
}

export interface HttpClientOptions {
  timeoutMs: number;
  userAgent: string;
  policy?: RetryPolicy;
  observer?: HttpObserver;
  /** Aborts waits and requests on shutdown. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

const SECRET_PARAMS = /([?&](?:key|api_key|access_token|token|client_secret|password)=)[^&#]*/gi;

/** A URL fit for logs: credentials in the query string replaced. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1***');
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function defaultLimiter(req: HttpRequest): string {
  const u = new URL(req.url);
  return `${req.source} ${u.host}${u.pathname}`;
}

// Duck-typed: fetch rejects with DOMExceptions and errors from other realms, which fail `instanceof Error`.
function transportErrorKind(err: unknown): 'timeout' | 'network' {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network';
}

function errorMessage(err: unknown): string {
  const e = err as { message?: unknown; cause?: { message?: unknown } } | null;
  if (typeof e?.message !== 'string') return String(err);
  return typeof e.cause?.message === 'string' ? `${e.message}: ${e.cause.message}` : e.message;
}

/**
 * fetch with a timeout, driven by the rate-limit model: waits out cooldowns before a request, retries what the model
 * says to retry after the wait it says, and turns everything else into an ApiError.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  const cooldowns = new Map<string, number>();

  const wait = async (source: SourceName, ms: number, reason: string): Promise<void> => {
    options.observer?.onRateLimitWait(source, ms, reason);
    await sleep(ms, options.signal);
  };

  const fail = (
    req: HttpRequest,
    d: Extract<Decision, { action: 'fail' }>,
    status?: number,
    body?: unknown,
  ): never => {
    const url = redactUrl(req.url);
    // malformed bodies are counted where they are skipped (the source's page reader), not twice
    if (d.kind !== 'malformed')
      options.observer?.onApiError(req.source, d.kind, { url, status, reason: d.reason });
    throw new ApiError(
      req.source,
      d.kind,
      `${req.source}: ${d.reason} (${req.method ?? 'GET'} ${url})`,
      status,
      body,
    );
  };

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const limiter = req.limiter ?? defaultLimiter(req);
    for (let attempt = 0; ; attempt += 1) {
      const until = cooldowns.get(limiter);
      if (until !== undefined) {
        const remaining = until - now();
        if (remaining > policy.maxWaitMs) {
          fail(req, {
            action: 'fail',
            kind: 'rate_limited',
            reason: `cooling down until ${new Date(until).toISOString()} after the API asked to slow down`,
          });
        }
        if (remaining > 0) await wait(req.source, remaining, 'cooldown');
        cooldowns.delete(limiter);
      }
      if (options.signal?.aborted) throw new AbortedError();

      let res: Response;
      let text: string;
      try {
        const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
        res = await doFetch(req.url, {
          method: req.method ?? 'GET',
          headers: { 'user-agent': options.userAgent, accept: 'application/json', ...req.headers },
          body: req.body,
          signal: AbortSignal.any(signals),
          redirect: 'follow',
        });
        text = await res.text();
      } catch (err) {
        if (options.signal?.aborted) throw new AbortedError();
        const kind = transportErrorKind(err);
        const decision = decideError(kind, errorMessage(err), attempt, policy, random);
        if (decision.action === 'fail') fail(req, decision);
        if (decision.action === 'retry') {
          options.observer?.onApiError(req.source, decision.kind, {
            url: redactUrl(req.url),
            reason: decision.reason,
          });
          await sleep(decision.waitMs, options.signal);
        }
        continue;
      }

      let body: unknown = text;
      let parseError: string | undefined;
      if ((req.expect ?? 'json') === 'json' && text.trim() !== '') {
        try {
          body = JSON.parse(text);
        } catch (err) {
          parseError = errorMessage(err);
        }
      }
      const decision = decideResponse(
        { status: res.status, headers: res.headers, body },
        attempt,
        now(),
        policy,
        random,
      );
      if ('cooldownUntil' in decision && decision.cooldownUntil !== undefined) {
        cooldowns.set(limiter, decision.cooldownUntil);
      }
      switch (decision.action) {
        case 'accept':
          if (parseError !== undefined) {
            fail(
              req,
              { action: 'fail', kind: 'malformed', reason: `response body is not JSON (${parseError})` },
              res.status,
            );
          }
          return { status: res.status, headers: res.headers, body, url: req.url };
        case 'retry':
          options.observer?.onApiError(req.source, decision.kind, {
            url: redactUrl(req.url),
            status: res.status,
            reason: decision.reason,
          });
          if (decision.rateLimited) await wait(req.source, decision.waitMs, decision.reason);
          else await sleep(decision.waitMs, options.signal);
          break;
        case 'fail':
          fail(req, decision, res.status, body);
      }
    }
  }

  return { request };
}
