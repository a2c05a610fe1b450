import { z } from 'zod';
import { translateQuery } from '../query';
import { ApiError } from '../http/client';
import type { HttpClient, HttpResponse } from '../http/client';
import { Watermark, pollStreams, searchSince, streamCursorSchema, takeUnseenFor } from './cursor-state';
import type { StreamCursor } from './cursor-state';
import { fetchPage, pageCapReached, parseEach, parseEnvelope } from './parsing';
import type { ParsedItems } from './parsing';
import { normalizeLang, toIso } from './text';
import type { MentionCandidate, Source, SourceContext, SourceSettings } from './types';
import { apiUrl } from './url';

/**
 * Bluesky through a PDS with an app password session:
 *   POST {base}/xrpc/com.atproto.server.createSession { identifier, password } -> { accessJwt, refreshJwt, did, handle }
 *   POST {base}/xrpc/com.atproto.server.refreshSession (Bearer refreshJwt) -> same shape
 *   GET  {base}/xrpc/app.bsky.feed.searchPosts?q=..&sort=latest&since=<RFC 3339>&limit=100&cursor=..
 *     -> { cursor?, hitsTotal?, posts: PostView[] }; PostView { uri, cid, author, record { text, createdAt, langs }, ...counts, indexedAt }
 *     `since` compares against the AppView's sortAt (the earlier of createdAt and indexedAt), not createdAt.
 * Errors are { error, message } (e.g. 400 ExpiredToken, 401 AuthenticationRequired). Rate limits are sent as
 * ratelimit-limit / -remaining / -reset (epoch seconds) / -policy; createSession is limited to 30 per 5 minutes.
 */

export const BLUESKY_PAGE_SIZE = 100;

const PostView = z.object({
  uri: z.string().startsWith('at://'),
  author: z.object({ did: z.string().min(1), handle: z.string().min(1), displayName: z.string().nullish() }),
  record: z.object({
    text: z.string(),
    createdAt: z.string(),
    langs: z.array(z.string()).nullish(),
  }),
  indexedAt: z.string(),
  replyCount: z.number().int().nonnegative().nullish(),
  repostCount: z.number().int().nonnegative().nullish(),
  likeCount: z.number().int().nonnegative().nullish(),
  quoteCount: z.number().int().nonnegative().nullish(),
});
type PostView = z.infer<typeof PostView>;

const SearchResponse = z.object({ cursor: z.string().nullish(), posts: z.array(z.unknown()) });
const Session = z.object({ accessJwt: z.string().min(1), refreshJwt: z.string().min(1), did: z.string() });

/** at://did/app.bsky.feed.post/rkey -> https://bsky.app/profile/handle/post/rkey */
export function postUrl(uri: string, handle: string): string {
  const rkey = uri.split('/').pop() ?? '';
  return `https://bsky.app/profile/${encodeURIComponent(handle)}/post/${encodeURIComponent(rkey)}`;
}

/**
 * The time a post is ordered by, as the AppView's `sortAt` (which searchPosts' `since`/`until` compare against):
 * the earlier of `record.createdAt` (set by the poster's client, can be anything) and `indexedAt` (the server's).
 * A post dated in the future thus counts from when the server saw it, and cannot push the watermark ahead.
 */
export function sortAt(post: { record: { createdAt: string }; indexedAt: string }): string | undefined {
  const created = toIso(post.record.createdAt);
  const indexed = toIso(post.indexedAt);
  if (!created || !indexed) return created ?? indexed;
  return Date.parse(created) <= Date.parse(indexed) ? created : indexed;
}

function postToCandidate(post: PostView): MentionCandidate {
  const publishedAt = sortAt(post);
  if (!publishedAt) throw new Error('neither record.createdAt nor indexedAt is a date');
  const shares = (post.repostCount ?? 0) + (post.quoteCount ?? 0);
  return {
    externalId: post.uri,
    url: postUrl(post.uri, post.author.handle),
    author: {
      id: post.author.did,
      handle: `@${post.author.handle}`,
      name: post.author.displayName || undefined,
    },
    text: post.record.text,
    lang: normalizeLang(post.record.langs?.[0]),
    publishedAt,
    engagement: {
      likes: post.likeCount ?? undefined,
      replies: post.replyCount ?? undefined,
      shares: post.repostCount == null && post.quoteCount == null ? undefined : shares,
    },
  };
}

export interface BlueskyPage {
  items: ParsedItems;
  cursor?: string;
}

export function parseBlueskySearch(body: unknown): BlueskyPage {
  const res = parseEnvelope(SearchResponse, body, 'app.bsky.feed.searchPosts output');
  return {
    items: parseEach(res.posts, PostView, postToCandidate, 'posts'),
    cursor: res.posts.length > 0 ? (res.cursor ?? undefined) : undefined,
  };
}

export function buildSearchPostsUrl(
  baseUrl: string,
  o: { query: string; since: string; cursor?: string },
): string {
  return apiUrl(baseUrl, '/xrpc/app.bsky.feed.searchPosts', {
    q: o.query,
    sort: 'latest',
    since: o.since,
    limit: BLUESKY_PAGE_SIZE,
    cursor: o.cursor,
  });
}

/** Creates a session on first use; refreshes it (or creates a new one) when the access token expires. */
function sessionProvider(http: HttpClient, settings: SourceSettings['bluesky']) {
  let session: z.infer<typeof Session> | undefined;
  const parseSession = (body: unknown): z.infer<typeof Session> => {
    const parsed = Session.safeParse(body);
    if (!parsed.success) throw new ApiError('bluesky', 'auth', 'bluesky: session response has no accessJwt');
    return parsed.data;
  };
  const create = async (): Promise<string> => {
    const res = await http.request({
      source: 'bluesky',
      method: 'POST',
      url: apiUrl(settings.baseUrl, '/xrpc/com.atproto.server.createSession'),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: settings.handle, password: settings.appPassword }),
    });
    session = parseSession(res.body);
    return session.accessJwt;
  };
  return {
    get: async (): Promise<string> => session?.accessJwt ?? create(),
    async renew(): Promise<string> {
      if (!session) return create();
      try {
        const res = await http.request({
          source: 'bluesky',
          method: 'POST',
          url: apiUrl(settings.baseUrl, '/xrpc/com.atproto.server.refreshSession'),
          headers: { authorization: `Bearer ${session.refreshJwt}` },
        });
        session = parseSession(res.body);
        return session.accessJwt;
      } catch (err) {
        if (err instanceof ApiError && (err.kind === 'auth' || err.kind === 'client_error')) return create();
        throw err;
      }
    },
  };
}

const isExpired = (err: unknown): boolean =>
  err instanceof ApiError &&
  (err.status === 401 ||
    (err.status === 400 &&
      typeof err.body === 'object' &&
      (err.body as { error?: unknown })?.error === 'ExpiredToken'));

async function searchBranch(
  ctx: SourceContext<'bluesky'>,
  auth: ReturnType<typeof sessionProvider>,
  query: string,
  wm: Watermark | undefined,
) {
  const since = new Date(searchSince(wm, ctx.now(), ctx.lookbackMs)).toISOString();
  const found: MentionCandidate[] = [];
  let cursor: string | undefined;
  for (let page = 0; ; page += 1) {
    const url = buildSearchPostsUrl(ctx.settings.baseUrl, { query, since, cursor });
    const parse = (res: HttpResponse) => parseBlueskySearch(res.body);
    let parsed: BlueskyPage;
    try {
      parsed = await fetchPage(
        ctx,
        { source: 'bluesky', url, headers: { authorization: `Bearer ${await auth.get()}` } },
        parse,
      );
    } catch (err) {
      if (!isExpired(err)) throw err;
      const token = await auth.renew();
      parsed = await fetchPage(
        ctx,
        { source: 'bluesky', url, headers: { authorization: `Bearer ${token}` } },
        parse,
      );
    }
    found.push(...parsed.items.candidates);
    if (!parsed.cursor) break;
    if (page + 1 >= ctx.maxPages) {
      pageCapReached(ctx, query);
      break;
    }
    cursor = parsed.cursor;
  }
  const { fresh, watermark } = takeUnseenFor(ctx, wm, found);
  return { candidates: fresh, state: watermark };
}

export function createBlueskySource(): Source<'bluesky', StreamCursor<Watermark>> {
  let auth: ReturnType<typeof sessionProvider> | undefined;
  return {
    name: 'bluesky',
    cursorSchema: streamCursorSchema(Watermark),
    missingCredentials: (s) => [
      ...(s.handle ? [] : ['BLUESKY_HANDLE']),
      ...(s.appPassword ? [] : ['BLUESKY_APP_PASSWORD']),
    ],
    matchQuery: () => true,
    fetch(ctx, cursor) {
      auth ??= sessionProvider(ctx.http, ctx.settings);
      const session = auth;
      return pollStreams(ctx, translateQuery('bluesky', ctx.query), cursor, (query, wm) =>
        searchBranch(ctx, session, query, wm),
      );
    },
  };
}
