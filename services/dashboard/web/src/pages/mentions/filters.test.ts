import type { Mention } from '../../api/types';
import { apiQuery, matchesFilters, pageQuery, parseFilters } from './filters';

const mention: Mention = {
  id: 'a'.repeat(32),
  brand: 'acme-cloud',
  publishedAt: '2026-12-06T10:00:00.000Z',
  source: 'mastodon',
  lang: 'en',
  author: 'ana',
  url: 'https://social.example/@ana/1',
  text: 'Acme Cloud is DOWN again, where is my refund?',
  sentiment: 'negative',
  sentimentScore: -0.8,
  sentimentConfidence: 0.9,
  intent: 'complaint',
  intentConfidence: 0.8,
  modelVersion: 'm1',
  correction: null,
};

describe('parseFilters', () => {
  it('reads the alert email link (from/to only) as a custom period', () => {
    const f = parseFilters(new URLSearchParams('from=2026-12-06T09:00:00Z&to=2026-12-06T10:00:00Z'));
    expect(f).toEqual({ period: 'custom', from: '2026-12-06T09:00:00.000Z', to: '2026-12-06T10:00:00.000Z' });
    expect(pageQuery(f)).toMatchObject({ period: undefined, from: f.from, to: f.to });
  });

  it('keeps allowed values and drops the rest', () => {
    const f = parseFilters(
      new URLSearchParams('period=7d&sentiment=negative&intent=rant&source=mastodon&lang=EN&q=%20refund%20'),
    );
    expect(f).toEqual({ period: '7d', sentiment: 'negative', source: 'mastodon', lang: 'en', q: 'refund' });
    expect(parseFilters(new URLSearchParams('lang=<script>&source=evil'))).toEqual({ period: '24h' });
  });

  it('sends the API the period and a cursor', () => {
    const f = parseFilters(new URLSearchParams('period=30d&q=late'));
    expect(apiQuery(f, 'abc')).toMatchObject({ period: '30d', q: 'late', cursor: 'abc', from: undefined });
  });
});

describe('matchesFilters', () => {
  const now = new Date('2026-12-06T10:05:00Z');

  it('matches on every filter, corrected labels first', () => {
    expect(matchesFilters(mention, { period: '24h' }, now)).toBe(true);
    expect(matchesFilters(mention, { period: '24h', sentiment: 'negative', q: 'refund down' }, now)).toBe(
      true,
    );
    expect(matchesFilters(mention, { period: '24h', q: 'refund outage' }, now)).toBe(false);
    expect(matchesFilters(mention, { period: '24h', source: 'reddit' }, now)).toBe(false);
    expect(matchesFilters(mention, { period: '24h', lang: 'de' }, now)).toBe(false);
    const corrected = {
      ...mention,
      correction: {
        sentiment: 'neutral' as const,
        intent: 'question' as const,
        by: 'x',
        at: now.toISOString(),
      },
    };
    expect(matchesFilters(corrected, { period: '24h', sentiment: 'negative' }, now)).toBe(false);
    expect(matchesFilters(corrected, { period: '24h', intent: 'question' }, now)).toBe(true);
  });

  it('keeps live mentions out of a period that has ended', () => {
    const past = { period: 'custom' as const, from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z' };
    expect(matchesFilters(mention, past, now)).toBe(false);
  });
});
