import type { FastifyInstance } from 'fastify';
import {
  BrandParams,
  InboxActionRequest,
  InboxActionResponse,
  InboxQuery,
  InboxResponse,
  type InboxItem,
} from '../api/schemas';
import type { Deps } from '../deps';
import { badRequest, notFound } from '../http/errors';
import { addRoute, type ApiRoute } from '../http/route';
import { canTriage } from '../permissions/brand';
import type { InboxItemRef } from '../readmodel/inbox-repo';
import { decodeCursor, encodeCursor } from '../readmodel/mention-index';
import { mentionView } from '../views';
import { readableBrand, requireAction } from './access';

const NEW_STATE = { handle: 'handled', dismiss: 'dismissed', reopen: 'open' } as const;

/** Inbox entries with their mentions (parallel `_id` reads); entries whose mention is gone are left out. */
async function withMentions(deps: Deps, refs: readonly InboxItemRef[]): Promise<InboxItem[]> {
  const ids = refs.map((r) => r.id);
  const [docs, feedback] = await Promise.all([deps.reads.mentionsById(ids), deps.feedback.getMany(ids)]);
  return refs.flatMap((r) => {
    const doc = docs.get(r.id);
    if (!doc) return [];
    return [
      {
        mention: mentionView(doc, null, feedback.get(r.id)),
        kind: r.k,
        state: r.state,
        ...(r.by !== undefined && { stateBy: r.by }),
        ...(r.at !== undefined && { stateAt: r.at.toISOString() }),
      },
    ];
  });
}

export function registerInboxRoutes(app: FastifyInstance, deps: Deps, registry: ApiRoute[]): void {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/brands/:brand/inbox',
      access: 'user',
      tag: 'inbox',
      summary: 'Complaints and questions: open ones oldest first, handled/dismissed newest first',
      params: BrandParams,
      query: InboxQuery,
      response: InboxResponse,
      async handler({ params, query, auth }) {
        readableBrand(deps, auth, params.brand);
        const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
        if (after === null) throw badRequest('cursor: pass nextCursor back unchanged');
        const now = deps.clock().getTime();
        const [page, open] = await Promise.all([
          deps.inbox.list(params.brand, query.state, query.kind, after, query.limit, now),
          deps.inbox.openCount(params.brand, now),
        ]);
        return {
          items: await withMentions(deps, page.items),
          nextCursor: page.next ? encodeCursor(page.next) : null,
          counts: { open },
        };
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/brands/:brand/inbox/actions',
      access: 'user',
      tag: 'inbox',
      summary: 'Mark items handled, dismiss them, or reopen them (one or many)',
      params: BrandParams,
      body: InboxActionRequest,
      response: InboxActionResponse,
      async handler({ params, body, auth }) {
        readableBrand(deps, auth, params.brand);
        requireAction(canTriage(auth, params.brand), 'triage the inbox');
        const now = deps.clock();
        const ids = [...new Set(body.ids)];
        // An unknown id, or an id of another brand's item, is answered like a missing item, and nothing changes.
        const existing = new Set((await deps.inbox.get(params.brand, ids)).map((r) => r.id));
        const missing = ids.find((id) => !existing.has(id));
        if (missing !== undefined) throw notFound(`inbox item ${missing}`);
        const { before, after } = await deps.inbox.setState(
          params.brand,
          ids,
          NEW_STATE[body.action],
          auth.actor,
          now,
        );
        await deps.audit.record({
          at: now,
          actor: auth.actor,
          action: `inbox.${body.action}`,
          brand: params.brand,
          target: after.map((a) => a.id).join(','),
          before: before.map((b) => ({ id: b.id, state: b.state })),
          after: after.map((a) => ({ id: a.id, state: a.state })),
        });
        const items = await withMentions(deps, after);
        for (const item of items) deps.hub.inboxItem(item);
        return { items };
      },
    },
    registry,
  );
}
