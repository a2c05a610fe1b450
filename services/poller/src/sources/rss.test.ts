import { alertEntries as A, googleAlertsFeed, rssFeed } from './__fixtures__/rss';
import { parseFeed, rss, unwrapRedirect } from './rss';
import { sourceContext } from '../test-support/source-context';

const NOW = '2025-06-01T12:00:00.000Z';

describe('unwrapRedirect', () => {
  it('unwraps Google redirect links only', () => {
    expect(
      unwrapRedirect('https://www.google.com/url?rct=j&sa=t&url=https://a.example/x%3Fy%3D1&ct=ga'),
    ).toBe('https://a.example/x?y=1');
    expect(unwrapRedirect('https://www.google.co.uk/url?q=https://b.example/&sa=U')).toBe(
      'https://b.example/',
    );
    expect(unwrapRedirect('https://www.google.com/url?url=javascript:alert(1)')).toBe(
      'https://www.google.com/url?url=javascript:alert(1)',
    );
    expect(unwrapRedirect('https://evil.example/url?url=https://x.example/')).toBe(
      'https://evil.example/url?url=https://x.example/',
    );
  });
});

describe('parseFeed', () => {
  it('reads a Google Alerts Atom feed: unwrapped links as ids, HTML stripped', () => {
    const page = parseFeed(
      googleAlertsFeed([A.recall, A.review]),
      'https://www.google.com/alerts/feeds/1/2',
      NOW,
    );
    expect(page.items.candidates).toEqual([
      {
        externalId: 'https://news.example.com/2025/06/01/acme-recalls-rocket-skates?utm_source=x',
        url: 'https://news.example.com/2025/06/01/acme-recalls-rocket-skates?utm_source=x',
        author: { handle: 'news.example.com' },
        title: 'Acme recalls rocket skates after desert incidents',
        text: 'The Acme Corporation said on Sunday it would recall 10,000 pairs & refund buyers.',
        lang: undefined,
        publishedAt: '2025-06-01T11:49:22.000Z',
      },
      expect.objectContaining({
        externalId: 'https://blog.example.org/reviews/acme-anvil',
        title: 'Review: the Acme anvil',
      }),
    ]);
  });

  it('reads RSS 2.0 with creators, content:encoded and channel language', () => {
    const page = parseFeed(rssFeed, 'https://gazette.example.net/feed', NOW);
    expect(page.items.candidates[0]).toEqual({
      externalId: 'https://gazette.example.net/2025/06/acme-factory/',
      url: 'https://gazette.example.net/2025/06/acme-factory/',
      author: { handle: 'Jane Reporter' },
      title: 'Acme opens new factory',
      text: 'Acme’s new factory will make 5,000 anvils a day.',
      lang: 'en',
      publishedAt: '2025-06-01T11:30:00.000Z',
    });
    expect(page.items.candidates[1]).toMatchObject({
      author: { handle: 'gazette.example.net' },
      text: 'Still no rain.',
    });
  });

  it('rejects what is not a well-formed feed', () => {
    expect(() => parseFeed('<rss><channel><item></channel>', 'https://f.example/', NOW)).toThrow(
      /not well-formed/,
    );
    expect(() => parseFeed('<html><body>hi</body></html>', 'https://f.example/', NOW)).toThrow(
      /not an RSS or Atom/,
    );
  });

  it('reads an empty feed', () => {
    expect(parseFeed(googleAlertsFeed([]), 'https://f.example/', NOW).items.candidates).toEqual([]);
  });
});

describe('rss fetch', () => {
  it('emits each article once across polls and sends conditional requests', async () => {
    let body = googleAlertsFeed([A.review]);
    const { ctx, requests } = sourceContext('rss', {
      options: { schedule: '* * * * *', feeds: ['https://alerts.test/feed'] },
      settings: {},
      route: (_url, init) => {
        const h = init?.headers as Record<string, string>;
        if (h['if-none-match'] === '"v2"') return new Response(null, { status: 304 });
        return new Response(body, {
          status: 200,
          headers: { etag: body.includes(A.recall.id) ? '"v2"' : '"v1"' },
        });
      },
    });
    const first = await rss.fetch(ctx, undefined);
    expect(first.candidates.map((c) => c.externalId)).toEqual([A.review.url]);
    body = googleAlertsFeed([A.recall, A.review]);
    const second = await rss.fetch(ctx, first.cursor);
    expect(second.candidates.map((c) => c.externalId)).toEqual([A.recall.url]);
    const third = await rss.fetch(ctx, second.cursor);
    expect(third.candidates).toEqual([]);
    expect(third.cursor).toEqual(second.cursor);
    expect(requests.map((r) => (r.init?.headers as Record<string, string>)['if-none-match'])).toEqual([
      undefined,
      '"v1"',
      '"v2"',
    ]);
  });
});
