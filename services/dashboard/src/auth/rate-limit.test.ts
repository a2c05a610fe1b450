import { FailureLimiter } from './rate-limit';

it('refuses after max failures within the window, until the oldest leaves it', () => {
  const l = new FailureLimiter(3, 1000);
  for (const t of [0, 100, 200]) {
    expect(l.retryAfterMs('k', t)).toBe(0);
    l.fail('k', t);
  }
  expect(l.retryAfterMs('k', 300)).toBe(700);
  expect(l.retryAfterMs('other', 300)).toBe(0);
  expect(l.retryAfterMs('k', 1000)).toBe(0); // the first failure left the window
});

it('forgets a key on reset (a successful login)', () => {
  const l = new FailureLimiter(1, 1000);
  l.fail('k', 0);
  expect(l.retryAfterMs('k', 1)).toBeGreaterThan(0);
  l.reset('k');
  expect(l.retryAfterMs('k', 1)).toBe(0);
});
