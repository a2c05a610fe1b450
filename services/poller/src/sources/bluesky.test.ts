import { bskyExpired, bskyPosts as P, bskySearch, bskySession } from './__fixtures__/bluesky';
import { buildSearchPostsUrl, createBlueskySource, parseBlueskySearch } from './bluesky';
import { json, sourceContext } from '../test-support/source-context';

const settings = { baseUrl: 'https://pds.test', handle: 'crumbtrail.bsky.social', appPassword: 'app-pass' };

describe('bluesky parsing', () => {
  it('maps postViews', () => {
    const page = parseBlueskySearch(bskySearch([P.p3, P.p2], '100'));
    expect(page.cursor).toBe('100');
    expect(page.items.candidates[0]).toEqual({
      externalId: P.p3.uri,
      url: 'https://bsky.app/profile/wile.bsky.social/post/3lqzzzz3',
      author: { id: P.p3.author.did, handle: '@wile.bsky.social', name: 'wile' },
      text: 'Acme anvil fell on me. Again. 0/10',
      lang: 'en',
      publishedAt: '2025-06-01T11:59:30.123Z',
      engagement: { likes: 9, replies: 1, shares: 3 },
    });
    expect(page.items.candidates[1]!.lang).toBe('en');
  });

  it('ends on an empty page and rejects error bodies', () => {
    expect(parseBlueskySearch(bskySearch([], 'x'))).toEqual({
      items: { candidates: [], skipped: [] },
      cursor: undefined,
    });
    expect(() => parseBlueskySearch({ error: 'InvalidRequest', message: 'q is required' })).toThrow(
      /searchPosts/,
    );
  });

  it('builds the documented request', () => {
    expect(
      buildSearchPostsUrl('https://bsky.social', {
        query: '"acme corp" -job',
        since: '2025-06-01T00:00:00.000Z',
        cursor: '25',
      }),
    ).toBe(
      'https://bsky.social/xrpc/app.bsky.feed.searchPosts?q=%22acme+corp%22+-job&sort=latest&since=2025-06-01T00%3A00%3A00.000Z&limit=100&cursor=25',
    );
  });
});

describe('bluesky fetch', () => {
  it('creates a session, pages by cursor, refreshes an expired token', async () => {
    const calls: string[] = [];
    let expire = false;
    const { ctx } = sourceContext('bluesky', {
      options: { schedule: '* * * * *' },
      settings,
      route: (url, init) => {
        const auth = (init?.headers as Record<string, string> | undefined)?.authorization ?? '';
        calls.push(`${url.pathname.replace('/xrpc/', '')} ${auth.slice(7, 16)}`);
        if (url.pathname.endsWith('createSession')) {
          expect(JSON.parse(init?.body as string)).toEqual({
            identifier: settings.handle,
            password: 'app-pass',
          });
          return json(bskySession);
        }
        if (url.pathname.endsWith('refreshSession'))
          return json({ ...bskySession, accessJwt: 'fresh-access-token' });
        if (expire) {
          expire = false;
          return json(bskyExpired, 400);
        }
        return json(url.searchParams.get('cursor') ? bskySearch([P.p1]) : bskySearch([P.p3, P.p2], '2'));
      },
    });
    const bluesky = createBlueskySource();
    const first = await bluesky.fetch(ctx, undefined);
    expect(first.candidates.map((c) => c.externalId)).toEqual([P.p3.uri, P.p2.uri, P.p1.uri]);
    expire = true;
    const second = await bluesky.fetch(ctx, first.cursor);
    expect(second.candidates).toEqual([]);
    expect(calls).toEqual([
      'com.atproto.server.createSession ',
      'app.bsky.feed.searchPosts eyJ0eXAiO',
      'app.bsky.feed.searchPosts eyJ0eXAiO',
      'app.bsky.feed.searchPosts eyJ0eXAiO',
      'com.atproto.server.refreshSession eyJ0eXAiO',
      'app.bsky.feed.searchPosts fresh-acc',
      'app.bsky.feed.searchPosts fresh-acc',
    ]);
  });
});
