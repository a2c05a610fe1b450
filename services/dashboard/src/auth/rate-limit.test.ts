import {
  isOpen,
  limitKeys,
  LOGIN_LIMITS,
  openWindow,
  retryAfterMs,
  retryAfterSeconds,
  type FailureWindow,
} from './rate-limit';

const policy = { max: 3, windowMs: 1000 };

it('refuses after max failures within the window, until the window ends', () => {
  const w: FailureWindow = { ...openWindow(0, policy), count: 3 };
  expect(retryAfterMs({ ...w, count: 2 }, 300, policy)).toBe(0);
  expect(retryAfterMs(w, 300, policy)).toBe(700);
  expect(retryAfterMs(w, 999, policy)).toBe(1);
  expect(retryAfterMs(w, 1000, policy)).toBe(0); // the window ended
  expect(retryAfterMs(null, 300, policy)).toBe(0);
});

it('counts a failure in an open window and opens a new one after it ended', () => {
  const w = openWindow(100, policy);
  expect(w).toEqual({ start: 100, count: 1, until: 1100 });
  expect(isOpen(w, 1099)).toBe(true);
  expect(isOpen(w, 1100)).toBe(false);
  expect(isOpen(null, 0)).toBe(false);
});

it('keys by normalised email and by address', () => {
  expect(limitKeys('  Ann@Example.COM ', '10.0.0.1')).toEqual({
    account: 'account:ann@example.com',
    ip: 'ip:10.0.0.1',
  });
});

it('keeps the limits: 5 per account and 30 per address in 15 minutes', () => {
  expect(LOGIN_LIMITS).toEqual({
    account: { max: 5, windowMs: 900_000 },
    ip: { max: 30, windowMs: 900_000 },
  });
});

it('rounds Retry-After up to whole seconds, never 0', () => {
  expect(retryAfterSeconds(1)).toBe(1);
  expect(retryAfterSeconds(1000)).toBe(1);
  expect(retryAfterSeconds(1001)).toBe(2);
});
