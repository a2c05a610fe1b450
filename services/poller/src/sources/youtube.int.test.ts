import { eventId } from '@crumbtrail/contracts';
import { ReplyScript } from '../test-support/fake-api';
import type { Handler } from '../test-support/fake-api';
import { runSourceScenario } from '../test-support/scenario';
import { ytPage, ytThread, ytThreads as C } from './__fixtures__/youtube';

const VIDEO = 'dQw4w9WgXcQ';
const loose = ytThread({
  id: 'UgzLoose',
  videoId: VIDEO,
  text: 'greetings from acmeville',
  author: '@tourist',
  publishedAt: '2025-06-01T11:00:00Z',
});
const c4 = ytThread({
  id: 'UgzAcme4',
  videoId: VIDEO,
  text: 'Acme should sponsor this channel',
  author: '@daffy',
  publishedAt: '2025-06-01T12:06:00Z',
  likes: 3,
});

const script = new ReplyScript()
  .set('', [
    {
      status: 429,
      headers: { 'retry-after': '1' },
      body: {
        error: {
          code: 429,
          message: 'Resource has been exhausted (e.g. check quota).',
          status: 'RESOURCE_EXHAUSTED',
        },
      },
    },
    { body: ytPage([C.c3, C.c2], 'QURTSl9pMlgyZ3ZE') },
  ])
  .set('QURTSl9pMlgyZ3ZE', [
    {
      status: 500,
      body: {
        error: {
          code: 500,
          message: 'Internal error encountered.',
          errors: [{ message: 'Internal error encountered.', domain: 'global', reason: 'backendError' }],
          status: 'INTERNAL',
        },
      },
    },
    { body: ytPage([loose, C.c1], 'more-older-pages') },
  ]);

const youtube =
  (list: Handler): Handler =>
  (req, base) => {
    if (req.path !== '/youtube/v3/commentThreads')
      return {
        status: 404,
        body: { error: { code: 404, message: 'Not Found', errors: [{ reason: 'notFound' }] } },
      };
    if (req.query.get('key') !== 'AIzaSyTEST') {
      return {
        status: 400,
        body: {
          error: {
            code: 400,
            message: 'API key not valid. Please pass a valid API key.',
            errors: [{ reason: 'badRequest' }],
          },
        },
      };
    }
    return list(req, base);
  };

const mention = (t: ReturnType<typeof ytThread>, o: { likes: number; replies: number }) => {
  const c = t.snippet.topLevelComment;
  return {
    schemaVersion: 1 as const,
    eventId: eventId('youtube', c.id),
    brand: 'acme',
    source: 'youtube' as const,
    externalId: c.id,
    url: `https://www.youtube.com/watch?v=${VIDEO}&lc=${c.id}`,
    author: { id: c.snippet.authorChannelId.value, handle: c.snippet.authorDisplayName },
    text: c.snippet.textOriginal,
    publishedAt: new Date(c.snippet.publishedAt).toISOString(),
    engagement: o,
    matchedQuery: 'acme -recruiter',
  };
};

describe('youtube against a local YouTube Data API (commentThreads.list)', () => {
  runSourceScenario({
    source: 'youtube',
    brandsYaml: `
brands:
  - id: acme
    name: Acme
    query: acme -recruiter
    sources:
      youtube: { schedule: "0 0 1 1 *", videoIds: [${VIDEO}] }
`,
    env: (api) => ({ YOUTUBE_BASE_URL: api, YOUTUBE_API_KEY: 'AIzaSyTEST' }),
    now: new Date('2025-06-01T12:00:00Z'),
    first: youtube((req) => script.next(req.query.get('pageToken') ?? '')),
    expectFirst: [mention(C.c3, { likes: 12, replies: 2 }), mention(C.c2, { likes: 0, replies: 0 })],
    expectCursor: {
      streams: [
        {
          key: `video:${VIDEO} acme`,
          state: {
            at: Date.parse('2025-06-01T11:59:00Z'),
            seen: [{ id: 'UgzAcme3', at: Date.parse('2025-06-01T11:59:00Z') }],
          },
        },
      ],
    },
    checkFirstRequests: (requests) => {
      // the second page reached back past the 24 h look-back: no third page
      expect(requests.filter((r) => r.status === 200).map((r) => r.query.get('pageToken'))).toEqual([
        null,
        'QURTSl9pMlgyZ3ZE',
      ]);
    },
    malformed: youtube(() => ({
      body: { kind: 'youtube#commentThreadListResponse', pageInfo: {}, items: null },
    })),
    next: youtube(() => ({ body: ytPage([c4, C.c3, C.c2]) })),
    expectNext: [mention(c4, { likes: 3, replies: 0 })],
    checkNextRequests: (requests) => {
      expect(
        requests.map((r) => [
          r.query.get('videoId'),
          r.query.get('searchTerms'),
          r.query.get('order'),
          r.query.get('textFormat'),
        ]),
      ).toEqual([[VIDEO, 'acme', 'time', 'plainText']]);
    },
    empty: youtube(() => ({ body: ytPage([]) })),
  });
});
