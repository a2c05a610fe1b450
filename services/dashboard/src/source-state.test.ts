import type { SourceStatusDoc } from '@crumbtrail/storage';
import { sourceState } from './source-state';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const ok: SourceStatusDoc = {
  _id: 'acme:reddit',
  brand: 'acme',
  source: 'reddit',
  lastSuccessAt: new Date(NOW - 60_000),
  consecutiveFailures: 0,
  updatedAt: new Date(NOW),
};

it('calls a recently successful source ok and an unknown one unknown', () => {
  expect(sourceState(ok, NOW)).toBe('ok');
  expect(sourceState(null, NOW)).toBe('unknown');
});

it('calls a source silent when it has not succeeded for two hours, or never', () => {
  expect(sourceState({ ...ok, lastSuccessAt: new Date(NOW - 3 * 3_600_000) }, NOW)).toBe('silent');
  const { lastSuccessAt: _, ...never } = ok;
  expect(sourceState(never, NOW)).toBe('silent');
});

it('calls a source failing after three failures in a row, and rate-limited while the limit lasts', () => {
  expect(sourceState({ ...ok, consecutiveFailures: 2 }, NOW)).toBe('ok');
  expect(sourceState({ ...ok, consecutiveFailures: 3 }, NOW)).toBe('failing');
  expect(sourceState({ ...ok, rateLimitedUntil: new Date(NOW + 1000) }, NOW)).toBe('rate_limited');
  expect(sourceState({ ...ok, rateLimitedUntil: new Date(NOW - 1000) }, NOW)).toBe('ok');
});
