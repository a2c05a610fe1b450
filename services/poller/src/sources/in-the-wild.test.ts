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
  feedServedAsHtml,
  htmlMaintenancePage,
  mastodonCrossOriginPage,
  rssAtomLinks,
  truncatedFeed,
  xPageFixed,
  xPageWithoutCreatedAt,
  ytChannelThreads,
} from './__fixtures__/in-the-wild';
import { bskySearch, bskySession } from './__fixtures__/bluesky';
import { createBlueskySource } from './bluesky';
import { hackernews } from './hackernews';
import { mastodon } from './mastodon';
import { UnreadablePageError } from './parsing';
import { rss } from './rss';
import { x } from './x';
import { youtube } from './youtube';
import { json, sourceContext } from '../test-support/source-context';
import type { MentionCandidate } from './types';

/** Real-world responses (issue 17) through each source's fetch, over a fake fetch that sends bytes and headers. */

const FEED = 'https://feeds.example.com/feed';

async function readFeed(body: string | Buffer, contentType = 'application/rss+xml') {
  const { ctx, malformed } = sourceContext('rss', {
    options: { schedule: '* * * * *', feeds: [FEED] },
    settings: {},
    route: () => new Response(body, { status: 200, headers: { 'content-type': contentType } }),
  });
  const result = await rss.fetch(ctx, undefined);
  return { candidates: result.candidates, malformed };
}

const titles = (cs: MentionCandidate[]) => cs.map((c) => c.title);

describe('class 1: a page that cannot be read fails its search (the cursor stays)', () => {
  it.each([
    ['an HTML maintenance page with status 200', htmlMaintenancePage, 'text/html'],
    ['a truncated feed', truncatedFeed, 'application/rss+xml'],
  ])('rss: %s', async (_what, body, type) => {
    const { ctx, malformed } = sourceContext('rss', {
      options: { schedule: '* * * * *', feeds: [FEED] },
      settings: {},
      route: () => new Response(body, { status: 200, headers: { 'content-type': type } }),
    });
    const cursor = { streams: [{ key: FEED, state: { seen: ['https://news.example.com/acme/0'] } }] };
    const err = await rss.fetch(ctx, cursor).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadablePageError);
    expect(err).toMatchObject({ source: 'rss', url: FEED });
    expect(malformed.length).toBeGreaterThan(0);
  });

  it('hackernews: a body that is not JSON', async () => {
    const { ctx } = sourceContext('hackernews', {
      options: { schedule: '* * * * *' },
      settings: { baseUrl: 'https://hn.test' },
      route: () =>
        new Response(htmlMaintenancePage, { status: 200, headers: { 'content-type': 'text/html' } }),
    });
    await expect(hackernews.fetch(ctx, undefined)).rejects.toThrow(/page could not be read: .*not JSON/);
  });

  it('the URL in the error has its credentials removed', async () => {
    const { ctx } = sourceContext('youtube', {
      options: { schedule: '* * * * *', videoIds: ['v1'] },
      settings: { baseUrl: 'https://yt.test', apiKey: 'SECRET-KEY' },
      route: () => new Response('<html>portal</html>', { status: 200 }),
    });
    const err = (await youtube.fetch(ctx, undefined).catch((e: unknown) => e)) as UnreadablePageError;
    expect(err).toBeInstanceOf(UnreadablePageError);
    expect(err.url).toContain('key=***');
    expect(err.message).not.toContain('SECRET-KEY');
  });
});

describe('class 2: feeds as served in the wild', () => {
  it('reads a feed with a newline before <?xml ...?>', async () => {
    const { candidates } = await readFeed(feedLeadingNewline);
    expect(titles(candidates)).toEqual(['Acme opens a store', 'Acme hires']);
  });

  it('reads a feed with a byte-order mark', async () => {
    expect(titles((await readFeed(feedBom)).candidates)).toEqual(['Acme BOM news']);
  });

  it('decodes the encoding named in the XML declaration', async () => {
    const { candidates } = await readFeed(feedLatin1Prolog, 'text/xml');
    expect(candidates.map((c) => [c.title, c.text])).toEqual([
      ['Acme café opens', 'Crème brûlée at the Acme café'],
    ]);
  });

  it('decodes the charset named in the Content-Type header', async () => {
    const { candidates } = await readFeed(feedCp1252Header, CP1252_CONTENT_TYPE);
    expect(candidates.map((c) => [c.title, c.text])).toEqual([
      ['Acme says \u201Cno comment\u201D', 'Acme: \u201Clater\u201D'],
    ]);
  });

  it('reads a feed served as text/html, with CDATA and entities', async () => {
    const { candidates } = await readFeed(feedServedAsHtml, 'text/html; charset=utf-8');
    expect(candidates.map((c) => [c.title, c.text])).toEqual([
      ['Acme & Sons \u2013 "anvils"', 'Acme\u2019s anvil line & more'],
    ]);
  });
});

describe('class 3: Atom type="xhtml" text constructs', () => {
  it('reads the title and content', async () => {
    const { candidates } = await readFeed(atomXhtml, 'application/atom+xml');
    expect(candidates).toEqual([
      expect.objectContaining({
        url: 'https://engineering.example.org/2025/acme-anvils',
        title: 'Why we chose Acme anvils',
        text: 'We tried three vendors; Acme anvils fell exactly where expected & on time.',
        author: { handle: 'Road Runner' },
      }),
    ]);
  });
});

describe('class 4: RSS items linked only through the Atom namespace', () => {
  it('uses a10:link and atom:link rel="alternate"', async () => {
    const { candidates, malformed } = await readFeed(rssAtomLinks);
    expect(candidates.map((c) => c.url)).toEqual([
      'https://ir.example.com/acme/q2',
      'https://status.example.com/acme/8',
    ]);
    expect(malformed).toEqual([]);
  });
});

describe('relative links against xml:base', () => {
  it('resolves entry links against the feed and entry bases', async () => {
    const { candidates } = await readFeed(atomXmlBase, 'application/atom+xml');
    expect(candidates.map((c) => [c.url, c.title, c.text])).toEqual([
      ['https://blog.example.net/posts/acme-tips', 'Acme tips', 'Acme tips & tricks'],
      ['https://blog.example.net/archive/2025/acme-love', 'Acme <3 desert', 'Acme loves the desert'],
    ]);
  });
});

describe('class 5: YouTube comment threads without snippet.videoId', () => {
  it('reads channel comments and links them to the channel', async () => {
    const channel = 'UCacmeChannel000000000000';
    const { ctx, malformed } = sourceContext('youtube', {
      options: { schedule: '* * * * *', channelIds: [channel] },
      settings: { baseUrl: 'https://yt.test', apiKey: 'k' },
      route: () => json(ytChannelThreads(channel)),
    });
    const result = await youtube.fetch(ctx, undefined);
    expect(result.candidates.map((c) => c.url)).toEqual([
      `https://www.youtube.com/channel/${channel}/discussion?lc=UgzChannelOnly0001`,
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzVideoComment0002',
    ]);
    expect(malformed).toEqual([]);
  });
});

describe('class 6: a poster-set time never moves a cursor ahead', () => {
  it('bluesky orders by sortAt (the earlier of createdAt and indexedAt): a future post does not hide later ones', async () => {
    let round = 1;
    const sinces: string[] = [];
    const { ctx, notices } = sourceContext('bluesky', {
      options: { schedule: '* * * * *' },
      settings: { baseUrl: 'https://pds.test', handle: 'h', appPassword: 'p' },
      now: new Date('2025-06-01T12:00:00Z'),
      route: (url) => {
        if (url.pathname.endsWith('createSession')) return json(bskySession);
        sinces.push(url.searchParams.get('since')!);
        return json(bskySearch(round === 1 ? [bskyFuturePost, bskyNormalPost] : [bskyLaterPost]));
      },
    });
    const bluesky = createBlueskySource();
    const first = await bluesky.fetch(ctx, undefined);
    expect(first.candidates.map((c) => [c.text, c.publishedAt])).toEqual([
      ['Acme from the future', '2025-06-01T11:50:00.000Z'],
      ['Acme rocket skates arrived', '2025-06-01T11:40:00.000Z'],
    ]);
    round = 2;
    const second = await bluesky.fetch(ctx, first.cursor);
    expect(second.candidates.map((c) => c.text)).toEqual(['Acme anvil fell on me']);
    expect(sinces[1]).toBe('2025-06-01T11:40:00.000Z'); // 10 minutes before the newest sortAt
    expect(notices).toEqual([]);
  });

  it('any time-watermark source clamps a time after the fetch time, and says so', async () => {
    const { ctx, notices } = sourceContext('hackernews', {
      options: { schedule: '* * * * *' },
      settings: { baseUrl: 'https://hn.test' },
      now: new Date('2025-06-01T12:00:00Z'),
      route: () =>
        json({
          hits: [
            {
              objectID: '1',
              created_at_i: Date.parse('2030-01-01T00:00:00Z') / 1000,
              author: 'a',
              title: 'Acme x',
            },
          ],
          page: 0,
          nbPages: 1,
        }),
    });
    const result = await hackernews.fetch(ctx, undefined);
    expect(result.cursor).toEqual({
      streams: [
        {
          key: 'acme',
          state: {
            at: Date.parse('2025-06-01T12:00:00Z'),
            seen: [{ id: '1', at: Date.parse('2025-06-01T12:00:00Z') }],
          },
        },
      ],
    });
    expect(notices).toEqual([{ kind: 'clamped', count: 1 }]);
  });
});

describe('class 7: X does not move its cursor past tweets it could not read', () => {
  it('fails the search on a page of unreadable tweets and keeps since_id; the next poll reads them', async () => {
    let page: unknown = xPageWithoutCreatedAt();
    const { ctx, requests } = sourceContext('x', {
      options: { schedule: '* * * * *' },
      settings: { baseUrl: 'https://x.test', bearerToken: 't' },
      route: () => json(page),
    });
    const cursor = { streams: [{ key: 'acme -is:retweet', state: { sinceId: '1799999999999999999' } }] };
    await expect(x.fetch(ctx, cursor)).rejects.toThrow(/none of the 2 items could be read/);
    page = xPageFixed();
    const next = await x.fetch(ctx, cursor);
    expect(requests[1]!.url.searchParams.get('since_id')).toBe('1799999999999999999');
    expect(next.candidates.map((c) => c.externalId)).toEqual(['1800000000000000002', '1800000000000000001']);
    expect(next.cursor).toEqual({
      streams: [{ key: 'acme -is:retweet', state: { sinceId: '1800000000000000002' } }],
    });
  });
});

describe('class 7: Mastodon rel="next" to another origin', () => {
  it('is not followed, and said so', async () => {
    const { ctx, notices, requests } = sourceContext('mastodon', {
      options: { schedule: '* * * * *', hashtags: ['acme'] },
      settings: { baseUrl: 'https://mastodon.test' },
      route: () =>
        json(mastodonCrossOriginPage('mastodon.test'), 200, {
          link: '<https://cdn.elsewhere.test/api/v1/timelines/tag/acme?max_id=113000000000000001>; rel="next"',
        }),
    });
    const result = await mastodon.fetch(ctx, undefined);
    expect(result.candidates).toHaveLength(2);
    expect(requests).toHaveLength(1);
    expect(notices).toEqual([
      {
        kind: 'linkNotFollowed',
        url: 'https://cdn.elsewhere.test/api/v1/timelines/tag/acme?max_id=113000000000000001',
        reason: 'rel="next" points to another origin than https://mastodon.test',
      },
    ]);
  });
});
