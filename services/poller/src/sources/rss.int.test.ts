import { eventId } from '@crumbtrail/contracts';
import { ReplyScript } from '../test-support/fake-api';
import type { Handler, RecordedRequest, Reply } from '../test-support/fake-api';
import { runSourceScenario } from '../test-support/scenario';
import { alertEntries as A, googleAlertsFeed, rssFeed } from './__fixtures__/rss';

const ALERTS = '/alerts/feeds/06807031914929345698/10604166159629661594';
const GAZETTE = '/feed';
const factory = {
  id: '1039392940289382913',
  url: 'https://gazette.example.net/2025/06/acme-factory/',
  title: '&lt;b&gt;Acme&lt;/b&gt; opens new factory - Desert Gazette',
  content: '&lt;b&gt;Acme&lt;/b&gt;&amp;#39;s new factory will make anvils.',
  published: '2025-06-01T11:35:00Z',
};
const outage = {
  id: '1039392940289382914',
  url: 'https://status.example.org/incidents/acme-api',
  title: '&lt;b&gt;Acme&lt;/b&gt; API outage resolved',
  content: 'The &lt;b&gt;Acme&lt;/b&gt; API was down for 2 hours.',
  published: '2025-06-01T12:02:00Z',
};
const emptyRss =
  '<?xml version="1.0"?><rss version="2.0"><channel><title>Desert Gazette</title><link>https://gazette.example.net/</link><description>x</description></channel></rss>';
const LAST_MODIFIED = 'Sun, 01 Jun 2025 11:30:00 GMT';

const atom = (body: string, etag: string): Reply => ({
  body,
  headers: { 'content-type': 'application/atom+xml; charset=utf-8', etag },
});
const rss = (body: string): Reply => ({
  body,
  headers: { 'content-type': 'application/rss+xml; charset=UTF-8', 'last-modified': LAST_MODIFIED },
});

const script = new ReplyScript()
  .set(ALERTS, [
    { status: 429, headers: { 'retry-after': '1' }, body: 'Too Many Requests' },
    atom(googleAlertsFeed([factory, A.recall, A.review]), '"a1"'),
  ])
  .set(GAZETTE, [
    { status: 500, body: '<html><body>Error establishing a database connection</body></html>' },
    rss(rssFeed),
  ]);

const feeds =
  (alerts: (r: RecordedRequest) => Reply, gazette: (r: RecordedRequest) => Reply): Handler =>
  (req) =>
    req.path === ALERTS
      ? alerts(req)
      : req.path === GAZETTE
        ? gazette(req)
        : { status: 404, body: 'Not Found' };

const mention = (o: {
  url: string;
  handle: string;
  title: string;
  text: string;
  at: string;
  lang?: string;
}) => ({
  schemaVersion: 1 as const,
  eventId: eventId('rss', o.url),
  brand: 'acme',
  source: 'rss' as const,
  externalId: o.url,
  url: o.url,
  author: { handle: o.handle },
  title: o.title,
  text: o.text,
  ...(o.lang ? { lang: o.lang } : {}),
  publishedAt: o.at,
  matchedQuery: 'acme -recruiter',
});

describe('rss against local feeds (a Google Alerts Atom feed and an RSS 2.0 feed)', () => {
  runSourceScenario({
    source: 'rss',
    brandsYaml: (api) => `
brands:
  - id: acme
    name: Acme
    query: acme -recruiter
    sources:
      rss:
        schedule: "0 0 1 1 *"
        feeds:
          - ${api}${ALERTS}
          - ${api}${GAZETTE}
`,
    env: () => ({}),
    now: new Date('2025-06-01T12:00:00Z'),
    first: feeds(
      (r) => script.next(r.path),
      (r) => script.next(r.path),
    ),
    // the factory article is in both feeds: once through a Google redirect, once directly; it is one mention
    expectFirst: [
      mention({
        url: factory.url,
        handle: 'gazette.example.net',
        title: 'Acme opens new factory - Desert Gazette',
        text: "Acme's new factory will make anvils.",
        at: '2025-06-01T11:35:00.000Z',
      }),
      mention({
        url: A.recall.url,
        handle: 'news.example.com',
        title: 'Acme recalls rocket skates after desert incidents',
        text: 'The Acme Corporation said on Sunday it would recall 10,000 pairs & refund buyers.',
        at: '2025-06-01T11:49:22.000Z',
      }),
      mention({
        url: A.review.url,
        handle: 'blog.example.org',
        title: 'Review: the Acme anvil',
        text: 'Heavy, reliable, falls exactly where you expect.',
        at: '2025-06-01T10:02:00.000Z',
      }),
    ],
    expectCursor: (api: string) => ({
      streams: [
        { key: `${api}${ALERTS}`, state: { seen: [factory.url, A.recall.url, A.review.url], etag: '"a1"' } },
        {
          key: `${api}${GAZETTE}`,
          state: {
            seen: [factory.url, 'https://gazette.example.net/2025/06/weather/'],
            lastModified: LAST_MODIFIED,
          },
        },
      ],
    }),
    malformed: feeds(
      () => ({
        body: '<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>',
        headers: { 'content-type': 'text/html' },
      }),
      () => rss('<?xml version="1.0"?><rss version="2.0"><channel><item><title>cut off'),
    ),
    next: feeds(
      (r) =>
        r.headers['if-none-match'] === '"a1"'
          ? atom(googleAlertsFeed([outage, factory, A.recall]), '"a2"')
          : { status: 412 },
      (r) => (r.headers['if-modified-since'] === LAST_MODIFIED ? { status: 304 } : rss(rssFeed)),
    ),
    expectNext: [
      mention({
        url: outage.url,
        handle: 'status.example.org',
        title: 'Acme API outage resolved',
        text: 'The Acme API was down for 2 hours.',
        at: '2025-06-01T12:02:00.000Z',
      }),
    ],
    checkNextRequests: (requests) => {
      expect(requests.map((r) => [r.path, r.status])).toEqual([
        [ALERTS, 200],
        [GAZETTE, 304],
      ]);
    },
    empty: feeds(
      () => atom(googleAlertsFeed([]), '"a2"'),
      () => rss(emptyRss),
    ),
  });
});
