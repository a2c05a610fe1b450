import { z } from 'zod';
import { translateQuery } from '../query';
import type { HttpResponse } from '../http/client';
import { pollStreams, streamCursorSchema } from './cursor-state';
import type { StreamCursor } from './cursor-state';
import { compareIds, maxId } from './ids';
import { parseLinkHeader } from './link-header';
import { fetchPage, pageCapReached, parseEach, parseEnvelope } from './parsing';
import type { ParsedItems } from './parsing';
import { htmlToText, normalizeLang, toIso } from './text';
import type { MentionCandidate, Source, SourceContext } from './types';
import { apiUrl } from './url';

/**
 * Mastodon (any instance), two kinds of search:
 * - hashtag timeline, public: GET {instance}/api/v1/timelines/tag/{tag}?limit=40[&min_id=|&max_id=] -> Status[];
 *   paged by the `Link` header: rel="next" (older, max_id) and rel="prev" (newer, min_id)
 * - full-text search, needs an access token (read:search): GET {instance}/api/v2/search?q=..&type=statuses&limit=40
 *   &min_id=..&offset=.. -> { accounts, statuses, hashtags }; what it finds depends on the instance's search setup
 * Status: { id, uri, url, created_at, content (HTML), spoiler_text, language, account {...}, reblog, counts }.
 * Rate limit: 300 requests per 5 minutes per account or IP, in X-RateLimit-Limit / -Remaining / -Reset (ISO time).
 */

export const MASTODON_PAGE_SIZE = 40;

const Account = z.object({
  id: z.string(),
  username: z.string().min(1),
  acct: z.string().min(1),
  display_name: z.string().nullish(),
  url: z.string().nullish(),
  followers_count: z.number().int().nonnegative().nullish(),
});

const BaseStatus = z.object({
  id: z.string().min(1),
  uri: z.string().min(1),
  url: z.string().nullish(),
  created_at: z.string().refine((s) => toIso(s) !== undefined, 'not a date'),
  content: z.string(),
  spoiler_text: z.string().nullish(),
  language: z.string().nullish(),
  visibility: z.string().optional(),
  account: Account,
  replies_count: z.number().int().nonnegative().nullish(),
  reblogs_count: z.number().int().nonnegative().nullish(),
  favourites_count: z.number().int().nonnegative().nullish(),
});
const Status = BaseStatus.extend({ reblog: BaseStatus.nullish() });
type BaseStatus = z.infer<typeof BaseStatus>;

export function handleOf(acct: string, instanceHost: string): string {
  return acct.includes('@') ? `@${acct}` : `@${acct}@${instanceHost}`;
}

function statusToCandidate(status: BaseStatus, instanceHost: string): MentionCandidate {
  const body = htmlToText(status.content);
  const warning = status.spoiler_text?.trim();
  return {
    externalId: status.uri,
    url: status.url ?? status.uri,
    author: {
      id: status.account.url ?? undefined,
      handle: handleOf(status.account.acct, instanceHost),
      name: status.account.display_name || undefined,
      followers: status.account.followers_count ?? undefined,
    },
    text: warning ? `${warning}\n\n${body}` : body,
    lang: normalizeLang(status.language),
    publishedAt: toIso(status.created_at)!,
    engagement: {
      likes: status.favourites_count ?? undefined,
      replies: status.replies_count ?? undefined,
      shares: status.reblogs_count ?? undefined,
    },
  };
}

export interface MastodonPage {
  items: ParsedItems;
  /** Instance-local status id of each candidate (cursors compare these). */
  localIds: Map<string, string>;
  links: Record<string, string>;
}

function parseStatuses(statuses: unknown[], instanceHost: string, what: string): Omit<MastodonPage, 'links'> {
  const localIds = new Map<string, string>();
  const items = parseEach(
    statuses,
    Status,
    (s) => {
      const original = s.reblog ?? s; // a boost: the mention is the boosted post
      const c = statusToCandidate(original, instanceHost);
      localIds.set(c.externalId, s.id);
      return c;
    },
    what,
  );
  return { items, localIds };
}

export function parseMastodonTimeline(
  body: unknown,
  linkHeader: string | null,
  instanceUrl: string,
): MastodonPage {
  const statuses = parseEnvelope(z.array(z.unknown()), body, 'Mastodon timeline (array of Status)');
  return {
    ...parseStatuses(statuses, new URL(instanceUrl).host, 'statuses'),
    links: parseLinkHeader(linkHeader, instanceUrl),
  };
}

export function parseMastodonSearch(body: unknown, instanceUrl: string): MastodonPage {
  const result = parseEnvelope(z.object({ statuses: z.array(z.unknown()) }), body, 'Mastodon search result');
  return { ...parseStatuses(result.statuses, new URL(instanceUrl).host, 'statuses'), links: {} };
}

export function buildTagTimelineUrl(instanceUrl: string, tag: string, o: { minId?: string } = {}): string {
  return apiUrl(instanceUrl, `/api/v1/timelines/tag/${encodeURIComponent(tag.replace(/^#/, ''))}`, {
    limit: MASTODON_PAGE_SIZE,
    min_id: o.minId,
  });
}

export function buildSearchUrl(
  instanceUrl: string,
  o: { query: string; minId?: string; offset: number },
): string {
  return apiUrl(instanceUrl, '/api/v2/search', {
    q: o.query,
    type: 'statuses',
    resolve: false,
    limit: MASTODON_PAGE_SIZE,
    min_id: o.minId,
    offset: o.offset > 0 ? o.offset : undefined,
  });
}

const State = z.object({ sinceId: z.string() });
type State = z.infer<typeof State>;

const sameOrigin = (a: string, b: string): boolean => new URL(a).origin === new URL(b).origin;

function instanceOf(ctx: SourceContext<'mastodon'>): string {
  return ctx.options.instance ?? ctx.settings.baseUrl;
}

/** The token belongs to MASTODON_BASE_URL's instance; search runs only there and only with one. */
function searchToken(
  settings: { baseUrl: string; accessToken?: string },
  instance: string,
): string | undefined {
  return settings.accessToken && sameOrigin(settings.baseUrl, instance) ? settings.accessToken : undefined;
}

function collect(
  page: MastodonPage,
  sinceId: string | undefined,
  sinceMs: number,
  out: Map<string, MentionCandidate>,
) {
  const ids: string[] = [];
  for (const c of page.items.candidates) {
    const id = page.localIds.get(c.externalId)!;
    if (sinceId !== undefined ? compareIds(id, sinceId) <= 0 : Date.parse(c.publishedAt) < sinceMs) continue;
    ids.push(id);
    out.set(c.externalId, c);
  }
  return ids;
}

async function readTag(ctx: SourceContext<'mastodon'>, tag: string, prev: State | undefined) {
  const instance = instanceOf(ctx);
  const sinceMs = ctx.now().getTime() - ctx.lookbackMs;
  const found = new Map<string, MentionCandidate>();
  let newest = prev?.sinceId;
  // With a cursor: from min_id forward, following rel="prev" to newer pages, so nothing in between is skipped.
  // Without: the newest page, then rel="next" to older pages back to the look-back.
  let url: string | undefined = buildTagTimelineUrl(instance, tag, { minId: prev?.sinceId });
  for (let page = 0; url; page += 1) {
    const parsed: MastodonPage = await fetchPage(ctx, { source: 'mastodon', url }, (res: HttpResponse) =>
      parseMastodonTimeline(res.body, res.headers.get('link'), instance),
    );
    if (parsed.localIds.size === 0) break;
    const ids = collect(parsed, prev?.sinceId, sinceMs, found);
    newest = maxId(parsed.localIds.values(), newest);
    const next: string | undefined = prev ? parsed.links.prev : parsed.links.next;
    if (!prev && ids.length < parsed.localIds.size) break; // reached the look-back
    if (!next) break;
    if (!sameOrigin(next, instance)) {
      // Not followed: the instance's own API pages on its own origin, and a link elsewhere could lead the poller
      // anywhere. Said out loud, since the statuses beyond it are not read.
      ctx.notices.linkNotFollowed({
        url: next,
        reason: `rel="${prev ? 'prev' : 'next'}" points to another origin than ${new URL(instance).origin}`,
      });
      break;
    }
    if (page + 1 >= ctx.maxPages) {
      pageCapReached(ctx, `#${tag}`);
      break;
    }
    url = next;
  }
  return { candidates: [...found.values()], state: newest ? { sinceId: newest } : undefined };
}

async function readSearch(
  ctx: SourceContext<'mastodon'>,
  query: string,
  token: string,
  prev: State | undefined,
) {
  const instance = instanceOf(ctx);
  const sinceMs = ctx.now().getTime() - ctx.lookbackMs;
  const found = new Map<string, MentionCandidate>();
  let newest = prev?.sinceId;
  for (let page = 0; ; page += 1) {
    const url = buildSearchUrl(instance, { query, minId: prev?.sinceId, offset: page * MASTODON_PAGE_SIZE });
    const parsed = await fetchPage(
      ctx,
      { source: 'mastodon', url, headers: { authorization: `Bearer ${token}` } },
      (res: HttpResponse) => parseMastodonSearch(res.body, instance),
    );
    collect(parsed, prev?.sinceId, sinceMs, found);
    newest = maxId(parsed.localIds.values(), newest);
    if (parsed.items.candidates.length + parsed.items.skipped.length < MASTODON_PAGE_SIZE) break;
    if (page + 1 >= ctx.maxPages) {
      pageCapReached(ctx, query);
      break;
    }
  }
  return { candidates: [...found.values()], state: newest ? { sinceId: newest } : undefined };
}

export const mastodon: Source<'mastodon', StreamCursor<State>> = {
  name: 'mastodon',
  cursorSchema: streamCursorSchema(State),
  missingCredentials: (settings, options) =>
    options.hashtags.length === 0 && !searchToken(settings, options.instance ?? settings.baseUrl)
      ? ['MASTODON_ACCESS_TOKEN (or hashtags in the brand config)']
      : [],
  startupNotes: (settings, options) =>
    options.search &&
    options.hashtags.length > 0 &&
    !searchToken(settings, options.instance ?? settings.baseUrl)
      ? ['full-text search skipped (MASTODON_ACCESS_TOKEN not set for this instance); reading hashtags only']
      : [],
  matchQuery: () => true,
  fetch(ctx, cursor) {
    const instance = instanceOf(ctx);
    const origin = new URL(instance).origin;
    const token = ctx.options.search ? searchToken(ctx.settings, instance) : undefined;
    const streams = new Map<string, (prev: State | undefined) => ReturnType<typeof readTag>>();
    for (const tag of ctx.options.hashtags) {
      const name = tag.replace(/^#/, '');
      streams.set(`${origin} #${name.toLowerCase()}`, (prev) => readTag(ctx, name, prev));
    }
    if (token) {
      for (const q of translateQuery('mastodon', ctx.query)) {
        streams.set(`${origin} search ${q}`, (prev) => readSearch(ctx, q, token, prev));
      }
    }
    return pollStreams(ctx, [...streams.keys()], cursor, (key, prev) => streams.get(key)!(prev));
  },
};
