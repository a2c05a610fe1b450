import type { SourceName } from '@crumbtrail/contracts';
import type { ApiErrorKind, Cooldown, Decision, RetryPolicy } from './rate-limit';
import { DEFAULT_RETRY_POLICY, decideError, decideResponse, sourceCooldownUntil } from './rate-limit';
import { decodeBody } from './decode';

/** An API call that ended without a usable response, after the retries the rate-limit model allowed. */
export class ApiError extends Error {
  constructor(
    readonly source: SourceName,
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    readonly body?: unknown,
    /** The request's URL (credentials redacted) and why it failed, for logs and health details. */
    readonly detail?: { url: string; reason: string },
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
  /**
   * `json` (default): the body must parse as JSON on success, else a `malformed` ApiError. `xml`: text, decoded
   * with the encoding of a byte-order mark, the Content-Type charset or the XML declaration. `text`: text.
   */
  expect?: 'json' | 'text' | 'xml';
  /**
   * Requests sharing a limiter share cooldowns (a 429's wait, an exhausted window, Stack Exchange `backoff`).
   * Default: the source name plus the URL's host and path, i.e. per API method, which is how most APIs count.
   */
  limiter?: string;
}

/** One redirect a GET followed. */
export interface Redirect {
  status: number;
  from: string;
  to: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: unknown;
  /** The URL that answered (after redirects). */
  url: string;
  /** Redirects followed on the way, in order (301/308 mean the resource moved for good). */
  redirects: Redirect[];
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
  /**
   * Until when (ms since epoch) the source's API holds its next requests back (a 429's Retry-After or reset, an
   * exhausted window, a Stack Exchange `backoff`, a used-up daily quota), or undefined when no cooldown of that
   * source is pending.
   */
  cooldownUntil(source: SourceName): number | undefined;
}

const SECRET_PARAMS =
  /([?&](?:key|api_key|apikey|api-key|access_token|token|auth|client_secret|secret|password|sig|signature)=)[^&#]*/gi;
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i;

/** A URL fit for logs and health details: credentials in the query string and in user:password@ replaced. */
export function redactUrl(url: string): string {
  return url.replace(USERINFO, '$1***@').replace(SECRET_PARAMS, '$1***');
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

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that carry credentials: never sent on to another origin (as fetch itself does when it follows). */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

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
  const cooldowns = new Map<string, Cooldown>();

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
      { url, reason: d.reason },
    );
  };

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const limiter = req.limiter ?? defaultLimiter(req);
    for (let attempt = 0; ; attempt += 1) {
      const until = cooldowns.get(limiter)?.until;
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
      let url = req.url;
      const redirects: Redirect[] = [];
      try {
        const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
        const signal = AbortSignal.any(signals);
        let headers: Record<string, string> = {
          'user-agent': options.userAgent,
          accept: 'application/json',
          ...req.headers,
        };
        const method = req.method ?? 'GET';
        // GETs follow redirects here, so that a permanent move (301/308) can be reported for the operator to
        // update the configured URL; other methods let fetch follow them.
        for (;;) {
          res = await doFetch(url, {
            method,
            headers,
            body: req.body,
            signal,
            redirect: method === 'GET' ? 'manual' : 'follow',
          });
          const location = res.headers.get('location');
          if (method !== 'GET' || !REDIRECT_STATUSES.has(res.status) || !location) break;
          if (redirects.length >= MAX_REDIRECTS) break;
          await res.body?.cancel();
          const to = new URL(location, url).toString();
          if (new URL(to).origin !== new URL(url).origin) {
            headers = Object.fromEntries(
              Object.entries(headers).filter(([h]) => !CREDENTIAL_HEADERS.includes(h.toLowerCase())),
            );
          }
          redirects.push({ status: res.status, from: url, to });
          url = to;
        }
        const bytes = new Uint8Array(await res.arrayBuffer());
        text = decodeBody(bytes, res.headers.get('content-type'), { xml: req.expect === 'xml' }).text;
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
        cooldowns.set(limiter, { source: req.source, until: decision.cooldownUntil });
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
          return { status: res.status, headers: res.headers, body, url, redirects };
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

  return {
    request,
    cooldownUntil: (source) => sourceCooldownUntil(cooldowns.values(), source, now()),
  };
}
