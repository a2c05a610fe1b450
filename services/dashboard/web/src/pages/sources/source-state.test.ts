import type { SourceStatus } from '../../api/types';
import { rateLimitedUntil, sortSources } from './source-state';

function s(brand: string, source: string, state: SourceStatus['state']): SourceStatus {
  return {
    brand,
    source,
    state,
    lastSuccessAt: null,
    lastErrorAt: null,
    lastError: null,
    consecutiveFailures: 0,
    rateLimitedUntil: null,
    mentionsLastPoll: null,
    mentionsPerHour: 0,
  };
}

describe('sortSources', () => {
  it('puts sources in trouble first', () => {
    const sorted = sortSources([
      s('b', 'rss', 'ok'),
      s('a', 'x', 'silent'),
      s('a', 'rss', 'failing'),
      s('a', 'hn', 'ok'),
    ]);
    expect(sorted.map((i) => `${i.brand}/${i.source}/${i.state}`)).toEqual([
      'a/rss/failing',
      'a/x/silent',
      'a/hn/ok',
      'b/rss/ok',
    ]);
  });
});

describe('rateLimitedUntil', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  const until = '2026-12-06T12:15:00.000Z';

  it('shows the until-time of a rate-limited source', () => {
    expect(rateLimitedUntil({ ...s('a', 'x', 'rate_limited'), rateLimitedUntil: until }, now)).toBe(until);
  });

  it("trusts the server's state even when the viewer's clock runs ahead", () => {
    const late = Date.parse(until) + 60_000;
    expect(rateLimitedUntil({ ...s('a', 'x', 'rate_limited'), rateLimitedUntil: until }, late)).toBe(until);
  });

  it('shows a pending until-time behind another state (a failing source that is also held back)', () => {
    expect(rateLimitedUntil({ ...s('a', 'x', 'failing'), rateLimitedUntil: until }, now)).toBe(until);
  });

  it('shows nothing without an until-time or once it has passed', () => {
    expect(rateLimitedUntil(s('a', 'x', 'ok'), now)).toBeNull();
    expect(
      rateLimitedUntil({ ...s('a', 'x', 'ok'), rateLimitedUntil: '2026-12-06T11:59:00.000Z' }, now),
    ).toBeNull();
  });
});
