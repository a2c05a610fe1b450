import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Alert } from '@crumbtrail/contracts';

export const SIGNATURE_HEADER = 'X-Crumbtrail-Signature';
export const TIMESTAMP_HEADER = 'X-Crumbtrail-Timestamp';
export const DELIVERY_HEADER = 'X-Crumbtrail-Delivery';

/** The JSON body of a generic webhook: the alerts.v1 event as published, plus a link to it on the dashboard. */
export interface WebhookBody {
  deliveryId: string;
  event: Alert;
  link: string | null;
}

export function webhookBody(alert: Alert, deliveryId: string, link: string | undefined): string {
  const body: WebhookBody = { deliveryId, event: alert, link: link ?? null };
  return JSON.stringify(body);
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`: the timestamp is signed, so it cannot be replaced. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function signedWebhookHeaders(secret: string, body: string, deliveryId: string, now: Date) {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'Content-Type': 'application/json',
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body),
    [DELIVERY_HEADER]: deliveryId,
  };
}

/**
 * What a receiver does (the README has the same as a snippet): recompute the HMAC over the raw body, compare in
 * constant time, and refuse timestamps older than the tolerance (a replayed request).
 */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
  now: Date,
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || !headers.signature) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, rawBody));
  const given = Buffer.from(headers.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
