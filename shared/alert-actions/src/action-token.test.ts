import { createHmac } from 'node:crypto';
import { signActionToken, verifyActionToken } from './action-token';
import type { EmailAction } from './action-token';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const NOW = new Date('2026-12-06T10:00:00Z');
const ack: EmailAction = {
  kind: 'ack',
  alertId: 'acme:negative_share:2026-12-06T09:45:00.000Z',
  brand: 'acme',
  recipient: 'pm@example.com',
  expiresAt: NOW.getTime() + 3_600_000,
};

it('verifies what it signed, and the token is URL-safe', () => {
  const token = signActionToken(ack, SECRET);
  expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  expect(verifyActionToken(token, SECRET, NOW)).toEqual({ ok: true, action: ack });
});

it('refuses a token signed with another secret', () => {
  const token = signActionToken(ack, `${SECRET}-other`);
  expect(verifyActionToken(token, SECRET, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
});

it('refuses a payload changed after signing (a mute of another brand, a longer mute)', () => {
  const token = signActionToken({ ...ack, kind: 'mute', hours: 8 }, SECRET);
  const [version, , signature] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ ...ack, kind: 'mute', hours: 720, brand: 'other' })).toString(
    'base64url',
  );
  expect(verifyActionToken(`${version}.${forged}.${signature}`, SECRET, NOW)).toEqual({
    ok: false,
    reason: 'bad_signature',
  });
});

it('refuses an expired token, even one second late', () => {
  const token = signActionToken(ack, SECRET);
  expect(verifyActionToken(token, SECRET, new Date(ack.expiresAt))).toEqual({ ok: false, reason: 'expired' });
});

it.each(['', 'v1', 'v1..', 'v2.abc.def', 'v1.abc', 'v1.a.b.c', 'garbage'])('calls %j malformed', (token) => {
  expect(verifyActionToken(token, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
});

it('calls a correctly signed but invalid payload malformed', () => {
  // Signed with the right secret by hand, so only the payload check can refuse it.
  const payload = Buffer.from(JSON.stringify({ kind: 'delete-everything' })).toString('base64url');
  const mac = createHmac('sha256', SECRET).update(`v1.${payload}`).digest('base64url');
  expect(verifyActionToken(`v1.${payload}.${mac}`, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
});

it('will not sign or verify with a short secret', () => {
  expect(() => signActionToken(ack, 'short')).toThrow('at least 32 characters');
  expect(() => verifyActionToken('v1.a.b', 'short', NOW)).toThrow('at least 32 characters');
});
