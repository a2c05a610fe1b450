/**
 * YouTube Data API v3 commentThreads.list responses (https://developers.google.com/youtube/v3/docs/commentThreads)
 * with part=snippet and textFormat=plainText, and the Google API error shape.
 */
export function ytThread(o: {
  id: string;
  videoId: string;
  text: string;
  author: string;
  publishedAt: string;
  likes?: number;
  replies?: number;
}) {
  return {
    kind: 'youtube#commentThread',
    etag: `etag-${o.id}`,
    id: o.id,
    snippet: {
      channelId: 'UCacmeChannel000000000000',
      videoId: o.videoId,
      topLevelComment: {
        kind: 'youtube#comment',
        etag: `etag-c-${o.id}`,
        id: o.id,
        snippet: {
          channelId: 'UCacmeChannel000000000000',
          videoId: o.videoId,
          textDisplay: o.text,
          textOriginal: o.text,
          authorDisplayName: o.author,
          authorProfileImageUrl: 'https://yt3.ggpht.com/ytc/x=s48-c-k-c0x00ffffff-no-rj',
          authorChannelUrl: `http://www.youtube.com/${o.author}`,
          authorChannelId: { value: `UC${o.author.replace(/\W/g, '').padEnd(22, '0')}` },
          canRate: true,
          viewerRating: 'none',
          likeCount: o.likes ?? 0,
          publishedAt: o.publishedAt,
          updatedAt: o.publishedAt,
        },
      },
      canReply: true,
      totalReplyCount: o.replies ?? 0,
      isPublic: true,
    },
  };
}

export function ytPage(items: unknown[], nextPageToken?: string) {
  return {
    kind: 'youtube#commentThreadListResponse',
    etag: 'pageEtag',
    ...(nextPageToken ? { nextPageToken } : {}),
    pageInfo: { totalResults: items.length, resultsPerPage: 100 },
    items,
  };
}

export const ytThreads = {
  c3: ytThread({
    id: 'UgzAcme3',
    videoId: 'dQw4w9WgXcQ',
    text: 'The Acme anvil in this video is fake lol',
    author: '@wile_e',
    publishedAt: '2025-06-01T11:59:00Z',
    likes: 12,
    replies: 2,
  }),
  c2: ytThread({
    id: 'UgzAcme2',
    videoId: 'dQw4w9WgXcQ',
    text: 'Where can I buy acme skates?',
    author: '@meepmeep',
    publishedAt: '2025-06-01T11:30:00Z',
  }),
  c1: ytThread({
    id: 'UgzAcme1',
    videoId: 'dQw4w9WgXcQ',
    text: 'first!',
    author: '@early',
    publishedAt: '2025-05-25T10:00:00Z',
  }),
};

export const ytQuotaExceeded = {
  error: {
    code: 403,
    message:
      'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
    errors: [
      {
        message: 'The request cannot be completed because you have exceeded your quota.',
        domain: 'youtube.quota',
        reason: 'quotaExceeded',
      },
    ],
  },
};
