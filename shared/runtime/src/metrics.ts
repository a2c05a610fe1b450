import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CounterConfiguration, GaugeConfiguration, HistogramConfiguration } from 'prom-client';

/** A registry of this service's metrics: Node process defaults plus a `service` label on every series. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * The metric of that name on the registry, created on first use. Lets two components (two consumers in one
 * process) share a metric instead of failing on duplicate registration.
 */
export function counter<L extends string>(
  registry: Registry,
  c: Omit<CounterConfiguration<L>, 'registers'>,
): Counter<L> {
  return (
    (registry.getSingleMetric(c.name) as Counter<L> | undefined) ??
    new Counter({ ...c, registers: [registry] })
  );
}

export function gauge<L extends string>(
  registry: Registry,
  c: Omit<GaugeConfiguration<L>, 'registers'>,
): Gauge<L> {
  return (
    (registry.getSingleMetric(c.name) as Gauge<L> | undefined) ?? new Gauge({ ...c, registers: [registry] })
  );
}

export function histogram<L extends string>(
  registry: Registry,
  c: Omit<HistogramConfiguration<L>, 'registers'>,
): Histogram<L> {
  return (
    (registry.getSingleMetric(c.name) as Histogram<L> | undefined) ??
    new Histogram({ ...c, registers: [registry] })
  );
}
