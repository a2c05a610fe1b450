import type { FastifyInstance, FastifyReply } from 'fastify';
import { verifyActionToken, type EmailAction } from '@crumbtrail/alert-actions';
import type { Deps } from '../deps';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small server-rendered page: no script, no inline style (the CSP forbids both). */
function page(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
        `<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} · Crumbtrail</title></head>` +
        `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
    );
}

function describe(a: EmailAction): string {
  return a.kind === 'ack'
    ? `Acknowledge the alert of brand ${a.brand}`
    : `Mute the alerts of brand ${a.brand} for ${a.hours} hours`;
}

const REASONS = {
  malformed: 'This link is not a Crumbtrail action link (it may have been cut off).',
  bad_signature: 'This link is not valid.',
  expired: 'This link has expired. Open the dashboard to act on the alert.',
} as const;

/**
 * The action links of alert emails (see DASHBOARD-CONTRACT.md). GET only shows what the link would do, with a
 * button: mail scanners fetch links, so nothing changes on GET. POST (same path) does it. The signed token is the
 * authorisation; it acts as `email:<recipient>` and is audited like any other change.
 */
export function registerEmailActionRoutes(app: FastifyInstance, deps: Deps): void {
  /** The action of a usable link, or the page saying why the link does nothing (GET and POST alike). */
  const verify = (
    token: string,
  ): { ok: true; action: EmailAction } | { ok: false; status: number; title: string; body: string } => {
    if (!deps.actionTokenSecret) {
      return {
        ok: false,
        status: 404,
        title: 'Not available',
        body: '<p>Email actions are not enabled on this dashboard.</p>',
      };
    }
    const v = verifyActionToken(token, deps.actionTokenSecret, deps.clock());
    if (!v.ok) {
      return {
        ok: false,
        status: v.reason === 'expired' ? 410 : 400,
        title: 'Link not usable',
        body: `<p>${REASONS[v.reason]}</p>`,
      };
    }
    return v;
  };

  app.get<{ Params: { token: string } }>(
    '/email-actions/:token',
    { config: { access: 'public' } },
    async (req, reply) => {
      const v = verify(req.params.token);
      if (!v.ok) return page(reply, v.status, v.title, v.body);
      const a = v.action;
      return page(
        reply,
        200,
        describe(a),
        `<p>${escapeHtml(describe(a))}, as ${escapeHtml(a.recipient)}?</p>` +
          `<form method="post" action="/email-actions/${escapeHtml(req.params.token)}">` +
          `<button type="submit">${a.kind === 'ack' ? 'Acknowledge' : `Mute for ${a.hours} hours`}</button></form>`,
      );
    },
  );

  app.post<{ Params: { token: string } }>(
    '/email-actions/:token',
    { config: { access: 'public' } },
    async (req, reply) => {
      const v = verify(req.params.token);
      if (!v.ok) return page(reply, v.status, v.title, v.body);
      const a = v.action;
      const now = deps.clock();
      const actor = `email:${a.recipient}`;
      const alert = await deps.reads.alert(a.alertId);
      if (!alert || alert.brand !== a.brand || !deps.brands.has(a.brand)) {
        return page(reply, 404, 'Alert not found', '<p>The alert of this link does not exist any more.</p>');
      }
      if (a.kind === 'ack') {
        const { acknowledgement, created } = await deps.acks.acknowledge(
          { alertId: a.alertId, brand: a.brand, by: actor },
          now,
        );
        if (created) {
          await deps.audit.record({
            at: now,
            actor,
            action: 'alert.acknowledge',
            brand: a.brand,
            target: a.alertId,
            before: null,
            after: { by: actor },
          });
        }
        const text = created
          ? 'Acknowledged. Thank you.'
          : `Already acknowledged by ${acknowledgement.by} at ${acknowledgement.at.toISOString()}.`;
        return page(reply, 200, 'Alert acknowledged', `<p>${escapeHtml(text)}</p>`);
      }
      const until = new Date(now.getTime() + a.hours * 3_600_000);
      const before = await deps.mutes.activeMute(a.brand, now);
      await deps.mutes.mute({ brand: a.brand, until, by: actor }, now);
      await deps.audit.record({
        at: now,
        actor,
        action: 'brand.mute',
        brand: a.brand,
        target: a.brand,
        before: before ? { until: before.until, by: before.by } : null,
        after: { until, by: actor },
      });
      return page(
        reply,
        200,
        'Brand muted',
        `<p>${escapeHtml(`No alert emails for ${a.brand} until ${until.toISOString()}.`)}</p>`,
      );
    },
  );
}
