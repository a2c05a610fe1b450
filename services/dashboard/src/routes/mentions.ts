import type { FastifyInstance } from 'fastify';
import { INTENT_LABELS, SENTIMENT_LABELS, SOURCE_NAMES } from '@crumbtrail/contracts';
import type { MentionDoc } from '@crumbtrail/storage';
import {
  BrandParams,
  CorrectionRequest,
  Mention,
  MentionParams,
  MentionsQuery,
  MentionsResponse,
} from '../api/schemas';
import type { Deps } from '../deps';
import { badRequest, notFound } from '../http/errors';
import { addRoute, type ApiRoute } from '../http/route';
import { canCorrect, canReadBrand, type Auth } from '../permissions/brand';
import { decodeCursor, encodeCursor, queryWords } from '../readmodel/mention-index';
import { listParam, mentionView, resolveRange } from '../views';
import { readableBrand, requireAction } from './access';

/** The stored mention, when it exists and its brand is readable (404 otherwise, the same either way). */
export async function readableMention(deps: Deps, auth: Auth, id: string): Promise<MentionDoc> {
  const doc = await deps.reads.mention(id);
  if (!doc || !deps.brands.has(doc.brand) || !canReadBrand(auth, doc.brand)) throw notFound(`mention ${id}`);
  return doc;
}

/** A mention as the API shows it: the stored document, its index entry (confidences) and its correction. */
export async function fullMention(deps: Deps, doc: MentionDoc) {
  const t = Math.min(doc.publishedAt.getTime(), doc.storedAt.getTime());
  const [entry, feedback] = await Promise.all([
    deps.index.entry(doc.brand, doc._id, t),
    deps.feedback.get(doc._id),
  ]);
  return mentionView(doc, entry, feedback);
}

export function registerMentionRoutes(app: FastifyInstance, deps: Deps, registry: ApiRoute[]): void {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/brands/:brand/mentions',
      access: 'user',
      tag: 'mentions',
      summary: "A brand's mentions, newest first, filtered; paged by cursor",
      params: BrandParams,
      query: MentionsQuery,
      response: MentionsResponse,
      async handler({ params, query, auth }) {
        readableBrand(deps, auth, params.brand);
        const range = resolveRange(query, deps.clock());
        const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
        if (after === null) throw badRequest('cursor: pass nextCursor back unchanged');
        const page = await deps.index.list(
          params.brand,
          {
            from: range.from,
            to: range.to,
            sentiment: listParam(query.sentiment, 'sentiment', SENTIMENT_LABELS),
            intent: listParam(query.intent, 'intent', INTENT_LABELS),
            source: listParam(query.source, 'source', SOURCE_NAMES),
            lang: listParam(query.lang, 'lang'),
            words: queryWords(query.q),
          },
          after,
          query.limit,
        );
        const ids = page.items.map((e) => e.id);
        const [docs, feedback] = await Promise.all([
          deps.reads.mentionsById(ids),
          deps.feedback.getMany(page.items.filter((e) => e.c === 1).map((e) => e.id)),
        ]);
        // An indexed mention the aggregator has not stored yet (or has already expired) is left out.
        const items = page.items.flatMap((e) => {
          const doc = docs.get(e.id);
          return doc && doc.brand === params.brand ? [mentionView(doc, e, feedback.get(e.id))] : [];
        });
        return { items, nextCursor: page.next ? encodeCursor(page.next) : null };
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/mentions/:id',
      access: 'user',
      tag: 'mentions',
      summary: 'One mention with its labels, confidences and correction',
      params: MentionParams,
      response: Mention,
      async handler({ params, auth }) {
        return fullMention(deps, await readableMention(deps, auth, params.id));
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/mentions/:id/correction',
      access: 'user',
      tag: 'mentions',
      summary: "Correct a mention's sentiment and intent (stored as feedback for the next model)",
      params: MentionParams,
      body: CorrectionRequest,
      response: Mention,
      async handler({ params, body, auth }) {
        const doc = await readableMention(deps, auth, params.id);
        requireAction(canCorrect(auth, doc.brand), 'correct labels');
        const now = deps.clock();
        const feedback = {
          _id: doc._id,
          brand: doc.brand,
          text: doc.text,
          lang: doc.lang,
          source: doc.source,
          model: { sentiment: doc.sentiment, intent: doc.intent, version: doc.modelVersion },
          corrected: { sentiment: body.sentiment, intent: body.intent },
          ...(body.note !== undefined && { note: body.note }),
          by: auth.actor,
          at: now,
        };
        const { before } = await deps.feedback.save(feedback);
        await deps.index.markCorrected(
          doc.brand,
          doc._id,
          Math.min(doc.publishedAt.getTime(), doc.storedAt.getTime()),
        );
        await deps.audit.record({
          at: now,
          actor: auth.actor,
          action: 'mention.correct',
          brand: doc.brand,
          target: doc._id,
          before: before ? before.corrected : { sentiment: doc.sentiment, intent: doc.intent, by: 'model' },
          after: feedback.corrected,
        });
        return fullMention(deps, doc);
      },
    },
    registry,
  );
}
