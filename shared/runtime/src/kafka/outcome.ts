import type { DlqErrorKind } from '@crumbtrail/contracts';

/** What a handler decided for one message. Handlers return outcomes rather than throw. */
export type Outcome =
  | { status: 'ok' }
  | { status: 'drop'; reason: string }
  | { status: 'retry'; reason: string }
  | { status: 'dlq'; reason: string; errorKind?: DlqErrorKind };

export const ok = (): Outcome => ({ status: 'ok' });
export const drop = (reason: string): Outcome => ({ status: 'drop', reason });
export const retry = (reason: string): Outcome => ({ status: 'retry', reason });
export const dlq = (reason: string, errorKind?: DlqErrorKind): Outcome =>
  errorKind === undefined ? { status: 'dlq', reason } : { status: 'dlq', reason, errorKind };

export interface RetryPolicy {
  /** Retries after the first attempt; then the message goes to the DLQ as 'retries_exhausted'. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 5, baseDelayMs: 200, maxDelayMs: 10_000 };

/**
 * Delay before retry number `retry` (1-based): exponential (base * 2^(retry-1)) capped at maxDelayMs, with
 * "equal jitter" — half fixed, half random — so retries spread out yet still grow.
 */
export function backoffDelayMs(
  retryNumber: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, retryNumber - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 30));
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}
