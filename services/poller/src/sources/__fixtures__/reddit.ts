/**
 * Reddit API responses in the documented shapes: the OAuth token response of POST /api/v1/access_token and the
 * Listing of GET /search (children of kind t3 = link/post, with the usual post fields).
 */
export const redditToken = {
  access_token:
    'eyJhbGciOiJSUzI1NiIsImtpZCI6IlNIQTI1NjpzS3dsMnlsV0VtMjVmcXhwTU40cWY4MXE2OWFFdWFyMnpLMUdhVGxjdWNZIiwidHlwIjoiSldUIn0.test',
  token_type: 'bearer',
  expires_in: 86400,
  scope: '*',
};

export const redditUnauthorized = { message: 'Unauthorized', error: 401 };

export function redditPost(o: {
  id: string;
  title: string;
  selftext?: string;
  author?: string;
  subreddit?: string;
  created: number;
  score?: number;
  comments?: number;
}) {
  const subreddit = o.subreddit ?? 'anvils';
  const slug = o.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 40);
  return {
    kind: 't3',
    data: {
      approved_at_utc: null,
      subreddit,
      selftext: o.selftext ?? '',
      author_fullname: `t2_${(o.author ?? 'wile_e').length}x9k`,
      saved: false,
      gilded: 0,
      clicked: false,
      title: o.title,
      subreddit_name_prefixed: `r/${subreddit}`,
      hidden: false,
      downs: 0,
      name: `t3_${o.id}`,
      upvote_ratio: 0.93,
      ups: o.score ?? 1,
      domain: o.selftext ? `self.${subreddit}` : 'acme.example',
      is_self: Boolean(o.selftext),
      link_flair_text: null,
      score: o.score ?? 1,
      thumbnail: 'self',
      edited: false,
      selftext_html: o.selftext ? `&lt;div class="md"&gt;&lt;p&gt;${o.selftext}&lt;/p&gt;&lt;/div&gt;` : null,
      created: o.created,
      over_18: false,
      subreddit_id: 't5_2qh1i',
      id: o.id,
      author: o.author ?? 'wile_e',
      num_comments: o.comments ?? 0,
      permalink: `/r/${subreddit}/comments/${o.id}/${slug}/`,
      url: o.selftext
        ? `https://www.reddit.com/r/${subreddit}/comments/${o.id}/${slug}/`
        : 'https://acme.example/',
      subreddit_subscribers: 12345,
      created_utc: o.created,
      num_crossposts: 0,
      media: null,
      is_video: false,
    },
  };
}

export function redditListing(children: unknown[], after: string | null) {
  return {
    kind: 'Listing',
    data: { after, dist: children.length, modhash: '', geo_filter: '', children, before: null },
  };
}

export const redditPosts = {
  newest: redditPost({
    id: '1l0c9xa',
    title: 'Acme anvil arrived cracked',
    selftext: 'Third **Acme** anvil this year that arrived cracked. Support is ignoring me.',
    author: 'wile_e',
    created: 1748779150.0,
    score: 42,
    comments: 17,
  }),
  link: redditPost({
    id: '1l0b2kq',
    title: 'Acme announces portable holes',
    author: 'news_bot',
    created: 1748778000.0,
    score: 5,
  }),
  older: redditPost({
    id: '1l09zzz',
    title: 'Anyone tried the Acme rocket skates?',
    selftext: 'Thinking of buying a pair.',
    author: 'coyote',
    created: 1748770000.0,
    score: 3,
    comments: 2,
  }),
};
