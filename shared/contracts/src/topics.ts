/**
 * The topic catalogue: the public, versioned Kafka contract for data teams.
 * Within a version only additive, optional changes are allowed; anything else is a new `.vN` topic.
 */
export const TOPICS = {
  mentionsRaw: {
    name: 'mentions.raw.v1',
    dlq: 'mentions.raw.v1.dlq',
    key: 'eventId',
    description:
      'Every brand mention a poller found, deduplicated by eventId (hash of source + external id).',
  },
  mentionsClassified: {
    name: 'mentions.classified.v1',
    dlq: 'mentions.classified.v1.dlq',
    key: 'eventId',
    description: 'A raw mention plus language, sentiment and intent from the classifier.',
  },
  alerts: {
    name: 'alerts.v1',
    dlq: 'alerts.v1.dlq',
    key: 'brand',
    description: 'Negativity / complaint / volume alerts per brand, as opened and resolved.',
  },
  sourceHealth: {
    name: 'sources.health.v1',
    dlq: 'sources.health.v1.dlq',
    key: 'brand',
    description: 'A brand source went down (nothing usable read for longer than its tolerance) or recovered.',
  },
} as const;

export type TopicKey = keyof typeof TOPICS;

/** Consumer group ids: one per consuming service, so each service sees every event once. */
export const CONSUMER_GROUPS = {
  classifier: 'crumbtrail.classifier',
  aggregator: 'crumbtrail.aggregator',
  notifier: 'crumbtrail.notifier',
  dashboard: 'crumbtrail.dashboard',
} as const;

/** Headers the consumer wrapper sets on every dead-lettered message. */
export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  errorKind: 'x-dlq-error-kind',
  sourceTopic: 'x-dlq-source-topic',
  sourcePartition: 'x-dlq-source-partition',
  sourceOffset: 'x-dlq-source-offset',
  consumerGroup: 'x-dlq-consumer-group',
  failedAt: 'x-dlq-failed-at',
  attempts: 'x-dlq-attempts',
} as const;

/** Why a message was dead-lettered; the `errorKind` header carries one of these. */
export const DLQ_ERROR_KINDS = [
  'not_json',
  'schema',
  'unknown_brand',
  'rejected',
  'retries_exhausted',
] as const;
export type DlqErrorKind = (typeof DLQ_ERROR_KINDS)[number];
