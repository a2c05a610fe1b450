import { mastodonStatuses as S } from './__fixtures__/mastodon';
import {
  buildSearchUrl,
  buildTagTimelineUrl,
  mastodon,
  parseMastodonSearch,
  parseMastodonTimeline,
} from './mastodon';
import { json, sourceContext } from '../test-support/source-context';

const instance = 'https://mastodon.test';

describe('mastodon parsing', () => {
  it('maps statuses to plain-text mentions with full handles', () => {
    const page = parseMastodonTimeline(
      [S.s5, S.s4, S.s3],
      '<https://mastodon.test/api/v1/timelines/tag/acme?max_id=114612399999999903>; rel="next", <https://mastodon.test/api/v1/timelines/tag/acme?min_id=114612399999999905>; rel="prev"',
      'https://mastodon.social',
    );
    expect(page.links).toEqual({
      next: 'https://mastodon.test/api/v1/timelines/tag/acme?max_id=114612399999999903',
      prev: 'https://mastodon.test/api/v1/timelines/tag/acme?min_id=114612399999999905',
    });
    expect(page.items.candidates[0]).toEqual({
      externalId: 'https://mastodon.social/users/wile_e/statuses/114612399999999905',
      url: 'https://mastodon.social/@wile_e/114612399999999905',
      author: {
        id: 'https://mastodon.social/@wile_e',
        handle: '@wile_e@mastodon.social',
        name: 'wile e',
        followers: 321,
      },
      text: "My #acme anvil arrived broken & support won't reply",
      lang: 'en',
      publishedAt: '2025-06-01T11:59:00.000Z',
      engagement: { likes: 5, replies: 2, shares: 1 },
    });
    expect(page.items.candidates[1]).toMatchObject({
      author: { handle: '@roadrunner@fosstodon.org' },
      lang: 'de',
    });
    expect(page.items.candidates[2]!.text).toBe('rant\n\nacme shipping is slow');
    expect(page.localIds.get(page.items.candidates[1]!.externalId)).toBe('114612399999999904');
  });

  it('uses the boosted status of a boost', () => {
    const boost = { ...S.s2, id: '114612399999999999', reblog: S.s3, content: '' };
    const page = parseMastodonTimeline([boost], null, instance);
    expect(page.items.candidates[0]!.externalId).toBe(S.s3.uri);
    expect(page.localIds.get(S.s3.uri)).toBe('114612399999999999');
  });

  it('rejects a body that is not a list, skips a broken status', () => {
    expect(() => parseMastodonTimeline({ error: 'nope' }, null, instance)).toThrow(/array of Status/);
    const page = parseMastodonTimeline([{ ...S.s5, account: null }, S.s4], null, instance);
    expect(page.items.candidates).toHaveLength(1);
    expect(page.items.skipped[0]).toMatch(/^statuses\[0\]: account/);
    expect(
      parseMastodonSearch({ accounts: [], statuses: [], hashtags: [] }, instance).items.candidates,
    ).toEqual([]);
  });

  it('builds the documented requests', () => {
    expect(buildTagTimelineUrl('https://mastodon.social', '#Acme', { minId: '5' })).toBe(
      'https://mastodon.social/api/v1/timelines/tag/Acme?limit=40&min_id=5',
    );
    expect(buildSearchUrl('https://mastodon.social', { query: 'acme -"job offer"', offset: 40 })).toBe(
      'https://mastodon.social/api/v2/search?q=acme+-%22job+offer%22&type=statuses&resolve=false&limit=40&offset=40',
    );
  });
});

describe('mastodon fetch', () => {
  const link = (rel: string, param: string, id: string) =>
    `<${instance}/api/v1/timelines/tag/acme?${param}=${id}>; rel="${rel}"`;

  it('reads a hashtag backwards on the first poll and forwards with a cursor, by Link headers', async () => {
    let phase = 1;
    const { ctx, requests } = sourceContext('mastodon', {
      options: { schedule: '* * * * *', hashtags: ['acme'] },
      settings: { baseUrl: instance },
      route: (url) => {
        const maxIdParam = url.searchParams.get('max_id');
        const minId = url.searchParams.get('min_id');
        if (phase === 1) {
          if (!maxIdParam) {
            return json([S.s3, S.s2], 200, {
              link: `${link('next', 'max_id', S.s2.id)}, ${link('prev', 'min_id', S.s3.id)}`,
            });
          }
          return json([]);
        }
        if (minId === S.s3.id)
          return json([S.s4], 200, {
            link: `${link('next', 'max_id', S.s4.id)}, ${link('prev', 'min_id', S.s4.id)}`,
          });
        if (minId === S.s4.id)
          return json([S.s5], 200, {
            link: `${link('next', 'max_id', S.s5.id)}, ${link('prev', 'min_id', S.s5.id)}`,
          });
        return json([]);
      },
    });
    const first = await mastodon.fetch(ctx, undefined);
    expect(first.candidates.map((c) => c.externalId)).toEqual([S.s3.uri, S.s2.uri]);
    expect(first.cursor).toEqual({ streams: [{ key: `${instance} #acme`, state: { sinceId: S.s3.id } }] });

    phase = 2;
    const second = await mastodon.fetch(ctx, first.cursor);
    expect(second.candidates.map((c) => c.externalId)).toEqual([S.s4.uri, S.s5.uri]);
    expect(second.cursor.streams[0]!.state).toEqual({ sinceId: S.s5.id });
    expect(requests.slice(2).map((r) => r.url.search)).toEqual([
      `?limit=40&min_id=${S.s3.id}`,
      `?min_id=${S.s4.id}`,
      `?min_id=${S.s5.id}`,
    ]);
  });

  it('searches with the token, branch by branch', async () => {
    const { ctx, requests } = sourceContext('mastodon', {
      options: { schedule: '* * * * *' },
      settings: { baseUrl: instance, accessToken: 'tok' },
      query: 'acme OR "road runner"',
      route: (url) =>
        json({
          accounts: [],
          hashtags: [],
          statuses: url.searchParams.get('q') === 'acme' ? [S.s5, S.s2] : [S.s4],
        }),
    });
    const result = await mastodon.fetch(ctx, undefined);
    expect(result.candidates.map((c) => c.externalId)).toEqual([S.s5.uri, S.s2.uri, S.s4.uri]);
    expect(requests.map((r) => (r.init?.headers as Record<string, string>).authorization)).toEqual([
      'Bearer tok',
      'Bearer tok',
    ]);
    expect(result.cursor.streams.map((s) => s.key)).toEqual([
      `${instance} search acme`,
      `${instance} search "road runner"`,
    ]);
  });

  it('needs hashtags or a token', () => {
    expect(
      mastodon.missingCredentials({ baseUrl: instance }, { hashtags: [], search: true } as never),
    ).toEqual(['MASTODON_ACCESS_TOKEN (or hashtags in the brand config)']);
    expect(
      mastodon.missingCredentials({ baseUrl: instance }, { hashtags: ['acme'], search: true } as never),
    ).toEqual([]);
    expect(
      mastodon.startupNotes!({ baseUrl: instance }, { hashtags: ['acme'], search: true } as never),
    ).toHaveLength(1);
  });
});
