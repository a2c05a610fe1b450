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
  /**
   * Grows by one at every change of the head. Opening an alert is a compare-and-set on the revision read before
   * the evaluation, so two aggregators that ever evaluate one brand at once (a detection owner that lost its lease
   * mid-evaluation) cannot both open an alert for one episode: the second one's write is refused and its alert
   * document removed before anything is published. Heads written before revisions existed count as revision 0.
   */
  rev?: number;
  updatedAt: Date;
}
