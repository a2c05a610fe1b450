/**
 * Bluesky XRPC responses in the lexicon shapes: com.atproto.server.createSession output and
 * app.bsky.feed.searchPosts output ({ cursor, hitsTotal, posts: app.bsky.feed.defs#postView[] }).
 */
export const bskySession = {
  did: 'did:plc:crumbtrailtestaaaaaaaaaa',
  didDoc: { '@context': ['https://www.w3.org/ns/did/v1'], id: 'did:plc:crumbtrailtestaaaaaaaaaa' },
  handle: 'crumbtrail.bsky.social',
  email: 'ops@crumbtrail.test',
  emailConfirmed: true,
  accessJwt: 'eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFUzI1NksifQ.access.sig',
  refreshJwt: 'eyJ0eXAiOiJyZWZyZXNoK2p3dCIsImFsZyI6IkVTMjU2SyJ9.refresh.sig',
  active: true,
};

export const bskyExpired = { error: 'ExpiredToken', message: 'Token has expired' };
export const bskyBadPassword = { error: 'AuthenticationRequired', message: 'Invalid identifier or password' };

export function bskyPost(o: {
  rkey: string;
  handle: string;
  text: string;
  createdAt: string;
  langs?: string[];
}) {
  const did = `did:plc:${o.handle
    .replace(/[^a-z]/g, '')
    .padEnd(24, 'x')
    .slice(0, 24)}`;
  return {
    uri: `at://${did}/app.bsky.feed.post/${o.rkey}`,
    cid: `bafyreib${o.rkey}aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`,
    author: {
      did,
      handle: o.handle,
      displayName: o.handle.split('.')[0],
      avatar: `https://cdn.bsky.app/img/avatar/plain/${did}/bafkrei@jpeg`,
      associated: { chat: { allowIncoming: 'following' } },
      labels: [],
      createdAt: '2023-05-01T10:00:00.000Z',
    },
    record: {
      $type: 'app.bsky.feed.post',
      createdAt: o.createdAt,
      langs: o.langs ?? ['en'],
      text: o.text,
    },
    replyCount: 1,
    repostCount: 2,
    likeCount: 9,
    quoteCount: 1,
    indexedAt: o.createdAt,
    labels: [],
  };
}

export const bskyPosts = {
  p3: bskyPost({
    rkey: '3lqzzzz3',
    handle: 'wile.bsky.social',
    text: 'Acme anvil fell on me. Again. 0/10',
    createdAt: '2025-06-01T11:59:30.123Z',
  }),
  p2: bskyPost({
    rkey: '3lqzzzz2',
    handle: 'road.runner.dev',
    text: 'acme corp stock up today',
    createdAt: '2025-06-01T11:55:00.000Z',
    langs: ['en-US'],
  }),
  p1: bskyPost({
    rkey: '3lqzzzz1',
    handle: 'coyote.bsky.social',
    text: 'Acme リュックサックは最高',
    createdAt: '2025-06-01T11:50:00.000Z',
    langs: ['ja'],
  }),
};

export function bskySearch(posts: unknown[], cursor?: string) {
  return cursor === undefined ? { posts, hitsTotal: posts.length } : { cursor, hitsTotal: 250, posts };
}
