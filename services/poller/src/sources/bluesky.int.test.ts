import { eventId } from '@crumbtrail/contracts';
import { ReplyScript } from '../test-support/fake-api';
import type { Handler } from '../test-support/fake-api';
import { runSourceScenario } from '../test-support/scenario';
import { bskyBadPassword, bskyPost, bskyPosts as P, bskySearch, bskySession } from './__fixtures__/bluesky';

const loose = bskyPost({
  rkey: '3lqzzzz0',
  handle: 'tourist.bsky.social',
  text: 'acmeville has great pie',
  createdAt: '2025-06-01T11:45:00.000Z',
});
const p4 = bskyPost({
  rkey: '3lqzzzz4',
  handle: 'daffy.bsky.social',
  text: 'ACME customer service just hung up on me',
  createdAt: '2025-06-01T12:04:00.000Z',
});

const script = new ReplyScript()
  .set('', [
    {
      status: 429,
      headers: {
        'retry-after': '1',
        'ratelimit-limit': '3000',
        'ratelimit-remaining': '0',
        'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1),
        'ratelimit-policy': '3000;w=300',
      },
      body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
    },
    { body: bskySearch([P.p3, P.p2], '2') },
  ])
  .set('2', [
    { status: 500, body: { error: 'InternalServerError', message: 'Internal Server Error' } },
    { body: bskySearch([P.p1, loose]) },
  ]);

const bluesky =
  (search: Handler): Handler =>
  (req, base) => {
    if (req.path === '/xrpc/com.atproto.server.createSession') {
      const body = JSON.parse(req.body) as { identifier?: string; password?: string };
      return body.identifier === 'crumbtrail.bsky.social' && body.password === 'abcd-efgh-ijkl-mnop'
        ? { body: bskySession }
        : { status: 401, body: bskyBadPassword };
    }
    if (req.path === '/xrpc/app.bsky.feed.searchPosts') {
      if (req.headers.authorization !== `Bearer ${bskySession.accessJwt}`)
        return { status: 401, body: { error: 'AuthenticationRequired', message: 'Authentication Required' } };
      return search(req, base);
    }
    return { status: 501, body: { error: 'MethodNotImplemented', message: 'Method Not Implemented' } };
  };

const mention = (post: ReturnType<typeof bskyPost>, o: { text: string; at: string; lang?: string }) => ({
  schemaVersion: 1 as const,
  eventId: eventId('bluesky', post.uri),
  brand: 'acme',
  source: 'bluesky' as const,
  externalId: post.uri,
  url: `https://bsky.app/profile/${post.author.handle}/post/${post.uri.split('/').pop()!}`,
  author: { id: post.author.did, handle: `@${post.author.handle}`, name: post.author.displayName },
  text: o.text,
  lang: o.lang ?? 'en',
  publishedAt: o.at,
  engagement: { likes: 9, replies: 1, shares: 3 },
  matchedQuery: 'acme -recruiter',
});

describe('bluesky against a local PDS (createSession + app.bsky.feed.searchPosts)', () => {
  runSourceScenario({
    source: 'bluesky',
    brandsYaml: `
brands:
  - id: acme
    name: Acme
    query: acme -recruiter
    sources:
      bluesky: { schedule: "0 0 1 1 *" }
`,
    env: (api) => ({
      BLUESKY_BASE_URL: api,
      BLUESKY_HANDLE: 'crumbtrail.bsky.social',
      BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop',
    }),
    now: new Date('2025-06-01T12:00:00Z'),
    first: bluesky((req) => script.next(req.query.get('cursor') ?? '')),
    expectFirst: [
      mention(P.p3, { text: 'Acme anvil fell on me. Again. 0/10', at: '2025-06-01T11:59:30.123Z' }),
      mention(P.p2, { text: 'acme corp stock up today', at: '2025-06-01T11:55:00.000Z' }),
      mention(P.p1, { text: 'Acme リュックサックは最高', at: '2025-06-01T11:50:00.000Z', lang: 'ja' }),
    ],
    expectCursor: {
      streams: [
        {
          key: 'acme -recruiter',
          state: {
            at: Date.parse('2025-06-01T11:59:30.123Z'),
            seen: [
              { id: P.p3.uri, at: Date.parse('2025-06-01T11:59:30.123Z') },
              { id: P.p2.uri, at: Date.parse('2025-06-01T11:55:00.000Z') },
              { id: P.p1.uri, at: Date.parse('2025-06-01T11:50:00.000Z') },
            ],
          },
        },
      ],
    },
    malformed: bluesky(() => ({ body: { cursor: '1', posts: { error: 'unexpected' } } })),
    next: bluesky(() => ({ body: bskySearch([p4, P.p3, P.p2]) })),
    expectNext: [
      mention(p4, { text: 'ACME customer service just hung up on me', at: '2025-06-01T12:04:00.000Z' }),
    ],
    checkNextRequests: (requests) => {
      const search = requests.filter((r) => r.path === '/xrpc/app.bsky.feed.searchPosts');
      expect(search.map((r) => [r.query.get('q'), r.query.get('sort'), r.query.get('since')])).toEqual([
        ['acme -recruiter', 'latest', '2025-06-01T11:49:30.123Z'],
      ]);
    },
    empty: bluesky(() => ({ body: bskySearch([]) })),
  });
});
