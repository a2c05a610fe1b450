import { counter, gauge, histogram, type Registry } from '@crumbtrail/runtime';

export type AggregatorMetrics = ReturnType<typeof createAggregatorMetrics>;

export function createAggregatorMetrics(registry: Registry) {
  return {
    mentionsStored: counter(registry, {
      name: 'crumbtrail_aggregator_mentions_stored_total',
      help: 'Mentions written to MongoDB, by result (inserted, or duplicate of a stored one)',
      labelNames: ['result'],
    }),
    rollupWrites: counter(registry, {
      name: 'crumbtrail_aggregator_rollup_writes_total',
      help: 'Rollup documents (brand, hour) written',
    }),
    alerts: counter(registry, {
      name: 'crumbtrail_aggregator_alerts_total',
      help: 'Alerts raised and resolved, by kind and state',
      labelNames: ['kind', 'state'],
    }),
    alertsPublished: counter(registry, {
      name: 'crumbtrail_aggregator_alerts_published_total',
      help: 'Alert events published to the alerts topic',
      labelNames: ['state'],
    }),
    retentionDeleted: counter(registry, {
      name: 'crumbtrail_aggregator_retention_deleted_total',
      help: 'Documents deleted by the retention job, by collection',
      labelNames: ['collection'],
    }),
    detectionOwner: gauge(registry, {
      name: 'crumbtrail_aggregator_detection_owner',
      help: '1 while this instance owns detection (the detection lease), 0 on standby',
    }),
    detectionSeconds: histogram(registry, {
      name: 'crumbtrail_aggregator_detection_duration_seconds',
      help: 'Time to evaluate one brand',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
    ingestSeconds: histogram(registry, {
      name: 'crumbtrail_aggregator_ingest_duration_seconds',
      help: 'Time to store one batch of mentions and update its rollups',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
  };
}
