import { eventId } from '@crumbtrail/contracts';
import { ReplyScript } from '../test-support/fake-api';
import type { Handler } from '../test-support/fake-api';
import { runSourceScenario } from '../test-support/scenario';
import { hnAskStory, hnComment, hnEmpty, hnLooseMatch, hnPage, hnStory } from './__fixtures__/hackernews';

const newComment = {
  ...hnComment,
  objectID: '44150099',
  created_at: '2025-06-01T12:10:00Z',
  created_at_i: 1748779800,
  comment_text: 'Acme&#x27;s anvil API is <i>down</i> again',
  author: 'daffy',
};

const script = new ReplyScript()
  .set('0', [
    { status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too many requests', status: 429 } },
    { body: hnPage([hnComment, hnStory, hnLooseMatch], 0, 2, 4) },
  ])
  .set('1', [{ status: 500, body: 'Internal Server Error' }, { body: hnPage([hnAskStory], 1, 2, 4) }]);

const searchOnly =
  (fn: Handler): Handler =>
  (req, base) =>
    req.path === '/api/v1/search_by_date' ? fn(req, base) : { status: 404, body: { message: 'not found' } };

describe('hackernews against a local Algolia HN Search API', () => {
  runSourceScenario({
    source: 'hackernews',
    brandsYaml: `
brands:
  - id: acme
    name: Acme
    query: acme -recruiter
    sources:
      hackernews: { schedule: "0 0 1 1 *" }
`,
    env: (api) => ({ HACKERNEWS_BASE_URL: api }),
    first: searchOnly((req) => script.next(req.query.get('page') ?? '')),
    expectFirst: [
      {
        schemaVersion: 1,
        eventId: eventId('hackernews', '44150010'),
        brand: 'acme',
        source: 'hackernews',
        externalId: '44150010',
        url: 'https://news.ycombinator.com/item?id=44150010',
        author: { id: 'roadrunner', handle: 'roadrunner' },
        text: 'I tried Acme rockets last year & they blew up.\n\nSupport never answered: https://acme.example/support',
        publishedAt: '2025-06-01T11:59:40.000Z',
        matchedQuery: 'acme -recruiter',
      },
      {
        schemaVersion: 1,
        eventId: eventId('hackernews', '44150002'),
        brand: 'acme',
        source: 'hackernews',
        externalId: '44150002',
        url: 'https://news.ycombinator.com/item?id=44150002',
        author: { id: 'wile_e', handle: 'wile_e' },
        title: 'Show HN: Acme anvils, now with an API',
        text: 'Show HN: Acme anvils, now with an API',
        publishedAt: '2025-06-01T11:58:20.000Z',
        engagement: { score: 87, replies: 12 },
        matchedQuery: 'acme -recruiter',
      },
      {
        schemaVersion: 1,
        eventId: eventId('hackernews', '44149990'),
        brand: 'acme',
        source: 'hackernews',
        externalId: '44149990',
        url: 'https://news.ycombinator.com/item?id=44149990',
        author: { id: 'coyote', handle: 'coyote' },
        title: 'Ask HN: Acme portable holes?',
        text: 'Has anyone used the Acme portable hole? Is it safe?',
        publishedAt: '2025-06-01T11:50:00.000Z',
        engagement: { score: 3, replies: 0 },
        matchedQuery: 'acme -recruiter',
      },
    ],
    expectCursor: {
      streams: [
        {
          key: 'acme -recruiter',
          state: {
            at: 1748779180000,
            seen: [
              { id: '44150010', at: 1748779180000 },
              { id: '44150002', at: 1748779100000 },
              { id: '44149990', at: 1748778600000 },
            ],
          },
        },
      ],
    },
    malformed: searchOnly(() => ({ body: '{"hits":[{"objectID":"1",' })),
    next: searchOnly(() => ({ body: hnPage([newComment, hnComment, hnStory], 0, 1, 3) })),
    expectNext: [
      {
        schemaVersion: 1,
        eventId: eventId('hackernews', '44150099'),
        brand: 'acme',
        source: 'hackernews',
        externalId: '44150099',
        url: 'https://news.ycombinator.com/item?id=44150099',
        author: { id: 'daffy', handle: 'daffy' },
        text: "Acme's anvil API is down again",
        publishedAt: '2025-06-01T12:10:00.000Z',
        matchedQuery: 'acme -recruiter',
      },
    ],
    checkNextRequests: (requests) => {
      expect(requests.map((r) => r.query.get('numericFilters'))).toEqual([
        `created_at_i>=${1748779180 - 600}`,
      ]);
      expect(requests[0]!.query.get('query')).toBe('acme -recruiter');
    },
    empty: searchOnly(() => ({ body: hnEmpty })),
  });
});
