import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { SourceHealthEvent } from '@crumbtrail/contracts';
import { Kafka, logLevel } from 'kafkajs';
import type { Consumer } from 'kafkajs';
import type { PollReport } from '../poll/run-poll';
import { startFakeApi } from '../test-support/fake-api';
import type { FakeApi, RecordedRequest, Reply } from '../test-support/fake-api';
import { createPollerHarness, waitFor } from '../test-support/harness';
import type { PollerHarness } from '../test-support/harness';
import { bskySearch, bskySession } from './__fixtures__/bluesky';
import {
  CP1252_CONTENT_TYPE,
  atomXhtml,
  atomXmlBase,
  bskyFuturePost,
  bskyLaterPost,
  bskyNormalPost,
  feedBom,
  feedCp1252Header,
  feedLatin1Prolog,
  feedLeadingNewline,
  feedPlain,
  feedServedAsHtml,
  htmlMaintenancePage,
  mastodonCrossOriginPage,
  rssAtomLinks,
  xPageFixed,
  xPageWithoutCreatedAt,
  ytChannelThreads,
} from './__fixtures__/in-the-wild';
import { compareIds } from './ids';

/**
 * The poller against a local server replaying what real feeds and APIs send (issue 17): one brand per case, all
 * polled together, through a restart, until the flaky feed has failed three polls in a row and recovered.
 */

jest.setTimeout(120_000);

const CHANNEL = 'UCacmeChannel000000000000';
const RSS = 'application/rss+xml; charset=utf-8';
const ATOM = 'application/atom+xml';

/** brand id -> feed path; every brand has the rss source on one feed. */
const FEEDS: Record<string, string> = {
  newline: '/feeds/newline',
  bom: '/feeds/bom',
  latin1: '/feeds/latin1',
  cp1252: '/feeds/cp1252',
  'as-html': '/feeds/as-html',
  xhtml: '/feeds/xhtml',
  'atom-links': '/feeds/atom-links',
  'xml-base': '/feeds/xml-base',
  gzip: '/feeds/gzip',
  deflate: '/feeds/deflate',
  br: '/feeds/br',
  'moved-301': '/feeds/old-301',
  'moved-308': '/feeds/old-308',
  etag: '/feeds/etag',
  flaky: '/feeds/flaky',
};

let round = 1;

function feedReply(req: RecordedRequest): Reply {
  const enc = (body: string, encoding: string, compress: (b: Buffer) => Buffer): Reply => ({
    body: compress(Buffer.from(body)),
    headers: { 'content-type': RSS, 'content-encoding': encoding },
  });
  switch (req.path) {
    case '/feeds/newline':
      return { body: feedLeadingNewline, headers: { 'content-type': RSS } };
    case '/feeds/bom':
      return { body: feedBom, headers: { 'content-type': RSS } };
    case '/feeds/latin1':
      return { body: feedLatin1Prolog, headers: { 'content-type': 'text/xml' } };
    case '/feeds/cp1252':
      return { body: feedCp1252Header, headers: { 'content-type': CP1252_CONTENT_TYPE } };
    case '/feeds/as-html':
      return { body: feedServedAsHtml, headers: { 'content-type': 'text/html; charset=utf-8' } };
    case '/feeds/xhtml':
      return { body: atomXhtml, headers: { 'content-type': ATOM } };
    case '/feeds/atom-links':
      return { body: rssAtomLinks, headers: { 'content-type': RSS } };
    case '/feeds/xml-base':
      return { body: atomXmlBase, headers: { 'content-type': ATOM } };
    case '/feeds/gzip':
      return enc(feedPlain(1, 'Acme gzip'), 'gzip', gzipSync);
    case '/feeds/deflate':
      return enc(feedPlain(2, 'Acme deflate'), 'deflate', deflateSync);
    case '/feeds/br':
      return enc(feedPlain(3, 'Acme brotli'), 'br', brotliCompressSync);
    case '/feeds/old-301':
      return { status: 301, headers: { location: '/feeds/new-301' } };
    case '/feeds/new-301':
      return { body: feedPlain(4, 'Acme moved 301'), headers: { 'content-type': RSS } };
    case '/feeds/old-308':
      return { status: 308, headers: { location: '/feeds/new-308' } };
    case '/feeds/new-308':
      return { body: feedPlain(5, 'Acme moved 308'), headers: { 'content-type': RSS } };
    case '/feeds/etag':
      if (req.headers['if-none-match'] === '"e1"') return { status: 304 };
      return { body: feedPlain(6, 'Acme etag'), headers: { 'content-type': RSS, etag: '"e1"' } };
    case '/feeds/flaky':
      return round <= 4
        ? { body: htmlMaintenancePage, headers: { 'content-type': 'text/html' } }
        : { body: feedPlain(7, 'Acme flaky is back'), headers: { 'content-type': RSS } };
    default:
      return { status: 404, body: 'Not Found' };
  }
}

function apiReply(req: RecordedRequest, base: string): Reply {
  if (req.path.startsWith('/feeds/')) return feedReply(req);
  if (req.path === '/youtube/v3/commentThreads') return { body: ytChannelThreads(CHANNEL) };
  if (req.path === '/xrpc/com.atproto.server.createSession') return { body: bskySession };
  if (req.path === '/xrpc/app.bsky.feed.searchPosts') {
    // the server compares `since` with sortAt
    const since = Date.parse(req.query.get('since') ?? '1970-01-01T00:00:00Z');
    const all =
      round === 1 ? [bskyFuturePost, bskyNormalPost] : [bskyLaterPost, bskyFuturePost, bskyNormalPost];
    // sortAt: the earlier of the record's createdAt and the server's indexedAt
    const sortAt = (p: { record: { createdAt: string }; indexedAt: string }) =>
      Math.min(Date.parse(p.record.createdAt), Date.parse(p.indexedAt));
    return { body: bskySearch(all.filter((p) => sortAt(p) >= since)) };
  }
  if (req.path === '/2/tweets/search/recent') {
    if (round === 1) return { body: xPageWithoutCreatedAt() };
    const sinceId = req.query.get('since_id');
    const page = xPageFixed();
    const data = page.data.filter((t) => !sinceId || compareIds(t.id, sinceId) > 0);
    return { body: data.length > 0 ? page : { meta: { result_count: 0 } } };
  }
  if (req.path === '/api/v1/timelines/tag/acme') {
    const other = base.replace('127.0.0.1', 'localhost'); // same server, another origin
    return {
      body: mastodonCrossOriginPage(new URL(base).host),
      headers: { link: `<${other}/api/v1/timelines/tag/acme?max_id=113000000000000001>; rel="next"` },
    };
  }
  return { status: 404, body: 'Not Found' };
}

const brandsYaml = (api: string) => `
brands:
${Object.entries(FEEDS)
  .map(
    ([id, path]) => `  - id: ${id}
    name: ${id}
    query: acme
    sources:
      rss: { schedule: "0 0 1 1 *", feeds: ["${api}${path}"] }`,
  )
  .join('\n')}
  - id: yt-channel
    name: yt
    query: acme
    sources:
      youtube: { schedule: "0 0 1 1 *", channelIds: [${CHANNEL}] }
  - id: bsky-future
    name: bsky
    query: acme
    sources:
      bluesky: { schedule: "0 0 1 1 *" }
  - id: x-unreadable
    name: x
    query: acme
    sources:
      x: { schedule: "0 0 1 1 *" }
  - id: masto-cross
    name: masto
    query: acme
    sources:
      mastodon: { schedule: "0 0 1 1 *", hashtags: [acme] }
`;

const published = (reports: PollReport[]) => Object.fromEntries(reports.map((r) => [r.brand, r.published]));

interface Health {
  status: string;
  components: {
    name: string;
    healthy: boolean;
    details?: {
      unhealthy?: string[];
      sources?: { brand: string; state: string; lastFailure?: { url?: string; reason: string } }[];
    };
  }[];
}

describe('the poller against real-world feeds and API responses', () => {
  let api: FakeApi;
  let h: PollerHarness;
  let consumer: Consumer;
  const events: SourceHealthEvent[] = [];
  const rounds: PollReport[][] = [];

  const healthz = async (): Promise<{ status: number; body: Health }> => {
    const app = await h.startAppIfNeeded();
    const res = await fetch(`http://127.0.0.1:${app.opsPort()!}/healthz`);
    return { status: res.status, body: (await res.json()) as Health };
  };
  const metrics = async (): Promise<string> => {
    const app = await h.startAppIfNeeded();
    return (await fetch(`http://127.0.0.1:${app.opsPort()!}/metrics`)).text();
  };

  beforeAll(async () => {
    api = await startFakeApi(apiReply);
    h = await createPollerHarness({
      name: 'wild',
      brandsYaml: brandsYaml(api.url),
      env: {
        YOUTUBE_BASE_URL: api.url,
        YOUTUBE_API_KEY: 'yt-key',
        BLUESKY_BASE_URL: api.url,
        BLUESKY_HANDLE: 'crumbtrail.bsky.social',
        BLUESKY_APP_PASSWORD: 'app-pass',
        X_BASE_URL: api.url,
        X_BEARER_TOKEN: 'x-token',
        MASTODON_BASE_URL: api.url,
        SOURCE_UNHEALTHY_AFTER: '3',
      },
      now: () => new Date('2025-06-01T12:00:00Z'),
    });
    const kafka = new Kafka({
      clientId: 'wild-health',
      brokers: process.env.KAFKA_BROKERS!.split(','),
      logLevel: logLevel.NOTHING,
    });
    consumer = kafka.consumer({ groupId: `wild-health-${h.healthTopic}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: h.healthTopic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        events.push(SourceHealthEvent.parse(JSON.parse(message.value!.toString())));
        return Promise.resolve();
      },
    });
    await h.startApp();
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await h?.close();
    await api?.close();
  });

  it('poll 1: every readable feed and API page is emitted in full; unreadable pages fail their poll', async () => {
    round = 1;
    const reports = await h.poll();
    rounds.push(reports);
    expect(published(reports)).toEqual({
      newline: 2, // class 2
      bom: 1,
      latin1: 1,
      cp1252: 1,
      'as-html': 1,
      xhtml: 1, // class 3
      'atom-links': 2, // class 4
      'xml-base': 2,
      gzip: 1,
      deflate: 1,
      br: 1,
      'moved-301': 1,
      'moved-308': 1,
      etag: 1,
      flaky: 0, // class 1
      'yt-channel': 2, // class 5
      'bsky-future': 2, // class 6
      'x-unreadable': 0, // class 7
      'masto-cross': 2, // class 7
    });
    const outcomes = Object.fromEntries(reports.map((r) => [r.brand, r.outcome]));
    expect(outcomes.flaky).toBe('failed');
    expect(outcomes['x-unreadable']).toBe('failed');
    expect(Object.entries(outcomes).filter(([, o]) => o !== 'ok').length).toBe(2);

    const texts = Object.fromEntries(
      (await h.consumed()).map((m) => [m.value.brand + ' ' + m.value.url, m.value]),
    );
    expect(texts[`latin1 https://news.example.com/acme/4`]).toMatchObject({
      title: 'Acme café opens',
      text: 'Crème brûlée at the Acme café',
    });
    expect(texts[`cp1252 https://news.example.com/acme/5`]).toMatchObject({
      title: 'Acme says \u201Cno comment\u201D',
    });
    expect(texts['xhtml https://engineering.example.org/2025/acme-anvils']).toMatchObject({
      title: 'Why we chose Acme anvils',
    });
    expect(
      texts[`yt-channel https://www.youtube.com/channel/${CHANNEL}/discussion?lc=UgzChannelOnly0001`],
    ).toBeDefined();
    expect(texts['xml-base https://blog.example.net/archive/2025/acme-love']).toBeDefined();

    const m = await metrics();
    expect(m).toMatch(/poller_moved_permanently_total\{[^}]*brand="moved-301"[^}]*\} 1/);
    expect(m).toMatch(/poller_moved_permanently_total\{[^}]*brand="moved-308"[^}]*\} 1/);
    expect(m).toMatch(
      /poller_links_not_followed_total\{[^}]*source="mastodon"[^}]*brand="masto-cross"[^}]*\} 1/,
    );
    expect(api.requests.filter((r) => r.path === '/api/v1/timelines/tag/acme')).toHaveLength(1);

    const { body } = await healthz();
    const flaky = body.components
      .find((c) => c.name === 'sources')!
      .details!.sources!.find((s) => s.brand === 'flaky');
    expect(flaky).toMatchObject({
      state: 'pending',
      lastFailure: {
        url: `${api.url}/feeds/flaky`,
        reason: expect.stringMatching(/not an RSS or Atom feed/),
      },
    });
  });

  it('poll 2, after a restart: ETag kept (304), X reads what it skipped, Bluesky sees the post after the future one', async () => {
    await h.stopApp();
    await h.startApp();
    round = 2;
    const from = api.requests.length;
    const reports = await h.poll();
    rounds.push(reports);
    const p = published(reports);
    expect(p['x-unreadable']).toBe(2);
    expect(p['bsky-future']).toBe(1);
    expect(p.etag).toBe(0);
    expect(p.flaky).toBe(0);
    const etag = api.requests.slice(from).find((r) => r.path === '/feeds/etag')!;
    expect([etag.headers['if-none-match'], etag.status]).toEqual(['"e1"', 304]);
    expect(
      Object.entries(p).filter(([b, n]) => n > 0 && b !== 'x-unreadable' && b !== 'bsky-future'),
    ).toEqual([]);
  });

  it('polls 3 and 4: a source that read nothing usable 3 polls in a row is unhealthy: /healthz 503, source_down', async () => {
    // source health lives in the process: since the restart, flaky has failed poll 2, now 3 (still tolerated) and 4
    round = 3;
    await h.poll();
    expect((await healthz()).status).toBe(200);
    expect(events).toEqual([]);
    round = 4;
    await h.poll();
    const { status, body } = await healthz();
    expect(status).toBe(503);
    const sources = body.components.find((c) => c.name === 'sources')!;
    expect(sources.healthy).toBe(false);
    expect(sources.details!.unhealthy).toEqual(['flaky:rss']);
    expect(sources.details!.sources!.find((s) => s.brand === 'flaky')).toMatchObject({
      state: 'unhealthy',
      lastFailure: { url: `${api.url}/feeds/flaky` },
    });
    const down = await waitFor(() => events.find((e) => e.event === 'source_down'), 'a source_down event');
    expect(down).toMatchObject({
      brand: 'flaky',
      source: 'rss',
      consecutiveFailures: 3,
      tolerance: 3,
      url: `${api.url}/feeds/flaky`,
      reason: expect.stringMatching(/not an RSS or Atom feed/),
    });
    expect(await metrics()).toMatch(
      /poller_source_transitions_total\{[^}]*brand="flaky"[^}]*event="source_down"[^}]*\} 1/,
    );
  });

  it('poll 5: recovery makes it healthy again (/healthz 200) and sends source_recovered', async () => {
    round = 5;
    const reports = await h.poll();
    expect(published(reports).flaky).toBe(1);
    const { status } = await healthz();
    expect(status).toBe(200);
    const recovered = await waitFor(
      () => events.find((e) => e.event === 'source_recovered'),
      'source_recovered',
    );
    expect(recovered).toMatchObject({ brand: 'flaky', source: 'rss', consecutiveFailures: 3 });
    expect(events.map((e) => `${e.brand} ${e.event}`)).toEqual([
      'flaky source_down',
      'flaky source_recovered',
    ]);
  });
});
