import { ytPage, ytQuotaExceeded, ytThreads as C } from './__fixtures__/youtube';
import { buildCommentThreadsUrl, parseCommentThreads, youtube } from './youtube';
import { json, sourceContext } from '../test-support/source-context';

const settings = { baseUrl: 'https://yt.test', apiKey: 'AIzaKEY' };

describe('youtube parsing', () => {
  it('maps top-level comments', () => {
    const page = parseCommentThreads(ytPage([C.c3], 'QURTSl9pM'));
    expect(page.nextPageToken).toBe('QURTSl9pM');
    expect(page.items.candidates).toEqual([
      {
        externalId: 'UgzAcme3',
        url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzAcme3',
        author: { id: 'UCwile_e0000000000000000', handle: '@wile_e' },
        text: 'The Acme anvil in this video is fake lol',
        publishedAt: '2025-06-01T11:59:00.000Z',
        engagement: { likes: 12, replies: 2 },
      },
    ]);
  });

  it('rejects the error shape and reads an empty list', () => {
    expect(() => parseCommentThreads(ytQuotaExceeded)).toThrow(/commentThreads.list/);
    expect(parseCommentThreads(ytPage([]))).toEqual({
      items: { candidates: [], skipped: [] },
      nextPageToken: undefined,
    });
  });

  it('builds the documented request', () => {
    expect(
      buildCommentThreadsUrl('https://www.googleapis.com', {
        target: { channelId: 'UC1' },
        searchTerms: 'acme',
        apiKey: 'k',
      }),
    ).toBe(
      'https://www.googleapis.com/youtube/v3/commentThreads?part=snippet&allThreadsRelatedToChannelId=UC1&searchTerms=acme&order=time&maxResults=100&textFormat=plainText&key=k',
    );
  });
});

describe('youtube fetch', () => {
  it('reads each video per query branch, stops at the look-back, and gives up on quota', async () => {
    let quota = false;
    const { ctx, requests } = sourceContext('youtube', {
      options: { schedule: '* * * * *', videoIds: ['dQw4w9WgXcQ'] },
      settings,
      query: 'acme OR anvil',
      route: (url) => {
        if (quota) return json(ytQuotaExceeded, 403);
        if (url.searchParams.get('searchTerms') === 'anvil') return json(ytPage([C.c3]));
        return json(url.searchParams.get('pageToken') ? ytPage([C.c1], 'more') : ytPage([C.c3, C.c2], 'p2'));
      },
    });
    const first = await youtube.fetch(ctx, undefined);
    expect(first.candidates.map((c) => c.externalId)).toEqual(['UgzAcme3', 'UgzAcme2']);
    expect(
      requests.map((r) => `${r.url.searchParams.get('searchTerms')}:${r.url.searchParams.get('pageToken')}`),
    ).toEqual(['acme:null', 'acme:p2', 'anvil:null']);
    quota = true;
    await expect(youtube.fetch(ctx, first.cursor)).rejects.toMatchObject({ kind: 'quota' });
  });

  it('reads every comment without searchTerms when matchQuery is off', async () => {
    const { ctx, requests } = sourceContext('youtube', {
      options: { schedule: '* * * * *', channelIds: ['UC1'], matchQuery: false },
      settings,
      route: () => json(ytPage([C.c3])),
    });
    const result = await youtube.fetch(ctx, undefined);
    expect(result.cursor.streams.map((s) => s.key)).toEqual(['channel:UC1']);
    expect(requests[0]!.url.searchParams.has('searchTerms')).toBe(false);
    expect(youtube.matchQuery(ctx.options)).toBe(false);
  });
});
