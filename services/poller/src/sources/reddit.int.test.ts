import { eventId } from '@crumbtrail/contracts';
import { ReplyScript } from '../test-support/fake-api';
import type { Handler } from '../test-support/fake-api';
import { runSourceScenario } from '../test-support/scenario';
import { redditListing, redditPost, redditPosts as P, redditToken } from './__fixtures__/reddit';

const loose = redditPost({
  id: '1l0aaaa',
  title: 'Visiting Acmeville this summer',
  selftext: 'Any diners?',
  author: 'tourist',
  created: 1748775000.0,
});
const fresh = redditPost({
  id: '1l0dddd',
  title: 'Acme refund finally came through',
  selftext: 'After 6 weeks. Thanks r/anvils',
  author: 'coyote',
  created: 1748779900.0,
  score: 7,
  comments: 1,
});

const script = new ReplyScript()
  .set('', [
    {
      status: 429,
      headers: {
        'retry-after': '1',
        'x-ratelimit-used': '100',
        'x-ratelimit-remaining': '0.0',
        'x-ratelimit-reset': '1',
      },
      body: { message: 'Too Many Requests', error: 429 },
    },
    {
      body: redditListing([P.newest, P.link], 't3_1l0b2kq'),
      headers: { 'x-ratelimit-remaining': '98.0', 'x-ratelimit-reset': '500' },
    },
  ])
  .set('t3_1l0b2kq', [
    { status: 500, body: '<html><body><h1>500 Internal Server Error</h1></body></html>' },
    { body: redditListing([P.older, loose], null) },
  ]);

const reddit =
  (search: Handler): Handler =>
  (req, base) => {
    if (req.path === '/api/v1/access_token') {
      const expected = `Basic ${Buffer.from('app-id:app-secret').toString('base64')}`;
      return req.headers.authorization === expected && req.body === 'grant_type=client_credentials'
        ? { body: redditToken }
        : { status: 401, body: { message: 'Unauthorized', error: 401 } };
    }
    if (req.path === '/search') {
      if (req.headers.authorization !== `bearer ${redditToken.access_token}`)
        return { status: 401, body: { message: 'Unauthorized', error: 401 } };
      return search(req, base);
    }
    return { status: 404, body: { message: 'Not Found', error: 404 } };
  };

const mention = (o: {
  id: string;
  title: string;
  text: string;
  author: string;
  authorId: string;
  at: string;
  slug: string;
  score: number;
  replies: number;
}) => ({
  schemaVersion: 1 as const,
  eventId: eventId('reddit', `t3_${o.id}`),
  brand: 'acme',
  source: 'reddit' as const,
  externalId: `t3_${o.id}`,
  url: `https://www.reddit.com/r/anvils/comments/${o.id}/${o.slug}/`,
  author: { id: o.authorId, handle: `u/${o.author}` },
  title: o.title,
  text: o.text,
  publishedAt: o.at,
  engagement: { score: o.score, replies: o.replies },
  matchedQuery: 'acme -recruiter',
});

describe('reddit against a local Reddit API', () => {
  runSourceScenario({
    source: 'reddit',
    brandsYaml: `
brands:
  - id: acme
    name: Acme
    query: acme -recruiter
    sources:
      reddit: { schedule: "0 0 1 1 *" }
`,
    env: (api) => ({
      REDDIT_BASE_URL: api,
      REDDIT_AUTH_URL: api,
      REDDIT_CLIENT_ID: 'app-id',
      REDDIT_CLIENT_SECRET: 'app-secret',
    }),
    now: new Date('2025-06-01T12:00:00Z'),
    first: reddit((req) => script.next(req.query.get('after') ?? '')),
    expectFirst: [
      mention({
        id: '1l0c9xa',
        title: 'Acme anvil arrived cracked',
        text: 'Third **Acme** anvil this year that arrived cracked. Support is ignoring me.',
        author: 'wile_e',
        authorId: 't2_6x9k',
        at: '2025-06-01T11:59:10.000Z',
        slug: 'acme_anvil_arrived_cracked',
        score: 42,
        replies: 17,
      }),
      mention({
        id: '1l0b2kq',
        title: 'Acme announces portable holes',
        text: 'Acme announces portable holes',
        author: 'news_bot',
        authorId: 't2_8x9k',
        at: '2025-06-01T11:40:00.000Z',
        slug: 'acme_announces_portable_holes',
        score: 5,
        replies: 0,
      }),
      mention({
        id: '1l09zzz',
        title: 'Anyone tried the Acme rocket skates?',
        text: 'Thinking of buying a pair.',
        author: 'coyote',
        authorId: 't2_6x9k',
        at: '2025-06-01T09:26:40.000Z',
        slug: 'anyone_tried_the_acme_rocket_skates_',
        score: 3,
        replies: 2,
      }),
    ],
    expectCursor: {
      streams: [
        {
          key: 'acme AND NOT recruiter',
          state: {
            at: 1748779150000,
            // only ids within the 10-minute overlap before the newest are kept
            seen: [{ id: 't3_1l0c9xa', at: 1748779150000 }],
          },
        },
      ],
    },
    malformed: reddit(() => ({
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<!doctype html><html><body>upstream connect error</body></html>',
    })),
    next: reddit(() => ({ body: redditListing([fresh, P.newest, P.link], 't3_1l0b2kq') })),
    expectNext: [
      mention({
        id: '1l0dddd',
        title: 'Acme refund finally came through',
        text: 'After 6 weeks. Thanks r/anvils',
        author: 'coyote',
        authorId: 't2_6x9k',
        at: '2025-06-01T12:11:40.000Z',
        slug: 'acme_refund_finally_came_through',
        score: 7,
        replies: 1,
      }),
    ],
    checkNextRequests: (requests) => {
      // the page reached back past the watermark's overlap, so no second page was read
      expect(requests.filter((r) => r.path === '/search').map((r) => r.query.get('after'))).toEqual([null]);
      expect(requests.find((r) => r.path === '/search')!.query.get('q')).toBe('acme AND NOT recruiter');
    },
    empty: reddit(() => ({ body: redditListing([], null) })),
  });
});
