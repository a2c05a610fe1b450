/**
 * Failed-login limits, as pure decisions over a stored window (auth/login-failures-repo.ts keeps the windows in
 * MongoDB, so every replica counts the same failures and a restart forgets none).
 *
 * A window opens with a key's first failure and lasts `windowMs`; failures inside it are counted. Once `max`
 * failures are in it, the key is refused until the window ends (then the next failure opens a new one). Keys are
 * `account:<email>` and `ip:<address>`, so guessing one account's password from many addresses and many
 * accounts' passwords from one address are both slowed.
 */
export interface LimitPolicy {
  max: number;
  windowMs: number;
}

/** 5 failures per account and 30 per address in 15 minutes. */
export const LOGIN_LIMITS: { account: LimitPolicy; ip: LimitPolicy } = {
  account: { max: 5, windowMs: 15 * 60_000 },
  ip: { max: 30, windowMs: 15 * 60_000 },
};

/** A key's failures: `count` since `start`, counted until `until` (start + windowMs). Epoch milliseconds. */
export interface FailureWindow {
  start: number;
  count: number;
  until: number;
}

/** The stored keys of a login attempt; the email is normalised as users are stored (trimmed, lower case). */
export function limitKeys(email: string, ip: string): { account: string; ip: string } {
  return { account: `account:${email.trim().toLowerCase()}`, ip: `ip:${ip}` };
}

/** Whether a failure at `now` counts in `w` (else it opens a new window). */
export function isOpen(w: FailureWindow | null, now: number): w is FailureWindow {
  return w !== null && now < w.until;
}

/** The window that a first failure at `now` opens. */
export function openWindow(now: number, p: LimitPolicy): FailureWindow {
  return { start: now, count: 1, until: now + p.windowMs };
}

/** Milliseconds until the key may try again, or 0 when it may now. */
export function retryAfterMs(w: FailureWindow | null, now: number, p: LimitPolicy): number {
  if (!isOpen(w, now) || w.count < p.max) return 0;
  return w.until - now;
}

/** The Retry-After of a refused attempt: whole seconds, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
