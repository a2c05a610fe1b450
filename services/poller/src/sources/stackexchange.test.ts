import { seQuestions as Q, seWrapper } from './__fixtures__/stackexchange';
import { buildStackExchangeUrl, parseStackExchangePage, stackexchange } from './stackexchange';
import { json, sourceContext } from '../test-support/source-context';

describe('stackexchange parsing', () => {
  it('maps questions, decoding HTML in titles, names and bodies', () => {
    const page = parseStackExchangePage(seWrapper([Q.q3, Q.q2], true), 'stackoverflow');
    expect(page.hasMore).toBe(true);
    expect(page.items.candidates[0]).toEqual({
      externalId: 'stackoverflow:79650003',
      url: 'https://stackoverflow.com/questions/79650003/why-does-acmes-sdk-throw-anvilerror',
      author: { id: '79655003', handle: 'Wile E. Coyote' },
      title: 'Why does Acme\'s SDK throw "AnvilError"?',
      text: 'Calling acme.drop() throws:\n\nAnvilError: out of anvils',
      publishedAt: '2025-06-01T11:56:40.000Z',
      engagement: { score: 2, replies: 1, views: 41 },
    });
    expect(page.items.candidates[1]!.author.handle).toBe('road&runner');
  });

  it('treats an error wrapper as malformed', () => {
    expect(() => parseStackExchangePage({ error_id: 400, error_name: 'bad_parameter' }, 'so')).toThrow(
      /wrapper/,
    );
    expect(parseStackExchangePage(seWrapper([], true), 'so').hasMore).toBe(false);
  });

  it('builds the documented request', () => {
    expect(
      buildStackExchangeUrl('https://api.stackexchange.com', {
        site: 'stackoverflow',
        query: '"acme corp"',
        fromDate: 1748700000,
        page: 2,
        tagged: ['acme', 'sdk'],
        key: 'k3y',
      }),
    ).toBe(
      'https://api.stackexchange.com/2.3/search/advanced?site=stackoverflow&q=%22acme+corp%22&tagged=acme%3Bsdk&sort=creation&order=desc&fromdate=1748700000&page=2&pagesize=100&filter=withbody&key=k3y',
    );
  });
});

describe('stackexchange fetch', () => {
  it('pages with has_more and resumes from the watermark', async () => {
    const { ctx, requests } = sourceContext('stackexchange', {
      options: { schedule: '* * * * *' },
      settings: { baseUrl: 'https://se.test' },
      route: (url) =>
        json(url.searchParams.get('page') === '1' ? seWrapper([Q.q3, Q.q2], true) : seWrapper([Q.q1], false)),
    });
    const first = await stackexchange.fetch(ctx, undefined);
    expect(first.candidates.map((c) => c.externalId)).toEqual([
      'stackoverflow:79650003',
      'stackoverflow:79650002',
      'stackoverflow:79650001',
    ]);
    const second = await stackexchange.fetch(ctx, first.cursor);
    expect(second.candidates).toEqual([]);
    expect(requests.at(-1)!.url.searchParams.get('fromdate')).toBe(String(1748779000 - 600));
  });
});
