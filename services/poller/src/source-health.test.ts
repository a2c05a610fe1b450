import { SourceHealth } from './source-health';
import type { SourceHealthEntry } from './source-health';

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
