import { backoffDelayMs } from '@crumbtrail/runtime';

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest Retry-After honoured; a longer one ends the attempts (dead letter). */
  maxRetryAfterMs: number;
  timeoutMs: number;
}

export type DeliveryResult =
  | { ok: true; status: number; attempts: number }
  | { ok: false; permanent: boolean; status?: number; error: string; attempts: number };

export interface DeliveryIo {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  random?: () => number;
}

/** Retry-After as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** 429 and 5xx may work later; every other 4xx will not (a wrong URL, a revoked webhook, a refused payload). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * POSTs `build()` (rebuilt per attempt, so a signature carries a fresh timestamp) until a 2xx, a non-retryable 4xx or
 * the last attempt. Network errors and timeouts count as retryable: receivers dedupe on the delivery id header.
 */
export async function postWithRetry(
  build: () => HttpRequest,
  policy: DeliveryPolicy,
  io: DeliveryIo,
  onRetry?: (attempt: number, reason: string, delayMs: number) => void,
): Promise<DeliveryResult> {
  let last: { status?: number; error: string } = { error: 'not attempted' };
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt += 1) {
    const request = build();
    let delay: number | undefined;
    try {
      const response = await io.fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        redirect: 'error',
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      const detail = (await response.text().catch(() => '')).slice(0, 200);
      if (response.ok) return { ok: true, status: response.status, attempts: attempt };
      last = { status: response.status, error: `HTTP ${response.status}${detail ? `: ${detail}` : ''}` };
      if (!isRetryableStatus(response.status)) {
        return { ok: false, permanent: true, status: response.status, error: last.error, attempts: attempt };
      }
      delay = retryAfterMs(response.headers.get('retry-after'), io.now());
      if (delay !== undefined && delay > policy.maxRetryAfterMs) {
        return {
          ok: false,
          permanent: false,
          status: response.status,
          error: `${last.error} (Retry-After ${Math.round(delay / 1000)} s is longer than the ${Math.round(policy.maxRetryAfterMs / 1000)} s allowed)`,
          attempts: attempt,
        };
      }
    } catch (err) {
      last = {
        error:
          (err as Error).name === 'TimeoutError'
            ? `timeout after ${policy.timeoutMs} ms`
            : String((err as Error).message ?? err),
      };
    }
    if (attempt === policy.maxAttempts) break;
    const wait =
      delay ?? backoffDelayMs(attempt, { ...policy, maxRetries: policy.maxAttempts - 1 }, io.random);
    onRetry?.(attempt, last.error, wait);
    await io.sleep(wait);
  }
  return {
    ok: false,
    permanent: false,
    ...(last.status !== undefined && { status: last.status }),
    error: `${last.error} (after ${policy.maxAttempts} attempts)`,
    attempts: policy.maxAttempts,
  };
}
