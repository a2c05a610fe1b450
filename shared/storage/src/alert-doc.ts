import type { Alert } from '@crumbtrail/contracts';

/** An alert episode (collection `alerts`, written by the aggregator); `_id` is the alertId. */
export interface AlertDoc {
  /** The alertId. */
  _id: string;
  brand: string;
  kind: Alert['kind'];
  state: Alert['state'];
  openedAt: Date;
  resolvedAt?: Date;
  /** False until the event for the current state is acknowledged by Kafka (store, publish, then mark). */
  published: boolean;
  /** The alerts.v1 event for the current state. */
  alert: Alert;
  updatedAt: Date;
}

/**
 * Per brand (`_id` = brand, collection `alert_heads`), what detection must know on every evaluation: its open alert
 * and when its last alert resolved. Read by `_id` instead of querying `alerts` by brand and state.
 */
export interface AlertHeadDoc {
  _id: string;
  openAlertId?: string;
  lastResolvedAt?: Date;
  updatedAt: Date;
}
