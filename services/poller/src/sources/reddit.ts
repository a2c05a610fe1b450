import { z } from 'zod';
import { translateQuery } from '../query';
import { ApiError } from '../http/client';
import type { HttpClient } from '../http/client';
import { Watermark, pollStreams, searchSince, streamCursorSchema, takeUnseenFor } from './cursor-state';
import type { StreamCursor } from './cursor-state';
import { fetchPage, pageCapReached, parseEach, parseEnvelope } from './parsing';
import type { ParsedItems } from './parsing';
import { fromEpochSeconds } from './text';
import type { MentionCandidate, Source, SourceSettings } from './types';
import { apiUrl } from './url';

/**
 * Reddit search with an OAuth "script"/"web" app's credentials (application-only grant):
 *   POST {authUrl}/api/v1/access_token  (Basic client_id:client_secret; grant_type=client_credentials)
 *     -> { access_token, token_type: "bearer", expires_in, scope }
 *   GET {base}/search (or /r/a+b/search?restrict_sr=1) ?q=..&sort=new&type=link&limit=100&raw_json=1&after=<fullname>
 *     -> Listing { kind: "Listing", data: { after, before, dist, children: [{ kind: "t3", data: {...} }] } }
 * Newest first; `after` pages to older posts. Rate limit: 100 queries per minute per OAuth client, reported in
 * X-Ratelimit-Used / -Remaining / -Reset (seconds to the end of the window).
 */

export const REDDIT_PAGE_SIZE = 100;

const Post = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  title: z.string(),
  selftext: z.string().nullish(),
  author: z.string().min(1),
  author_fullname: z.string().nullish(),
  subreddit_name_prefixed: z.string().nullish(),
  permalink: z.string().startsWith('/'),
  created_utc: z.number(),
  score: z.number().int().nullish(),
  num_comments: z.number().int().nonnegative().nullish(),
});
type Post = z.infer<typeof Post>;

const Listing = z.object({
  kind: z.literal('Listing'),
  data: z.object({
    after: z.string().nullable(),
    children: z.array(z.object({ kind: z.string(), data: z.unknown() })),
  }),
});

const Token = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });

export function buildRedditSearchUrl(
  baseUrl: string,
  o: { query: string; subreddits?: string[]; after?: string },
): string {
  const subs = o.subreddits?.length ? o.subreddits : undefined;
  return apiUrl(baseUrl, subs ? `/r/${subs.join('+')}/search` : '/search', {
    q: o.query,
    restrict_sr: subs ? 'true' : undefined,
    sort: 'new',
    t: 'all',
    type: 'link',
    limit: REDDIT_PAGE_SIZE,
    raw_json: 1,
    after: o.after,
  });
}

function postToCandidate(post: Post): MentionCandidate {
  const selftext = post.selftext?.trim() ?? '';
  return {
    externalId: post.name,
    url: `https://www.reddit.com${post.permalink}`,
    author: { id: post.author_fullname ?? undefined, handle: `u/${post.author}` },
    title: post.title,
    text: selftext || post.title,
    publishedAt: fromEpochSeconds(post.created_utc),
    engagement: { score: post.score ?? undefined, replies: post.num_comments ?? undefined },
  };
}

export interface RedditPage {
  items: ParsedItems;
  after: string | null;
}

export function parseRedditListing(body: unknown): RedditPage {
  const listing = parseEnvelope(Listing, body, 'Reddit Listing');
  const posts = listing.data.children.filter((c) => c.kind === 't3').map((c) => c.data);
  return { items: parseEach(posts, Post, postToCandidate, 'children'), after: listing.data.after };
}

/** Application-only OAuth token, fetched on first use and again before it expires or after a 401. */
function tokenProvider(http: HttpClient, settings: SourceSettings['reddit'], now: () => Date) {
  let cached: { token: string; expiresAt: number } | undefined;
  return {
    invalidate: (): void => {
      cached = undefined;
    },
    async get(): Promise<string> {
      if (cached && cached.expiresAt > now().getTime() + 60_000) return cached.token;
      const basic = Buffer.from(`${settings.clientId ?? ''}:${settings.clientSecret ?? ''}`).toString(
        'base64',
      );
      const res = await http.request({
        source: 'reddit',
        method: 'POST',
        url: apiUrl(settings.authUrl, '/api/v1/access_token'),
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      const parsed = Token.safeParse(res.body);
      if (!parsed.success) throw new ApiError('reddit', 'auth', 'reddit: token response has no access_token');
      cached = {
        token: parsed.data.access_token,
        expiresAt: now().getTime() + parsed.data.expires_in * 1000,
      };
      return cached.token;
    },
  };
}

export function createRedditSource(): Source<'reddit', StreamCursor<Watermark>> {
  let tokens: ReturnType<typeof tokenProvider> | undefined;
  return {
    name: 'reddit',
    cursorSchema: streamCursorSchema(Watermark),
    missingCredentials: (s) => [
      ...(s.clientId ? [] : ['REDDIT_CLIENT_ID']),
      ...(s.clientSecret ? [] : ['REDDIT_CLIENT_SECRET']),
    ],
    matchQuery: () => true,
    fetch(ctx, cursor) {
      tokens ??= tokenProvider(ctx.http, ctx.settings, ctx.now);
      const auth = tokens;
      const [query] = translateQuery('reddit', ctx.query);
      const subreddits = ctx.options.subreddits;
      const key = subreddits?.length ? `r/${subreddits.join('+')} ${query}` : query!;
      return pollStreams(ctx, [key], cursor, async (_key, wm) => {
        const since = searchSince(wm, ctx.now(), ctx.lookbackMs);
        const found: MentionCandidate[] = [];
        let after: string | undefined;
        for (let page = 0; ; page += 1) {
          const url = buildRedditSearchUrl(ctx.settings.baseUrl, { query: query!, subreddits, after });
          const request = async () => ({
            source: 'reddit' as const,
            url,
            headers: { authorization: `bearer ${await auth.get()}` },
          });
          const parse = (res: { body: unknown }) => parseRedditListing(res.body);
          let parsed: RedditPage;
          try {
            parsed = await fetchPage(ctx, await request(), parse);
          } catch (err) {
            if (!(err instanceof ApiError && err.status === 401)) throw err;
            auth.invalidate(); // expired or revoked token: one fresh token, one more try
            parsed = await fetchPage(ctx, await request(), parse);
          }
          found.push(...parsed.items.candidates);
          const reachedSince = parsed.items.candidates.some((c) => Date.parse(c.publishedAt) < since);
          if (!parsed.after || reachedSince) break;
          if (page + 1 >= ctx.maxPages) {
            pageCapReached(ctx, key);
            break;
          }
          after = parsed.after;
        }
        const recent = found.filter((c) => Date.parse(c.publishedAt) >= since);
        const { fresh, watermark } = takeUnseenFor(ctx, wm, recent);
        return { candidates: fresh, state: watermark };
      });
    },
  };
}
