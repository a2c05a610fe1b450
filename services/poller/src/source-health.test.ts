import { SourceHealth } from './source-health';
import type { SourceHealthEntry, SourceTransition } from './source-health';

const T = new Date('2025-06-01T12:00:00Z');

describe('SourceHealth', () => {
  it('turns unhealthy after N consecutive failures and healthy after one success', () => {
    const changes: SourceHealthEntry['state'][] = [];
    const h = new SourceHealth(3, (e) => changes.push(e.state));
    h.register('acme', 'x');
    h.success('acme', 'x', T);
    h.failure('acme', 'x', 'HTTP 500', T);
    h.failure('acme', 'x', 'HTTP 500', T);
    expect(h.isHealthy('acme', 'x')).toBe(true);
    h.failure('acme', 'x', 'HTTP 503', T);
    expect(h.isHealthy('acme', 'x')).toBe(false);
    expect(h.snapshot()).toEqual([
      expect.objectContaining({
        brand: 'acme',
        source: 'x',
        state: 'unhealthy',
        consecutiveFailures: 3,
        lastError: 'HTTP 503',
      }),
    ]);
    h.success('acme', 'x', T);
    expect(h.isHealthy('acme', 'x')).toBe(true);
    expect(changes).toEqual(['pending', 'healthy', 'healthy', 'healthy', 'unhealthy', 'healthy']);
  });

  it('reports the transitions: source_down once when it turns unhealthy, source_recovered with what was wrong', () => {
    const transitions: SourceTransition[] = [];
    const h = new SourceHealth(3, undefined, (t) => transitions.push(t));
    const at = (m: number) => new Date(T.getTime() + m * 60_000);
    h.success('acme', 'rss', at(0));
    const detail = { url: 'https://f.test/feed', reason: 'feed is not well-formed XML' };
    for (let m = 1; m <= 4; m += 1) h.failure('acme', 'rss', 'rss: page could not be read', at(m), detail);
    expect(transitions.map((t) => t.event)).toEqual(['source_down']);
    expect(transitions[0]!.entry).toMatchObject({
      state: 'unhealthy',
      consecutiveFailures: 3,
      failingSince: at(1).toISOString(),
      lastFailure: detail,
      lastSuccessAt: at(0).toISOString(),
    });
    h.success('acme', 'rss', at(5));
    expect(transitions.map((t) => t.event)).toEqual(['source_down', 'source_recovered']);
    expect(transitions[1]).toMatchObject({
      entry: { state: 'healthy', consecutiveFailures: 0, lastSuccessAt: at(5).toISOString() },
      down: { consecutiveFailures: 4, failingSince: at(1).toISOString(), lastFailure: detail },
    });
    expect(h.snapshot()[0]).not.toHaveProperty('failingSince', expect.anything());
  });

  it('keeps sources apart and records skipped ones', () => {
    const h = new SourceHealth(1);
    h.failure('acme', 'reddit', 'auth', T);
    h.skipped('acme', 'youtube', 'YOUTUBE_API_KEY not set');
    h.success('acme', 'hackernews', T);
    expect(h.snapshot().map((e) => `${e.source}:${e.state}`)).toEqual([
      'reddit:unhealthy',
      'youtube:skipped',
      'hackernews:healthy',
    ]);
  });
});
