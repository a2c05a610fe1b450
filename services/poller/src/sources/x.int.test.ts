import { eventId } from '@crumbtrail/contracts';
import { ReplyScript } from '../test-support/fake-api';
import type { Handler } from '../test-support/fake-api';
import { runSourceScenario } from '../test-support/scenario';
import { xPage, xTooMany, xTweet, xTweets as T, xUnauthorized, xUsers as U } from './__fixtures__/x';

const loose = xTweet({
  id: '1929000000000000001',
  text: 'road trip to acmeville',
  author: U.road.id,
  createdAt: '2025-06-01T11:50:00.000Z',
});
const t5 = xTweet({
  id: '1929000000000000005',
  text: 'Acme shipped my order 🎉',
  author: U.road.id,
  createdAt: '2025-06-01T12:03:00.000Z',
});

const script = new ReplyScript()
  .set('', [
    {
      status: 429,
      headers: {
        'retry-after': '1',
        'x-rate-limit-limit': '60',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 1),
      },
      body: xTooMany,
    },
    {
      body: xPage([T.t4, T.t3], [U.wile, U.road], 'b26v89c19zqg8o3fosbkm'),
      headers: { 'x-rate-limit-remaining': '58' },
    },
  ])
  .set('b26v89c19zqg8o3fosbkm', [
    {
      status: 500,
      body: {
        title: 'Internal Server Error',
        detail: 'Something went wrong',
        type: 'about:blank',
        status: 500,
      },
    },
    { body: xPage([T.t2, loose], [U.wile, U.road]) },
  ]);

const x =
  (search: Handler): Handler =>
  (req, base) => {
    if (req.path !== '/2/tweets/search/recent')
      return { status: 404, body: { title: 'Not Found Error', type: 'about:blank', status: 404 } };
    if (req.headers.authorization !== 'Bearer AAAAAAAAAAAAAAAAAAAAAbearer')
      return { status: 401, body: xUnauthorized };
    return search(req, base);
  };

const mention = (t: ReturnType<typeof xTweet>, user: typeof U.wile, o: { lang?: string } = {}) => ({
  schemaVersion: 1 as const,
  eventId: eventId('x', t.id),
  brand: 'acme',
  source: 'x' as const,
  externalId: t.id,
  url: `https://x.com/${user.username}/status/${t.id}`,
  author: {
    id: user.id,
    handle: `@${user.username}`,
    name: user.name,
    followers: user.public_metrics.followers_count,
  },
  text: t.text,
  lang: o.lang ?? 'en',
  publishedAt: t.created_at,
  engagement: { likes: 25, replies: 4, shares: 4, views: 1500 },
  matchedQuery: 'acme -recruiter',
});

describe('x against a local X API v2 (recent search)', () => {
  runSourceScenario({
    source: 'x',
    brandsYaml: `
brands:
  - id: acme
    name: Acme
    query: acme -recruiter
    sources:
      x: { schedule: "0 0 1 1 *" }
`,
    env: (api) => ({ X_BASE_URL: api, X_BEARER_TOKEN: 'AAAAAAAAAAAAAAAAAAAAAbearer' }),
    now: new Date('2025-06-01T12:00:00Z'),
    first: x((req) => script.next(req.query.get('next_token') ?? '')),
    expectFirst: [mention(T.t4, U.wile), mention(T.t3, U.road, { lang: 'und' }), mention(T.t2, U.wile)],
    expectCursor: { streams: [{ key: 'acme -recruiter -is:retweet', state: { sinceId: T.t4.id } }] },
    malformed: x(() => ({
      body: 'upstream connect error or disconnect/reset before headers. reset reason: overflow',
    })),
    next: x((req) => ({
      body: req.query.get('since_id') === T.t4.id ? xPage([t5], [U.road]) : xPage([], []),
    })),
    expectNext: [mention(t5, U.road)],
    checkNextRequests: (requests) => {
      expect(
        requests.map((r) => [r.query.get('query'), r.query.get('since_id'), r.query.get('start_time')]),
      ).toEqual([['acme -recruiter -is:retweet', T.t4.id, null]]);
    },
    empty: x(() => ({ body: { meta: { result_count: 0 } } })),
  });
});
