import { z } from 'zod';
import { translateQuery } from '../query';
import type { HttpResponse } from '../http/client';
import { Watermark, pollStreams, searchSince, streamCursorSchema, takeUnseenFor } from './cursor-state';
import type { StreamCursor } from './cursor-state';
import { fetchPage, pageCapReached, parseEach, parseEnvelope } from './parsing';
import type { ParsedItems } from './parsing';
import { fromEpochSeconds, htmlToText } from './text';
import type { MentionCandidate, Source } from './types';
import { apiUrl } from './url';

/**
 * Stack Exchange API 2.3, questions newest first:
 *   GET {base}/2.3/search/advanced?site=..&q=..&sort=creation&order=desc&fromdate=<epoch s>&page=N&pagesize=100
 *       &filter=withbody[&tagged=a;b][&key=..]
 * Every response is the common wrapper { items, has_more, quota_max, quota_remaining, backoff? }; errors are
 * { error_id, error_name, error_message } (e.g. 400 with error_id 502 throttle_violation). `page` is 1-based.
 * Rate limit: 300 requests per day per IP without a key, 10,000 with one; more than 30 per second per IP is
 * throttled; `backoff` (seconds) must be honoured before calling the same method again.
 */

export const SE_PAGE_SIZE = 100;

const Question = z.object({
  question_id: z.number().int(),
  link: z.string().min(1),
  title: z.string(),
  body: z.string().nullish(),
  creation_date: z.number().int(),
  score: z.number().int().nullish(),
  answer_count: z.number().int().nonnegative().nullish(),
  view_count: z.number().int().nonnegative().nullish(),
  owner: z
    .object({
      user_id: z.number().int().nullish(),
      display_name: z.string().nullish(),
      reputation: z.number().int().nullish(),
    })
    .nullish(),
});
type Question = z.infer<typeof Question>;

const Wrapper = z.object({
  items: z.array(z.unknown()),
  has_more: z.boolean(),
  quota_remaining: z.number().int().optional(),
  backoff: z.number().int().optional(),
});

export function buildStackExchangeUrl(
  baseUrl: string,
  o: { site: string; query: string; fromDate: number; page: number; tagged?: string[]; key?: string },
): string {
  return apiUrl(baseUrl, '/2.3/search/advanced', {
    site: o.site,
    q: o.query,
    tagged: o.tagged?.length ? o.tagged.join(';') : undefined,
    sort: 'creation',
    order: 'desc',
    fromdate: o.fromDate,
    page: o.page,
    pagesize: SE_PAGE_SIZE,
    filter: 'withbody',
    key: o.key,
  });
}

function questionToCandidate(site: string, q: Question): MentionCandidate {
  const title = htmlToText(q.title); // titles come HTML-escaped (&#39;, &quot;)
  const handle = htmlToText(q.owner?.display_name ?? '') || 'anonymous';
  return {
    externalId: `${site}:${q.question_id}`,
    url: q.link,
    author: { id: q.owner?.user_id != null ? String(q.owner.user_id) : undefined, handle },
    title,
    text: htmlToText(q.body ?? '') || title,
    publishedAt: fromEpochSeconds(q.creation_date),
    engagement: {
      score: q.score ?? undefined,
      replies: q.answer_count ?? undefined,
      views: q.view_count ?? undefined,
    },
  };
}

export interface StackExchangePage {
  items: ParsedItems;
  hasMore: boolean;
  quotaRemaining?: number;
}

export function parseStackExchangePage(body: unknown, site: string): StackExchangePage {
  const wrapper = parseEnvelope(Wrapper, body, 'Stack Exchange wrapper');
  return {
    items: parseEach(wrapper.items, Question, (q) => questionToCandidate(site, q), 'items'),
    hasMore: wrapper.has_more && wrapper.items.length > 0,
    quotaRemaining: wrapper.quota_remaining,
  };
}

export const stackexchange: Source<'stackexchange', StreamCursor<Watermark>> = {
  name: 'stackexchange',
  cursorSchema: streamCursorSchema(Watermark),
  missingCredentials: () => [],
  startupNotes: (settings) =>
    settings.key ? [] : ['no STACKEXCHANGE_KEY: 300 requests per day per IP (10,000 with a key)'],
  matchQuery: () => true,
  fetch: (ctx, cursor) => {
    const site = ctx.options.site;
    const keys = translateQuery('stackexchange', ctx.query).map((q) => `${site} ${q}`);
    return pollStreams(ctx, keys, cursor, async (key, wm) => {
      const query = key.slice(site.length + 1);
      const fromDate = Math.floor(searchSince(wm, ctx.now(), ctx.lookbackMs) / 1000);
      const found: MentionCandidate[] = [];
      for (let page = 1; ; page += 1) {
        const url = buildStackExchangeUrl(ctx.settings.baseUrl, {
          site,
          query,
          fromDate,
          page,
          tagged: ctx.options.tagged,
          key: ctx.settings.key,
        });
        const parsed = await fetchPage(ctx, { source: 'stackexchange', url }, (res: HttpResponse) =>
          parseStackExchangePage(res.body, site),
        );
        found.push(...parsed.items.candidates);
        if (parsed.quotaRemaining !== undefined && parsed.quotaRemaining < 10) {
          ctx.logger.warn(
            { source: 'stackexchange', quotaRemaining: parsed.quotaRemaining },
            'daily quota nearly used up',
          );
        }
        if (!parsed.hasMore) break;
        if (page >= ctx.maxPages) {
          pageCapReached(ctx, key);
          break;
        }
      }
      const { fresh, watermark } = takeUnseenFor(ctx, wm, found);
      return { candidates: fresh, state: watermark };
    });
  },
};
