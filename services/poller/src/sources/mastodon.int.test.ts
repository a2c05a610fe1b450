import { eventId } from '@crumbtrail/contracts';
import { ReplyScript } from '../test-support/fake-api';
import type { Handler, RecordedRequest, Reply } from '../test-support/fake-api';
import { runSourceScenario } from '../test-support/scenario';
import { mastodonStatus, mastodonStatuses as S } from './__fixtures__/mastodon';

const loose = mastodonStatus({
  id: '114612399999999901',
  createdAt: '2025-06-01T11:55:00.000Z',
  content: '<p>Acmeville trip</p>',
  acct: 'tourist@mastodon.social',
});
const looseSearch = mastodonStatus({
  id: '114612399999999900',
  createdAt: '2025-06-01T11:54:00.000Z',
  content: '<p>Off to Acmeville</p>',
  acct: 'tourist@mastodon.social',
});
const s6 = mastodonStatus({
  id: '114612399999999906',
  acct: 'daffy@mastodon.social',
  createdAt: '2025-06-01T12:05:00.000Z',
  content: '<p>Acme&#39;s new store is <strong>huge</strong></p>',
});
const TOKEN = 'mastodon-user-token';
const limited = {
  status: 429,
  headers: {
    'retry-after': '1',
    'x-ratelimit-limit': '300',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': new Date(Date.now() + 1000).toISOString(),
  },
  body: { error: 'Too many requests' },
};

const link = (base: string, rel: 'next' | 'prev', id: string) =>
  `<${base}/api/v1/timelines/tag/acme?${rel === 'next' ? 'max_id' : 'min_id'}=${id}>; rel="${rel}"`;
const page = (base: string, statuses: { id: string }[]): Reply => ({
  body: statuses,
  headers: statuses.length
    ? { link: `${link(base, 'next', statuses.at(-1)!.id)}, ${link(base, 'prev', statuses[0]!.id)}` }
    : {},
});

const script = new ReplyScript();
let scripted = false;
const mastodon =
  (
    tag: (req: RecordedRequest, base: string) => ReturnType<Handler>,
    search: (req: RecordedRequest) => ReturnType<Handler>,
  ): Handler =>
  (req, base) => {
    if (req.path === '/api/v1/timelines/tag/acme') return tag(req, base);
    if (req.path === '/api/v2/search') {
      if (req.headers.authorization !== `Bearer ${TOKEN}`)
        return { status: 401, body: { error: 'The access token is invalid' } };
      return search(req);
    }
    return { status: 404, body: { error: 'Record not found' } };
  };

const mention = (
  api: string,
  o: {
    status: { id: string; uri: string; url: string };
    handle: string;
    author: string;
    text: string;
    at: string;
    lang?: string;
  },
) => ({
  schemaVersion: 1 as const,
  eventId: eventId('mastodon', o.status.uri),
  brand: 'acme',
  source: 'mastodon' as const,
  externalId: o.status.uri,
  url: o.status.url,
  author: {
    id: o.author,
    handle: o.handle.replace('{host}', new URL(api).host),
    name: o.handle.split('@')[1]!.replace('_', ' '),
    followers: 321,
  },
  text: o.text,
  lang: o.lang ?? 'en',
  publishedAt: o.at,
  engagement: { likes: 5, replies: 2, shares: 1 },
  matchedQuery: 'acme -recruiter',
});

describe('mastodon against a local Mastodon instance (hashtag timeline + search)', () => {
  runSourceScenario({
    source: 'mastodon',
    brandsYaml: `
brands:
  - id: acme
    name: Acme
    query: acme -recruiter
    sources:
      mastodon: { schedule: "0 0 1 1 *", hashtags: ["#acme"] }
`,
    env: (api) => ({ MASTODON_BASE_URL: api, MASTODON_ACCESS_TOKEN: TOKEN }),
    now: new Date('2025-06-01T12:00:00Z'),
    first: mastodon(
      (r, base) => {
        if (!scripted) {
          scripted = true;
          script.set('tag:', [limited, page(base, [S.s5, S.s4])]);
          script.set(`tag:${S.s4.id}`, [
            { status: 500, body: '<html>We are sorry, but something went wrong</html>' },
            page(base, [S.s3, loose, S.s2]),
          ]);
          script.set(`tag:${S.s2.id}`, [page(base, [])]);
        }
        return script.next(`tag:${r.query.get('max_id') ?? ''}`);
      },
      () => ({ body: { accounts: [], statuses: [S.s5, looseSearch], hashtags: [] } }),
    ),
    expectFirst: (api) => [
      mention(api, {
        status: S.s5,
        handle: '@wile_e@{host}',
        author: 'https://mastodon.social/@wile_e',
        text: "My #acme anvil arrived broken & support won't reply",
        at: '2025-06-01T11:59:00.000Z',
      }),
      mention(api, {
        status: S.s4,
        handle: '@roadrunner@fosstodon.org',
        author: 'https://fosstodon.org/@roadrunner',
        text: 'Acme Raketenschuhe sind großartig!',
        at: '2025-06-01T11:58:00.000Z',
        lang: 'de',
      }),
      mention(api, {
        status: S.s3,
        handle: '@wile_e@{host}',
        author: 'https://mastodon.social/@wile_e',
        text: 'rant\n\nacme shipping is slow',
        at: '2025-06-01T11:57:00.000Z',
      }),
      mention(api, {
        status: S.s2,
        handle: '@wile_e@{host}',
        author: 'https://mastodon.social/@wile_e',
        text: '#acme day!',
        at: '2025-06-01T11:56:00.000Z',
      }),
    ],
    expectCursor: (api: string) => ({
      streams: [
        { key: `${api} #acme`, state: { sinceId: S.s5.id } },
        { key: `${api} search acme -recruiter`, state: { sinceId: S.s5.id } },
      ],
    }),
    malformed: mastodon(
      () => ({
        body: '<!DOCTYPE html><html><head><title>Mastodon</title></head><body>maintenance</body></html>',
      }),
      () => ({ body: { accounts: [], statuses: 'unavailable', hashtags: [] } }),
    ),
    next: mastodon(
      (r, base) => (r.query.get('min_id') === S.s5.id ? page(base, [s6]) : page(base, [])),
      (r) => ({
        body: { accounts: [], statuses: r.query.get('min_id') === S.s5.id ? [s6] : [], hashtags: [] },
      }),
    ),
    expectNext: (api) => [
      mention(api, {
        status: s6,
        handle: '@daffy@mastodon.social',
        author: 'https://mastodon.social/@daffy',
        text: "Acme's new store is huge",
        at: '2025-06-01T12:05:00.000Z',
      }),
    ],
    checkNextRequests: (requests) => {
      expect(requests.map((r) => `${r.path}?${r.query.toString()}`)).toEqual([
        `/api/v1/timelines/tag/acme?limit=40&min_id=${S.s5.id}`,
        `/api/v1/timelines/tag/acme?min_id=${s6.id}`,
        `/api/v2/search?q=acme+-recruiter&type=statuses&resolve=false&limit=40&min_id=${S.s5.id}`,
      ]);
    },
    empty: mastodon(
      () => ({ body: [] }),
      () => ({ body: { accounts: [], statuses: [], hashtags: [] } }),
    ),
  });
});
