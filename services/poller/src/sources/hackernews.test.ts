import { hnAskStory, hnComment, hnEmpty, hnPage, hnStory } from './__fixtures__/hackernews';
import { buildHackerNewsUrl, hackernews, parseHackerNewsPage } from './hackernews';
import { json, sourceContext } from '../test-support/source-context';

describe('hackernews parsing', () => {
  it('maps stories and comments, strips HTML', () => {
    const page = parseHackerNewsPage(hnPage([hnComment, hnStory, hnAskStory], 0, 1));
    expect(page.hasMore).toBe(false);
    expect(page.items.skipped).toEqual([]);
    expect(page.items.candidates).toEqual([
      {
        externalId: '44150010',
        url: 'https://news.ycombinator.com/item?id=44150010',
        author: { id: 'roadrunner', handle: 'roadrunner' },
        title: undefined,
        text: 'I tried Acme rockets last year & they blew up.\n\nSupport never answered: https://acme.example/support',
        publishedAt: '2025-06-01T11:59:40.000Z',
        engagement: undefined,
      },
      {
        externalId: '44150002',
        url: 'https://news.ycombinator.com/item?id=44150002',
        author: { id: 'wile_e', handle: 'wile_e' },
        title: 'Show HN: Acme anvils, now with an API',
        text: 'Show HN: Acme anvils, now with an API',
        publishedAt: '2025-06-01T11:58:20.000Z',
        engagement: { score: 87, replies: 12 },
      },
      {
        externalId: '44149990',
        url: 'https://news.ycombinator.com/item?id=44149990',
        author: { id: 'coyote', handle: 'coyote' },
        title: 'Ask HN: Acme portable holes?',
        text: 'Has anyone used the Acme portable hole? Is it safe?',
        publishedAt: '2025-06-01T11:50:00.000Z',
        engagement: { score: 3, replies: 0 },
      },
    ]);
  });

  it('reports more pages, an empty result, and skips a malformed hit', () => {
    expect(parseHackerNewsPage(hnPage([hnStory], 0, 3)).hasMore).toBe(true);
    expect(parseHackerNewsPage(hnEmpty)).toEqual({ items: { candidates: [], skipped: [] }, hasMore: false });
    const page = parseHackerNewsPage(hnPage([{ ...hnStory, objectID: undefined }, hnComment], 0, 1));
    expect(page.items.candidates.map((c) => c.externalId)).toEqual(['44150010']);
    expect(page.items.skipped).toEqual([expect.stringMatching(/^hits\[0\]: objectID/)]);
  });

  it('rejects a body that is not a search response', () => {
    expect(() => parseHackerNewsPage({ message: 'hi' })).toThrow(/Algolia search response/);
  });

  it('builds the documented request', () => {
    expect(
      buildHackerNewsUrl('https://hn.algolia.com/', {
        query: '"acme corp" -recruiter',
        tags: ['story', 'comment'],
        sinceSeconds: 1748700000,
        page: 2,
      }),
    ).toBe(
      'https://hn.algolia.com/api/v1/search_by_date?query=%22acme+corp%22+-recruiter&tags=%28story%2Ccomment%29&numericFilters=created_at_i%3E%3D1748700000&page=2&hitsPerPage=100',
    );
  });
});

describe('hackernews fetch', () => {
  const settings = { baseUrl: 'https://hn.test' };

  it('searches each query branch, pages, and keeps a watermark per branch', async () => {
    const { ctx, requests } = sourceContext('hackernews', {
      options: { schedule: '* * * * *' },
      settings,
      query: 'acme OR "road runner"',
      route: (url) => {
        const q = url.searchParams.get('query');
        const page = Number(url.searchParams.get('page'));
        if (q === 'acme')
          return json(page === 0 ? hnPage([hnComment, hnStory], 0, 2) : hnPage([hnAskStory], 1, 2));
        return json(hnEmpty);
      },
    });
    const result = await hackernews.fetch(ctx, undefined);
    expect(result.candidates.map((c) => c.externalId)).toEqual(['44150010', '44150002', '44149990']);
    expect(
      requests.map((r) => `${r.url.searchParams.get('query')}#${r.url.searchParams.get('page')}`),
    ).toEqual(['acme#0', 'acme#1', '"road runner"#0']);
    expect(requests[0]!.url.searchParams.get('numericFilters')).toBe('created_at_i>=1748692800');
    expect(result.cursor.streams).toEqual([
      {
        key: 'acme',
        state: {
          at: Date.parse('2025-06-01T11:59:40Z'),
          seen: [
            { id: '44150010', at: Date.parse('2025-06-01T11:59:40Z') },
            { id: '44150002', at: Date.parse('2025-06-01T11:58:20Z') },
            { id: '44149990', at: Date.parse('2025-06-01T11:50:00Z') },
          ],
        },
      },
    ]);

    // next poll: starts at the overlap before the watermark and skips what it has seen
    const again = await hackernews.fetch(ctx, result.cursor);
    expect(again.candidates).toEqual([]);
    expect(requests.at(-2)!.url.searchParams.get('numericFilters')).toBe(
      `created_at_i>=${Date.parse('2025-06-01T11:49:40Z') / 1000}`,
    );
  });

  it('stops at the page limit', async () => {
    const { ctx, requests } = sourceContext('hackernews', {
      options: { schedule: '* * * * *' },
      settings,
      maxPages: 2,
      route: (url) => json(hnPage([{ ...hnStory, objectID: `s${url.searchParams.get('page')}` }], 0, 5)),
    });
    const result = await hackernews.fetch(ctx, undefined);
    expect(requests).toHaveLength(2);
    expect(result.candidates.map((c) => c.externalId)).toEqual(['s0', 's1']);
  });
});
