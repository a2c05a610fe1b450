import { z } from 'zod';
import { translateQuery } from '../query';
import type { HttpResponse } from '../http/client';
import { Watermark, pollStreams, searchSince, streamCursorSchema, takeUnseenFor } from './cursor-state';
import type { StreamCursor } from './cursor-state';
import { fetchPage, pageCapReached, parseEach, parseEnvelope } from './parsing';
import type { ParsedItems } from './parsing';
import { toIso } from './text';
import type { MentionCandidate, Source, SourceContext } from './types';
import { apiUrl } from './url';

/**
 * YouTube Data API v3 comment threads, with an API key:
 *   GET {base}/youtube/v3/commentThreads?part=snippet&videoId=..|allThreadsRelatedToChannelId=..[&searchTerms=..]
 *       &order=time&maxResults=100&textFormat=plainText&pageToken=..&key=..
 *   -> { kind: "youtube#commentThreadListResponse", nextPageToken?, pageInfo, items: [{ id, snippet: {
 *        videoId, totalReplyCount, topLevelComment: { id, snippet: { textOriginal, textDisplay, authorDisplayName,
 *        authorChannelId: { value }, likeCount, publishedAt } } } }] }
 * Errors are { error: { code, message, errors: [{ domain, reason }] } } (e.g. 403 quotaExceeded, commentsDisabled).
 * Rate limit: a quota of 10,000 units per day per project (commentThreads.list costs 1 unit), reset at midnight
 * Pacific time; short-term rateLimitExceeded is retried.
 */

export const YOUTUBE_PAGE_SIZE = 100;

const CommentThread = z.object({
  id: z.string().min(1),
  snippet: z.object({
    // absent on comments about the channel itself (allThreadsRelatedToChannelId), which carry channelId only
    videoId: z.string().min(1).optional(),
    channelId: z.string().min(1).optional(),
    totalReplyCount: z.number().int().nonnegative().nullish(),
    topLevelComment: z.object({
      id: z.string().min(1),
      snippet: z.object({
        textOriginal: z.string().nullish(),
        textDisplay: z.string(),
        authorDisplayName: z.string().min(1),
        authorChannelId: z.object({ value: z.string() }).nullish(),
        likeCount: z.number().int().nonnegative().nullish(),
        publishedAt: z.string().refine((s) => toIso(s) !== undefined, 'not a date'),
      }),
    }),
  }),
});
type CommentThread = z.infer<typeof CommentThread>;

const ListResponse = z.object({
  kind: z.literal('youtube#commentThreadListResponse'),
  nextPageToken: z.string().optional(),
  items: z.array(z.unknown()),
});

export type YoutubeTarget = { videoId: string } | { channelId: string };

export function buildCommentThreadsUrl(
  baseUrl: string,
  o: { target: YoutubeTarget; searchTerms?: string; pageToken?: string; apiKey: string },
): string {
  return apiUrl(baseUrl, '/youtube/v3/commentThreads', {
    part: 'snippet',
    videoId: 'videoId' in o.target ? o.target.videoId : undefined,
    allThreadsRelatedToChannelId: 'channelId' in o.target ? o.target.channelId : undefined,
    searchTerms: o.searchTerms,
    order: 'time',
    maxResults: YOUTUBE_PAGE_SIZE,
    textFormat: 'plainText',
    pageToken: o.pageToken,
    key: o.apiKey,
  });
}

/** A video comment links to the video; a channel comment (no videoId) to the channel's page, at the comment. */
export function commentUrl(
  snippet: { videoId?: string; channelId?: string },
  commentId: string,
  fallbackChannelId?: string,
): string {
  const lc = encodeURIComponent(commentId);
  if (snippet.videoId)
    return `https://www.youtube.com/watch?v=${encodeURIComponent(snippet.videoId)}&lc=${lc}`;
  const channel = snippet.channelId ?? fallbackChannelId;
  if (!channel) throw new Error('neither snippet.videoId nor snippet.channelId is set');
  return `https://www.youtube.com/channel/${encodeURIComponent(channel)}/discussion?lc=${lc}`;
}

function threadToCandidate(thread: CommentThread, channelId?: string): MentionCandidate {
  const comment = thread.snippet.topLevelComment;
  const s = comment.snippet;
  return {
    externalId: comment.id,
    url: commentUrl(thread.snippet, comment.id, channelId),
    author: { id: s.authorChannelId?.value, handle: s.authorDisplayName },
    text: s.textOriginal ?? s.textDisplay,
    publishedAt: toIso(s.publishedAt)!,
    engagement: { likes: s.likeCount ?? undefined, replies: thread.snippet.totalReplyCount ?? undefined },
  };
}

export interface YoutubePage {
  items: ParsedItems;
  nextPageToken?: string;
}

export function parseCommentThreads(body: unknown, channelId?: string): YoutubePage {
  const res = parseEnvelope(ListResponse, body, 'commentThreads.list response');
  return {
    items: parseEach(res.items, CommentThread, (t) => threadToCandidate(t, channelId), 'items'),
    nextPageToken: res.items.length > 0 ? res.nextPageToken : undefined,
  };
}

async function readThreads(
  ctx: SourceContext<'youtube'>,
  target: YoutubeTarget,
  searchTerms: string | undefined,
  wm: Watermark | undefined,
) {
  const since = searchSince(wm, ctx.now(), ctx.lookbackMs);
  const found: MentionCandidate[] = [];
  let pageToken: string | undefined;
  for (let page = 0; ; page += 1) {
    const url = buildCommentThreadsUrl(ctx.settings.baseUrl, {
      target,
      searchTerms,
      pageToken,
      apiKey: ctx.settings.apiKey ?? '',
    });
    const parsed = await fetchPage(ctx, { source: 'youtube', url }, (res: HttpResponse) =>
      parseCommentThreads(res.body, 'channelId' in target ? target.channelId : undefined),
    );
    found.push(...parsed.items.candidates);
    // newest first and no server-side date filter: stop once a page reaches back past the start
    const reachedSince = parsed.items.candidates.some((c) => Date.parse(c.publishedAt) < since);
    if (!parsed.nextPageToken || reachedSince) break;
    if (page + 1 >= ctx.maxPages) {
      pageCapReached(ctx, JSON.stringify(target));
      break;
    }
    pageToken = parsed.nextPageToken;
  }
  const { fresh, watermark } = takeUnseenFor(
    ctx,
    wm,
    found.filter((c) => Date.parse(c.publishedAt) >= since),
  );
  return { candidates: fresh, state: watermark };
}

export const youtube: Source<'youtube', StreamCursor<Watermark>> = {
  name: 'youtube',
  cursorSchema: streamCursorSchema(Watermark),
  missingCredentials: (s) => (s.apiKey ? [] : ['YOUTUBE_API_KEY']),
  matchQuery: (o) => o.matchQuery,
  fetch(ctx, cursor) {
    const targets: [string, YoutubeTarget][] = [
      ...ctx.options.videoIds.map((id): [string, YoutubeTarget] => [`video:${id}`, { videoId: id }]),
      ...ctx.options.channelIds.map((id): [string, YoutubeTarget] => [`channel:${id}`, { channelId: id }]),
    ];
    const terms: (string | undefined)[] = ctx.options.matchQuery
      ? translateQuery('youtube', ctx.query)
      : [undefined];
    const streams = new Map<string, (wm: Watermark | undefined) => ReturnType<typeof readThreads>>();
    for (const [name, target] of targets) {
      for (const t of terms) {
        streams.set(t === undefined ? name : `${name} ${t}`, (wm) => readThreads(ctx, target, t, wm));
      }
    }
    return pollStreams(ctx, [...streams.keys()], cursor, (key, wm) => streams.get(key)!(wm));
  },
};
