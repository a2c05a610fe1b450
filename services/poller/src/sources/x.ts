import { z } from 'zod';
import { translateQuery } from '../query';
import type { BrandQuery } from '../query';
import type { HttpResponse } from '../http/client';
import { pollStreams, streamCursorSchema } from './cursor-state';
import type { StreamCursor } from './cursor-state';
import { compareIds, maxId } from './ids';
import { fetchPage, pageCapReached, parseEach, parseEnvelope } from './parsing';
import type { ParsedItems } from './parsing';
import { normalizeLang, toIso } from './text';
import type { MentionCandidate, Source } from './types';
import { apiUrl } from './url';

/**
 * X API v2 recent search (last 7 days), app-only bearer token:
 *   GET {base}/2/tweets/search/recent?query=..&max_results=100&since_id=..|start_time=..&next_token=..
 *       &tweet.fields=created_at,lang,public_metrics,author_id,note_tweet&expansions=author_id
 *       &user.fields=username,name,public_metrics
 *   -> { data?: Tweet[], includes?: { users: User[] }, meta: { result_count, newest_id?, oldest_id?, next_token? },
 *        errors?: [...] }; failures are problem+json { title, detail, type, status }.
 * Rate limit: per 15-minute window, by plan (e.g. 60 requests per 15 min app-wide on Basic, 450 on Pro; Free: 1 per
 * 15 min), reported in x-rate-limit-limit / -remaining / -reset (epoch seconds); 429 when exceeded.
 */

export const X_PAGE_SIZE = 100;
const X_MAX_LOOKBACK_MS = 7 * 24 * 3600 * 1000 - 5 * 60 * 1000;

const Tweet = z.object({
  id: z.string().regex(/^\d+$/),
  text: z.string(),
  created_at: z.string(),
  author_id: z.string().optional(),
  lang: z.string().optional(),
  note_tweet: z.object({ text: z.string() }).optional(),
  public_metrics: z
    .object({
      retweet_count: z.number().int().nonnegative().optional(),
      reply_count: z.number().int().nonnegative().optional(),
      like_count: z.number().int().nonnegative().optional(),
      quote_count: z.number().int().nonnegative().optional(),
      impression_count: z.number().int().nonnegative().optional(),
    })
    .optional(),
});
type Tweet = z.infer<typeof Tweet>;

const User = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string().optional(),
  public_metrics: z.object({ followers_count: z.number().int().nonnegative().optional() }).optional(),
});
type User = z.infer<typeof User>;

const SearchResponse = z.object({
  data: z.array(z.unknown()).optional(),
  includes: z.object({ users: z.array(z.unknown()).optional() }).optional(),
  meta: z.object({
    result_count: z.number().int(),
    newest_id: z.string().optional(),
    next_token: z.string().optional(),
  }),
});

/** X's pseudo-languages (hashtags only, media only, ...) are no language. */
const X_NO_LANGUAGE = new Set(['qam', 'qct', 'qht', 'qme', 'qst', 'zxx', 'art']);

/** The translated query plus `-is:retweet` (a retweet repeats a post) and `lang:` for a single-language brand. */
export function buildXQuery(query: BrandQuery, languages: string[]): string {
  const base = translateQuery('x', query)[0]!;
  // X applies AND before OR: a top-level OR must be grouped before more terms are added
  const parts = [query.ast.type === 'or' ? `(${base})` : base, '-is:retweet'];
  if (languages.length === 1) parts.push(`lang:${languages[0]}`);
  return parts.join(' ');
}

export function buildXSearchUrl(
  baseUrl: string,
  o: { query: string; sinceId?: string; startTime?: string; nextToken?: string },
): string {
  return apiUrl(baseUrl, '/2/tweets/search/recent', {
    query: o.query,
    max_results: X_PAGE_SIZE,
    since_id: o.sinceId,
    start_time: o.sinceId ? undefined : o.startTime,
    next_token: o.nextToken,
    'tweet.fields': 'created_at,lang,public_metrics,author_id,note_tweet',
    expansions: 'author_id',
    'user.fields': 'username,name,public_metrics',
  });
}

function tweetToCandidate(tweet: Tweet, users: Map<string, User>): MentionCandidate {
  const publishedAt = toIso(tweet.created_at);
  if (!publishedAt) throw new Error('created_at is not a date');
  const user = tweet.author_id ? users.get(tweet.author_id) : undefined;
  const m = tweet.public_metrics;
  const lang = tweet.lang && X_NO_LANGUAGE.has(tweet.lang) ? 'und' : normalizeLang(tweet.lang);
  return {
    externalId: tweet.id,
    url: user
      ? `https://x.com/${user.username}/status/${tweet.id}`
      : `https://x.com/i/web/status/${tweet.id}`,
    author: {
      id: tweet.author_id,
      handle: user ? `@${user.username}` : `id:${tweet.author_id ?? 'unknown'}`,
      name: user?.name,
      followers: user?.public_metrics?.followers_count,
    },
    text: tweet.note_tweet?.text ?? tweet.text,
    lang,
    publishedAt,
    engagement: m
      ? {
          likes: m.like_count,
          replies: m.reply_count,
          shares:
            m.retweet_count === undefined && m.quote_count === undefined
              ? undefined
              : (m.retweet_count ?? 0) + (m.quote_count ?? 0),
          views: m.impression_count,
        }
      : undefined,
  };
}

export interface XPage {
  items: ParsedItems;
  newestId?: string;
  nextToken?: string;
}

export function parseXSearch(body: unknown): XPage {
  const res = parseEnvelope(SearchResponse, body, 'X recent search response');
  const users = new Map<string, User>();
  for (const u of res.includes?.users ?? []) {
    const parsed = User.safeParse(u);
    if (parsed.success) users.set(parsed.data.id, parsed.data);
  }
  const items = parseEach(res.data ?? [], Tweet, (t) => tweetToCandidate(t, users), 'data');
  return {
    items,
    // only tweets that were read move the cursor: meta.newest_id may name one that could not be
    newestId: maxId(items.candidates.map((c) => c.externalId)),
    nextToken: res.meta.result_count > 0 ? res.meta.next_token : undefined,
  };
}

const State = z.object({ sinceId: z.string().regex(/^\d+$/) });
type State = z.infer<typeof State>;

export const x: Source<'x', StreamCursor<State>> = {
  name: 'x',
  cursorSchema: streamCursorSchema(State),
  missingCredentials: (s) => (s.bearerToken ? [] : ['X_BEARER_TOKEN']),
  matchQuery: () => true,
  fetch(ctx, cursor) {
    const query = buildXQuery(ctx.query, ctx.brand.languages);
    return pollStreams(ctx, [query], cursor, async (_key, prev) => {
      const startTime = new Date(
        ctx.now().getTime() - Math.min(ctx.lookbackMs, X_MAX_LOOKBACK_MS),
      ).toISOString();
      const found: MentionCandidate[] = [];
      let newest = prev?.sinceId;
      let nextToken: string | undefined;
      for (let page = 0; ; page += 1) {
        const url = buildXSearchUrl(ctx.settings.baseUrl, {
          query,
          sinceId: prev?.sinceId,
          startTime,
          nextToken,
        });
        const parsed = await fetchPage(
          ctx,
          { source: 'x', url, headers: { authorization: `Bearer ${ctx.settings.bearerToken ?? ''}` } },
          (res: HttpResponse) => parseXSearch(res.body),
        );
        found.push(
          ...parsed.items.candidates.filter((c) => !prev || compareIds(c.externalId, prev.sinceId) > 0),
        );
        newest = maxId(parsed.newestId ? [parsed.newestId] : [], newest);
        if (!parsed.nextToken) break;
        if (page + 1 >= ctx.maxPages) {
          pageCapReached(ctx, query);
          break;
        }
        nextToken = parsed.nextToken;
      }
      return { candidates: found, state: newest ? { sinceId: newest } : undefined };
    });
  },
};
