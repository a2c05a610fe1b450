import { xPage, xTweets as T, xUsers as U } from './__fixtures__/x';
import { buildXQuery, buildXSearchUrl, parseXSearch, x } from './x';
import { parseQuery } from '../query';
import { json, sourceContext } from '../test-support/source-context';

describe('x parsing', () => {
  it('maps tweets with their expanded authors', () => {
    const page = parseXSearch(xPage([T.t4, T.t3], [U.wile, U.road], 'b26v89c19zqg8o3fpzbkk'));
    expect(page.nextToken).toBe('b26v89c19zqg8o3fpzbkk');
    expect(page.newestId).toBe(T.t4.id);
    expect(page.items.candidates).toEqual([
      {
        externalId: '1929000000000000004',
        url: 'https://x.com/wile_e/status/1929000000000000004',
        author: { id: '1111111111', handle: '@wile_e', name: 'Wile E.', followers: 1200 },
        text: '@AcmeSupport my Acme anvil order is 3 weeks late',
        lang: 'en',
        publishedAt: '2025-06-01T11:59:50.000Z',
        engagement: { likes: 25, replies: 4, shares: 4, views: 1500 },
      },
      expect.anything(),
    ]);
  });

  it('tags pseudo-languages as undetermined', () => {
    const [, t3] = parseXSearch(xPage([T.t4, T.t3], [U.wile, U.road])).items.candidates;
    expect(t3).toMatchObject({
      externalId: '1929000000000000003',
      lang: 'und',
      author: { handle: '@meepmeep' },
    });
  });

  it('handles an empty result and rejects an error body', () => {
    expect(parseXSearch(xPage([], []))).toEqual({
      items: { candidates: [], skipped: [] },
      newestId: undefined,
      nextToken: undefined,
    });
    expect(() => parseXSearch({ title: 'Unauthorized', status: 401 })).toThrow(/X recent search/);
  });

  it('builds the documented request', () => {
    expect(buildXQuery(parseQuery('acme OR "acme corp"'), ['en'])).toBe(
      '(acme OR "acme corp") -is:retweet lang:en',
    );
    expect(buildXQuery(parseQuery('(acme OR b) -c'), [])).toBe('(acme OR b) -c -is:retweet');
    expect(buildXQuery(parseQuery('(a b) OR c'), ['en', 'de'])).toBe('((a b) OR c) -is:retweet');
    const url = new URL(
      buildXSearchUrl('https://api.x.com', { query: 'acme -is:retweet', sinceId: '5', startTime: 'ignored' }),
    );
    expect(url.pathname).toBe('/2/tweets/search/recent');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      query: 'acme -is:retweet',
      max_results: '100',
      since_id: '5',
      'tweet.fields': 'created_at,lang,public_metrics,author_id,note_tweet',
      expansions: 'author_id',
      'user.fields': 'username,name,public_metrics',
    });
  });
});

describe('x fetch', () => {
  it('pages with next_token and continues from since_id', async () => {
    const { ctx, requests } = sourceContext('x', {
      options: { schedule: '* * * * *' },
      settings: { baseUrl: 'https://x.test', bearerToken: 'AAAA' },
      route: (url) => {
        if (url.searchParams.get('since_id')) return json(xPage([], []));
        return json(
          url.searchParams.get('next_token')
            ? xPage([T.t2], [U.wile])
            : xPage([T.t4, T.t3], [U.wile, U.road], 'tok2'),
        );
      },
    });
    const first = await x.fetch(ctx, undefined);
    expect(first.candidates.map((c) => c.externalId)).toEqual([T.t4.id, T.t3.id, T.t2.id]);
    expect(first.cursor.streams[0]!.state).toEqual({ sinceId: T.t4.id });
    expect(requests[0]!.url.searchParams.get('start_time')).toBe('2025-05-31T12:00:00.000Z');
    const second = await x.fetch(ctx, first.cursor);
    expect(second.candidates).toEqual([]);
    expect(requests[2]!.url.searchParams.get('since_id')).toBe(T.t4.id);
    expect((requests[2]!.init?.headers as Record<string, string>).authorization).toBe('Bearer AAAA');
  });
});
