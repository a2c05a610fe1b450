// A local webhook receiver for the demo: it plays a team's endpoint for the notifier's signed webhooks, checks
// each request's signature (the same check the README shows) and keeps what arrived.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DemoWebhookDelivery {
  brand: string;
  kind: string;
  state: string;
  alertId: string;
  link: string | null;
  signatureValid: boolean;
}

export interface DemoWebhookReceiver {
  url: string;
  secret: string;
  deliveries: DemoWebhookDelivery[];
  close(): Promise<void>;
}

function validSignature(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  body: string,
) {
  if (!timestamp || !signature || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startDemoWebhookReceiver(): Promise<DemoWebhookReceiver> {
  const secret = randomBytes(24).toString('hex');
  const deliveries: DemoWebhookDelivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const ok = validSignature(
        secret,
        req.headers['x-crumbtrail-timestamp'] as string | undefined,
        req.headers['x-crumbtrail-signature'] as string | undefined,
        body,
      );
      try {
        const parsed = JSON.parse(body) as {
          event: { brand: string; kind: string; state: string; alertId: string };
          link: string | null;
        };
        const { brand, kind, state, alertId } = parsed.event;
        deliveries.push({ brand, kind, state, alertId, link: parsed.link, signatureValid: ok });
      } catch {
        res.writeHead(400).end('not JSON');
        return;
      }
      res.writeHead(ok ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/crumbtrail`,
    secret,
    deliveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
