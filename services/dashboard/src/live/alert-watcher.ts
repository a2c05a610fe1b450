import type { Logger } from '@crumbtrail/runtime';
import type { AlertAcknowledgements } from '@crumbtrail/alert-actions';
import type { StoredReads } from '../store/readers';
import { alertSummary } from '../views';
import type { LiveHub } from './hub';

/**
 * Tells live streams about alerts: every few seconds, for each brand someone is watching, reads the brand's alert
 * head (one `_id` read) and publishes the alert when the open alert changed (opened, or resolved). It reads
 * MongoDB, not Kafka, so every replica sees every alert of the brands its own streams watch: nothing is split
 * between replicas.
 */
export function startAlertWatcher(o: {
  reads: StoredReads;
  acks: AlertAcknowledgements;
  hub: LiveHub;
  logger: Logger;
  intervalMs?: number;
}): { stop(): void } {
  const seen = new Map<string, string | undefined>();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const brand of o.hub.watchedBrands()) {
        const head = await o.reads.alertHead(brand);
        const current = head?.openAlertId;
        const known = seen.has(brand);
        const previous = seen.get(brand);
        seen.set(brand, current);
        if (!known || current === previous) continue;
        const id = current ?? previous;
        if (id === undefined) continue;
        const doc = await o.reads.alert(id);
        if (doc) o.hub.publish(brand, { type: 'alert', data: alertSummary(doc, await o.acks.get(id)) });
      }
    } catch (err) {
      o.logger.warn({ err }, 'alert watcher: read failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), o.intervalMs ?? 3000);
  return { stop: () => clearInterval(timer) };
}
