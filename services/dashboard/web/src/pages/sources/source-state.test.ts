import type { SourceStatus } from '../../api/types';
import { sortSources } from './source-state';

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
