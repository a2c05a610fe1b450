import { eventId } from '@crumbtrail/contracts';
import { ReplyScript } from '../test-support/fake-api';
import type { Handler } from '../test-support/fake-api';
import { runSourceScenario } from '../test-support/scenario';
import { seQuestion, seQuestions as Q, seWrapper } from './__fixtures__/stackexchange';

const loose = seQuestion({
  id: 79650000,
  title: 'Acmeville census data API',
  body: '<p>Where is it?</p>',
  created: 1748776000,
});
const q4 = seQuestion({
  id: 79650004,
  title: 'Acme SDK: how to retry on AnvilError',
  body: '<p>Is there a <em>built-in</em> retry?</p>',
  created: 1748779500,
  user: 'Daffy',
});

const script = new ReplyScript()
  .set('1', [
    { status: 429, headers: { 'retry-after': '1' }, body: '<html><body>Too Many Requests</body></html>' },
    { body: seWrapper([Q.q3, Q.q2], true, { backoff: 1 }) },
  ])
  .set('2', [
    {
      status: 500,
      body: { error_id: 500, error_message: 'An unexpected error occurred', error_name: 'internal_error' },
    },
    { body: seWrapper([Q.q1, loose], false) },
  ]);

const se =
  (search: Handler): Handler =>
  (req, base) =>
    req.path === '/2.3/search/advanced' && req.query.get('site') === 'stackoverflow'
      ? search(req, base)
      : {
          status: 400,
          body: { error_id: 400, error_message: 'site is required', error_name: 'bad_parameter' },
        };

const mention = (
  q: ReturnType<typeof seQuestion>,
  o: { title: string; text: string; handle: string; at: string },
) => ({
  schemaVersion: 1 as const,
  eventId: eventId('stackexchange', `stackoverflow:${q.question_id}`),
  brand: 'acme',
  source: 'stackexchange' as const,
  externalId: `stackoverflow:${q.question_id}`,
  url: q.link,
  author: { id: String(q.owner.user_id), handle: o.handle },
  title: o.title,
  text: o.text,
  publishedAt: o.at,
  engagement: { score: 2, replies: 1, views: 41 },
  matchedQuery: 'acme -recruiter',
});

describe('stackexchange against a local Stack Exchange API', () => {
  runSourceScenario({
    source: 'stackexchange',
    brandsYaml: `
brands:
  - id: acme
    name: Acme
    query: acme -recruiter
    sources:
      stackexchange: { schedule: "0 0 1 1 *", site: stackoverflow }
`,
    env: (api) => ({ STACKEXCHANGE_BASE_URL: api, STACKEXCHANGE_KEY: 'se-app-key' }),
    first: se((req) => script.next(req.query.get('page') ?? '')),
    checkFirstRequests: (requests) => {
      // page 1 came back with backoff: 1, so page 2 (same method) waited at least a second
      const page1 = requests.find((r) => r.query.get('page') === '1' && r.status === 200)!;
      const page2 = requests.find((r) => r.query.get('page') === '2')!;
      expect(page2.at - page1.at).toBeGreaterThanOrEqual(1000);
      expect(page1.query.get('key')).toBe('se-app-key');
    },
    expectFirst: [
      mention(Q.q3, {
        title: 'Why does Acme\'s SDK throw "AnvilError"?',
        text: 'Calling acme.drop() throws:\n\nAnvilError: out of anvils',
        handle: 'Wile E. Coyote',
        at: '2025-06-01T11:56:40.000Z',
      }),
      mention(Q.q2, {
        title: 'Acme rocket skates API rate limits',
        text: 'How many requests per minute?',
        handle: 'road&runner',
        at: '2025-06-01T11:40:00.000Z',
      }),
      mention(Q.q1, {
        title: 'Configuring acme portable holes',
        text: 'Docs are unclear.',
        handle: 'Wile E. Coyote',
        at: '2025-06-01T11:23:20.000Z',
      }),
    ],
    expectCursor: {
      streams: [
        {
          key: 'stackoverflow acme',
          state: { at: 1748779000000, seen: [{ id: 'stackoverflow:79650003', at: 1748779000000 }] },
        },
      ],
    },
    malformed: se(() => ({ body: '{"items":[{"question_id":79650005,' })),
    next: se(() => ({ body: seWrapper([q4, Q.q3, Q.q2], false) })),
    expectNext: [
      mention(q4, {
        title: 'Acme SDK: how to retry on AnvilError',
        text: 'Is there a built-in retry?',
        handle: 'Daffy',
        at: '2025-06-01T12:05:00.000Z',
      }),
    ],
    checkNextRequests: (requests) => {
      expect(
        requests.map((r) => [
          r.query.get('q'),
          r.query.get('fromdate'),
          r.query.get('sort'),
          r.query.get('page'),
        ]),
      ).toEqual([['acme', String(1748779000 - 600), 'creation', '1']]);
    },
    empty: se(() => ({ body: seWrapper([], false) })),
  });
});
