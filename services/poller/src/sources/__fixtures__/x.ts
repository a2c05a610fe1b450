/**
 * X API v2 GET /2/tweets/search/recent responses (https://docs.x.com/x-api/posts/search-recent-posts): data,
 * includes.users (expansions=author_id), meta with newest_id/oldest_id/result_count/next_token, and the
 * problem+json error shape.
 */
export function xTweet(o: { id: string; text: string; author: string; createdAt: string; lang?: string }) {
  return {
    id: o.id,
    text: o.text,
    created_at: o.createdAt,
    author_id: o.author,
    lang: o.lang ?? 'en',
    edit_history_tweet_ids: [o.id],
    public_metrics: {
      retweet_count: 3,
      reply_count: 4,
      like_count: 25,
      quote_count: 1,
      bookmark_count: 0,
      impression_count: 1500,
    },
  };
}

export const xUsers = {
  wile: {
    id: '1111111111',
    name: 'Wile E.',
    username: 'wile_e',
    public_metrics: {
      followers_count: 1200,
      following_count: 50,
      tweet_count: 3000,
      listed_count: 4,
      like_count: 10,
    },
  },
  road: {
    id: '2222222222',
    name: 'Road Runner',
    username: 'meepmeep',
    public_metrics: {
      followers_count: 99000,
      following_count: 1,
      tweet_count: 10,
      listed_count: 400,
      like_count: 5,
    },
  },
};

export const xTweets = {
  t4: xTweet({
    id: '1929000000000000004',
    text: '@AcmeSupport my Acme anvil order is 3 weeks late',
    author: xUsers.wile.id,
    createdAt: '2025-06-01T11:59:50.000Z',
  }),
  t3: xTweet({
    id: '1929000000000000003',
    text: 'acme rockets 🚀 best purchase',
    author: xUsers.road.id,
    createdAt: '2025-06-01T11:58:00.000Z',
    lang: 'qme',
  }),
  t2: xTweet({
    id: '1929000000000000002',
    text: 'Acme corp hiring? nope',
    author: xUsers.wile.id,
    createdAt: '2025-06-01T11:57:00.000Z',
  }),
};

export function xPage(tweets: { id: string }[], users: unknown[], nextToken?: string) {
  if (tweets.length === 0) return { meta: { result_count: 0 } };
  const ids = tweets.map((t) => t.id).sort();
  return {
    data: tweets,
    includes: { users },
    meta: {
      newest_id: ids.at(-1),
      oldest_id: ids[0],
      result_count: tweets.length,
      ...(nextToken ? { next_token: nextToken } : {}),
    },
  };
}

export const xUnauthorized = {
  title: 'Unauthorized',
  type: 'about:blank',
  status: 401,
  detail: 'Unauthorized',
};
export const xTooMany = {
  title: 'Too Many Requests',
  detail: 'Too Many Requests',
  type: 'about:blank',
  status: 429,
};
