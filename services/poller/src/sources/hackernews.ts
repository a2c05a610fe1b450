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
 * Hacker News through the Algolia HN Search API, newest first:
 *   GET {base}/api/v1/search_by_date?query=..&tags=(story,comment)&numericFilters=created_at_i>=T&page=N&hitsPerPage=100
 * Response: { hits: [...], page, nbPages, hitsPerPage, nbHits }; `page` is 0-based. No key.
 * Rate limit: 10,000 requests per hour per IP (a 429 beyond it).
 */

export const HN_HITS_PER_PAGE = 100;

const Hit = z.object({
  objectID: z.string().min(1),
  created_at_i: z.number().int(),
  author: z.string().min(1),
  _tags: z.array(z.string()).default([]),
  title: z.string().nullish(),
  url: z.string().nullish(),
  story_text: z.string().nullish(),
  comment_text: z.string().nullish(),
  story_title: z.string().nullish(),
  points: z.number().int().nullish(),
  num_comments: z.number().int().nonnegative().nullish(),
});
type Hit = z.infer<typeof Hit>;

const Page = z.object({
  hits: z.array(z.unknown()),
  page: z.number().int().nonnegative(),
  nbPages: z.number().int().nonnegative(),
});

export function buildHackerNewsUrl(
  baseUrl: string,
  o: { query: string; tags: string[]; sinceSeconds: number; page: number },
): string {
  return apiUrl(baseUrl, '/api/v1/search_by_date', {
    query: o.query,
    tags: `(${o.tags.join(',')})`,
    numericFilters: `created_at_i>=${o.sinceSeconds}`,
    page: o.page,
    hitsPerPage: HN_HITS_PER_PAGE,
  });
}

function hitToCandidate(hit: Hit): MentionCandidate {
  const isComment = hit._tags.includes('comment') || (hit.comment_text != null && hit.title == null);
  const title = isComment ? undefined : (hit.title ?? undefined);
  const body = htmlToText(hit.comment_text ?? hit.story_text ?? '');
  return {
    externalId: hit.objectID,
    url: `https://news.ycombinator.com/item?id=${encodeURIComponent(hit.objectID)}`,
    author: { id: hit.author, handle: hit.author },
    title,
    text: body || title || '',
    publishedAt: fromEpochSeconds(hit.created_at_i),
    engagement:
      hit.points != null || hit.num_comments != null
        ? { score: hit.points ?? undefined, replies: hit.num_comments ?? undefined }
        : undefined,
  };
}

export interface HackerNewsPage {
  items: ParsedItems;
  hasMore: boolean;
}

export function parseHackerNewsPage(body: unknown): HackerNewsPage {
  const page = parseEnvelope(Page, body, 'Algolia search response');
  return {
    items: parseEach(page.hits, Hit, hitToCandidate, 'hits'),
    hasMore: page.hits.length > 0 && page.page + 1 < page.nbPages,
  };
}

export const hackernews: Source<'hackernews', StreamCursor<Watermark>> = {
  name: 'hackernews',
  cursorSchema: streamCursorSchema(Watermark),
  missingCredentials: () => [],
  matchQuery: () => true,
  fetch: (ctx, cursor) =>
    pollStreams(ctx, translateQuery('hackernews', ctx.query), cursor, async (query, wm) => {
      const since = Math.floor(searchSince(wm, ctx.now(), ctx.lookbackMs) / 1000);
      const found: MentionCandidate[] = [];
      for (let page = 0; ; page += 1) {
        const url = buildHackerNewsUrl(ctx.settings.baseUrl, {
          query,
          tags: ctx.options.tags,
          sinceSeconds: since,
          page,
        });
        const parsed = await fetchPage(ctx, { source: 'hackernews', url }, (res: HttpResponse) =>
          parseHackerNewsPage(res.body),
        );
        found.push(...parsed.items.candidates);
        if (!parsed.hasMore) break;
        if (page + 1 >= ctx.maxPages) {
          pageCapReached(ctx, query);
          break;
        }
      }
      const { fresh, watermark } = takeUnseenFor(ctx, wm, found);
      return { candidates: fresh, state: watermark };
    }),
};
