import { BrandConfig, RawMention, eventId } from '@crumbtrail/contracts';
import pino from 'pino';
import { z } from 'zod';
import { createHttpClient } from '../http/client';
import { parseQuery } from '../query';
import { SourceHealth } from '../source-health';
import type { SourceRegistry } from '../sources';
import type { MentionCandidate, Source } from '../sources/types';
import type { CursorStore, MentionPublisher, PollObserver } from './run-poll';
import { runPoll } from './run-poll';

const brand = BrandConfig.parse({
  id: 'acme',
  name: 'Acme',
  query: 'acme',
  exclude: { terms: ['giveaway'] },
  sources: { hackernews: { schedule: '* * * * *' } },
});
const NOW = new Date('2025-06-01T12:00:00Z');
const cand = (id: string, text: string): MentionCandidate => ({
  externalId: id,
  url: `https://news.ycombinator.com/item?id=${id}`,
  author: { handle: 'pg' },
  text,
  publishedAt: '2025-06-01T11:00:00.000Z',
});

function setup(
  fetchImpl: Source<'hackernews', unknown>['fetch'],
  o: { publishFails?: boolean; stored?: unknown; replies?: Response[] } = {},
) {
  const saved: unknown[] = [];
  const published: RawMention[][] = [];
  const cursors: CursorStore = {
    load: () => Promise.resolve(o.stored),
    save: (_b, _s, c) => {
      saved.push(c);
      return Promise.resolve();
    },
  };
  const publisher: MentionPublisher = {
    publish: (m) => {
      if (o.publishFails) return Promise.reject(new Error('broker down'));
      published.push(m);
      return Promise.resolve();
    },
  };
  const counts: string[] = [];
  const observer: PollObserver = {
    fetched: (_s, _b, n) => counts.push(`fetched ${n}`),
    published: (_s, _b, n) => counts.push(`published ${n}`),
    filtered: (_s, _b, r, n) => counts.push(`filtered ${r} ${n}`),
    malformed: () => counts.push('malformed'),
    clamped: (_s, _b, n) => counts.push(`clamped ${n}`),
    linkNotFollowed: () => counts.push('linkNotFollowed'),
    movedPermanently: () => counts.push('movedPermanently'),
    finished: (_s, _b, outcome) => counts.push(`finished ${outcome}`),
  };
  const seenCursor: unknown[] = [];
  const source: Source<'hackernews', unknown> = {
    name: 'hackernews',
    cursorSchema: z.object({ n: z.number() }),
    missingCredentials: () => [],
    matchQuery: () => true,
    fetch: (ctx, cursor) => {
      seenCursor.push(cursor);
      return fetchImpl(ctx, cursor);
    },
  };
  const health = new SourceHealth(2);
  const deps = {
    sources: { hackernews: source } as unknown as SourceRegistry,
    settings: {} as never,
    // With scripted replies, the API answers them in order on the poll's clock (no network).
    http: createHttpClient({
      timeoutMs: 10,
      userAgent: 't',
      ...(o.replies && {
        fetch: () => Promise.resolve(o.replies!.shift()!),
        now: () => NOW.getTime(),
      }),
    }),
    cursors,
    publisher,
    health,
    observer,
    logger: pino({ level: 'silent' }),
    now: () => NOW,
    maxPages: 3,
    lookbackMs: 3600_000,
  };
  const run = () => runPoll(deps, { brand, source: 'hackernews', query: parseQuery(brand.query) });
  return { run, saved, published, counts, health, seenCursor };
}

describe('runPoll', () => {
  it('filters, maps, publishes once per eventId, then stores the cursor', async () => {
    const t = setup(
      () =>
        Promise.resolve({
          candidates: [
            cand('1', 'acme rocks'),
            cand('2', 'acme giveaway'),
            cand('3', 'acmeville'),
            cand('1', 'acme rocks'),
            cand('4', 'ACME!'),
          ],
          cursor: { n: 2 },
          errors: [],
        }),
      { stored: { n: 1 } },
    );
    const report = await t.run();
    expect(t.seenCursor).toEqual([{ n: 1 }]);
    expect(report).toMatchObject({
      outcome: 'ok',
      fetched: 5,
      published: 2,
      filtered: { excluded_term: 1, query: 1 },
    });
    expect(t.published).toHaveLength(1);
    const [m1, m4] = t.published[0]!;
    expect(m1).toEqual({
      schemaVersion: 1,
      eventId: eventId('hackernews', '1'),
      brand: 'acme',
      source: 'hackernews',
      externalId: '1',
      url: 'https://news.ycombinator.com/item?id=1',
      author: { handle: 'pg' },
      text: 'acme rocks',
      publishedAt: '2025-06-01T11:00:00.000Z',
      fetchedAt: '2025-06-01T12:00:00.000Z',
      matchedQuery: 'acme',
    });
    expect(RawMention.parse(m4)).toEqual(m4);
    expect(t.saved).toEqual([{ n: 2 }]);
    expect(report.rateLimitedUntil).toBeUndefined();
    expect(t.counts).toEqual([
      'fetched 5',
      'filtered excluded_term 1',
      'filtered query 1',
      'published 2',
      'finished ok',
    ]);
  });

  it('does not store the cursor when the publish fails, and counts the failure', async () => {
    const t = setup(
      () => Promise.resolve({ candidates: [cand('1', 'acme')], cursor: { n: 9 }, errors: [] }),
      { publishFails: true },
    );
    expect(await t.run()).toMatchObject({ outcome: 'failed', error: 'broker down' });
    expect(await t.run()).toMatchObject({ outcome: 'failed' });
    expect(t.saved).toEqual([]);
    expect(t.health.isHealthy('acme', 'hackernews')).toBe(false);
  });

  it('ignores a stored cursor of an unknown shape', async () => {
    const t = setup(() => Promise.resolve({ candidates: [], cursor: { n: 1 }, errors: [] }), {
      stored: { old: 'shape' },
    });
    await t.run();
    expect(t.seenCursor).toEqual([undefined]);
    expect(t.published).toEqual([]);
    expect(t.saved).toEqual([{ n: 1 }]);
  });

  it('publishes what the working searches found and reports the others', async () => {
    const t = setup(() =>
      Promise.resolve({
        candidates: [cand('1', 'acme')],
        cursor: { n: 1 },
        errors: [new Error('feed 2: HTTP 404')],
      }),
    );
    expect(await t.run()).toMatchObject({ outcome: 'partial', published: 1, error: 'feed 2: HTTP 404' });
    expect(t.saved).toEqual([{ n: 1 }]);
  });

  it('skips a candidate that cannot be a RawMention', async () => {
    const t = setup(() =>
      Promise.resolve({
        candidates: [{ ...cand('1', 'acme'), url: 'not a url' }, cand('2', 'acme')],
        cursor: { n: 1 },
        errors: [],
      }),
    );
    expect(await t.run()).toMatchObject({ outcome: 'ok', published: 1, malformed: 1 });
  });

  describe('rate limits', () => {
    const search: Source<'hackernews', unknown>['fetch'] = async (ctx) => {
      await ctx.http.request({ source: 'hackernews', url: 'https://hn.test/api/v1/search' });
      return { candidates: [cand('1', 'acme')], cursor: { n: 1 }, errors: [] };
    };

    it('reports until when the API holds the source back after a 429 it would not wait for', async () => {
      const t = setup(search, {
        replies: [new Response('{}', { status: 429, headers: { 'retry-after': '3600' } })],
      });
      const report = await t.run();
      expect(report).toMatchObject({ outcome: 'failed' });
      expect(report.rateLimitedUntil).toEqual(new Date(NOW.getTime() + 3_600_000));
      expect(t.saved).toEqual([]);
    });

    it('reports the reset of a window the poll used up, even though the poll succeeded', async () => {
      const t = setup(search, {
        replies: [
          new Response('{}', { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30' } }),
        ],
      });
      const report = await t.run();
      expect(report).toMatchObject({ outcome: 'ok', published: 1 });
      expect(report.rateLimitedUntil).toEqual(new Date(NOW.getTime() + 30_000));
    });

    it('reports nothing once the API answers without holding the source back', async () => {
      const t = setup(search, { replies: [new Response('{}', { status: 200 })] });
      const report = await t.run();
      expect(report).toMatchObject({ outcome: 'ok' });
      expect(report).not.toHaveProperty('rateLimitedUntil');
    });
  });
});
