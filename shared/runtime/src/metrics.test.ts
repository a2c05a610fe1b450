import { counter, createMetricsRegistry, gauge, histogram } from './metrics';

describe('createMetricsRegistry', () => {
  it('labels every series with the service and includes process metrics', async () => {
    const registry = createMetricsRegistry('classifier');
    counter(registry, { name: 'test_events_total', help: 'events', labelNames: ['topic'] }).inc(
      { topic: 't' },
      2,
    );
    const text = await registry.metrics();
    expect(text).toContain('test_events_total{topic="t",service="classifier"} 2');
    expect(text).toMatch(/process_cpu_user_seconds_total\{service="classifier"\}/);
  });

  it('returns the existing metric instead of failing on a second registration', () => {
    const registry = createMetricsRegistry('x');
    const config = { name: 'test_shared_total', help: 'shared', labelNames: ['a'] as const };
    expect(counter(registry, config)).toBe(counter(registry, config));
    expect(gauge(registry, { name: 'test_g', help: 'g' })).toBe(
      gauge(registry, { name: 'test_g', help: 'g' }),
    );
    expect(histogram(registry, { name: 'test_h', help: 'h' })).toBe(
      histogram(registry, { name: 'test_h', help: 'h' }),
    );
  });
});
