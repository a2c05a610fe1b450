import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Signed, expiring links in alert emails that act without a login ("acknowledge", "mute for 8 hours"). The notifier
 * signs them, the dashboard verifies them, both with the same secret (`ACTION_TOKEN_SECRET`). A token names the one
 * alert or brand it acts on and the recipient it was sent to (recorded as who acted), so a leaked link can do no
 * more than that recipient could from that email, and only until it expires.
 */
const ACTION = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ack'),
    alertId: z.string().min(1).max(200),
    brand: z.string().min(1).max(200),
    recipient: z.string().min(1).max(320),
    expiresAt: z.number().int().positive(),
  }),
  z.object({
    kind: z.literal('mute'),
    alertId: z.string().min(1).max(200),
    brand: z.string().min(1).max(200),
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    recipient: z.string().min(1).max(320),
    expiresAt: z.number().int().positive(),
  }),
]);
export type EmailAction = z.infer<typeof ACTION>;

export type VerifyResult =
  { ok: true; action: EmailAction } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

const VERSION = 'v1';
export const MIN_SECRET_LENGTH = 32;

function mac(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`${VERSION}.${payload}`).digest();
}

function checkSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the action token secret must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
}

/** `v1.<base64url payload>.<base64url HMAC-SHA256>`: URL-safe, so it can sit in a path segment. */
export function signActionToken(action: EmailAction, secret: string): string {
  checkSecret(secret);
  const payload = Buffer.from(JSON.stringify(ACTION.parse(action)), 'utf8').toString('base64url');
  return `${VERSION}.${payload}.${mac(payload, secret).toString('base64url')}`;
}

export function verifyActionToken(token: string, secret: string, now: Date): VerifyResult {
  checkSecret(secret);
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !parts[1] || !parts[2])
    return { ok: false, reason: 'malformed' };
  const [, payload, signature] = parts;
  const expected = mac(payload, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad_signature' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const action = ACTION.safeParse(parsed);
  if (!action.success) return { ok: false, reason: 'malformed' };
  if (action.data.expiresAt <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, action: action.data };
}
