import { redditListing, redditPosts, redditToken, redditUnauthorized } from './__fixtures__/reddit';
import { buildRedditSearchUrl, createRedditSource, parseRedditListing } from './reddit';
import { json, sourceContext } from '../test-support/source-context';

const settings = {
  baseUrl: 'https://oauth.reddit.test',
  authUrl: 'https://www.reddit.test',
  clientId: 'id',
  clientSecret: 'secret',
};

describe('reddit parsing', () => {
  it('maps posts of a Listing', () => {
    const page = parseRedditListing(redditListing([redditPosts.newest, redditPosts.link], 't3_1l0b2kq'));
    expect(page.after).toBe('t3_1l0b2kq');
    expect(page.items.candidates).toEqual([
      {
        externalId: 't3_1l0c9xa',
        url: 'https://www.reddit.com/r/anvils/comments/1l0c9xa/acme_anvil_arrived_cracked/',
        author: { id: 't2_6x9k', handle: 'u/wile_e' },
        title: 'Acme anvil arrived cracked',
        text: 'Third **Acme** anvil this year that arrived cracked. Support is ignoring me.',
        publishedAt: '2025-06-01T11:59:10.000Z',
        engagement: { score: 42, replies: 17 },
      },
      expect.objectContaining({ externalId: 't3_1l0b2kq', text: 'Acme announces portable holes' }),
    ]);
  });

  it('handles an empty listing and rejects other bodies', () => {
    expect(parseRedditListing(redditListing([], null))).toEqual({
      items: { candidates: [], skipped: [] },
      after: null,
    });
    expect(() => parseRedditListing({ kind: 't3' })).toThrow(/Reddit Listing/);
  });

  it('builds the documented search request', () => {
    expect(
      buildRedditSearchUrl('https://oauth.reddit.com', { query: 'acme AND NOT job', after: 't3_x' }),
    ).toBe(
      'https://oauth.reddit.com/search?q=acme+AND+NOT+job&sort=new&t=all&type=link&limit=100&raw_json=1&after=t3_x',
    );
    expect(
      buildRedditSearchUrl('https://oauth.reddit.com', { query: 'acme', subreddits: ['anvils', 'rockets'] }),
    ).toBe(
      'https://oauth.reddit.com/r/anvils+rockets/search?q=acme&restrict_sr=true&sort=new&t=all&type=link&limit=100&raw_json=1',
    );
  });
});

describe('reddit fetch', () => {
  it('gets a token, pages with after, stops at the look-back, and refreshes an expired token once', async () => {
    let tokens = 0;
    let expireNext = false;
    const { ctx, requests } = sourceContext('reddit', {
      options: { schedule: '* * * * *', subreddits: ['anvils'] },
      settings,
      lookbackMs: 2 * 3600 * 1000,
      route: (url, init) => {
        if (url.pathname === '/api/v1/access_token') {
          tokens += 1;
          expect((init?.headers as Record<string, string>).authorization).toBe(
            `Basic ${Buffer.from('id:secret').toString('base64')}`,
          );
          expect(init?.body).toBe('grant_type=client_credentials');
          return json(redditToken);
        }
        if (expireNext) {
          expireNext = false;
          return json(redditUnauthorized, 401);
        }
        if (!url.searchParams.get('after')) return json(redditListing([redditPosts.newest], 't3_1l0c9xa'));
        return json(redditListing([redditPosts.link, redditPosts.older], 't3_1l09zzz'));
      },
    });
    const reddit = createRedditSource();
    const first = await reddit.fetch(ctx, undefined);
    // `older` is before the 2 h look-back, so paging stops after the page that reached it
    expect(first.candidates.map((c) => c.externalId)).toEqual(['t3_1l0c9xa', 't3_1l0b2kq']);
    expect(requests.filter((r) => r.url.pathname.endsWith('/search'))).toHaveLength(2);
    expect(tokens).toBe(1);

    expireNext = true;
    const second = await reddit.fetch(ctx, first.cursor);
    expect(second.candidates).toEqual([]);
    expect(tokens).toBe(2);
  });

  it('names its missing credentials', () => {
    expect(
      createRedditSource().missingCredentials(
        { ...settings, clientId: undefined, clientSecret: '' },
        {} as never,
      ),
    ).toEqual(['REDDIT_CLIENT_ID', 'REDDIT_CLIENT_SECRET']);
  });
});
