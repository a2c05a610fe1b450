import { createHash } from 'node:crypto';
import type { Alert } from '@crumbtrail/contracts';
import type { Logger } from '@crumbtrail/runtime';
import type { NotifierMetrics } from '../metrics';
import { channelSendKey, type SendLedger } from '../sends/send-ledger';
import type { AlertView } from '../view/alert-view';
import type { Endpoint } from './endpoints';
import { postWithRetry, type DeliveryIo, type DeliveryPolicy, type HttpRequest } from './http-delivery';
import { slackMessage } from './slack';
import { teamsMessage } from './teams';
import { signedWebhookHeaders, webhookBody } from './webhook';

export interface DeadLetter {
  alert: Alert;
  endpoint: Endpoint;
  reason: string;
  kind: 'rejected' | 'retries_exhausted';
  attempts: number;
}

export interface ChannelDeps {
  ledger: SendLedger;
  metrics: NotifierMetrics;
  logger: Logger;
  clock: () => Date;
  policy: DeliveryPolicy;
  io: DeliveryIo;
  deadLetter: (letter: DeadLetter) => Promise<void>;
}

/** The id a receiver dedupes on: the same for every attempt of one delivery, opaque (no alert data in it). */
export function deliveryId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

function requestFor(
  endpoint: Endpoint,
  alert: Alert,
  view: AlertView,
  id: string,
  now: () => Date,
): () => HttpRequest {
  const json = { 'Content-Type': 'application/json' };
  switch (endpoint.channel) {
    case 'slack': {
      const body = JSON.stringify(slackMessage(view));
      return () => ({ url: endpoint.url, headers: json, body });
    }
    case 'teams': {
      const body = JSON.stringify(teamsMessage(view));
      return () => ({ url: endpoint.url, headers: json, body });
    }
    case 'webhook': {
      const body = webhookBody(alert, id, view.links?.alert);
      // Signed per attempt: a retry after a long Retry-After still carries a fresh timestamp.
      return () => ({
        url: endpoint.url,
        headers: signedWebhookHeaders(endpoint.secret ?? '', body, id, now()),
        body,
      });
    }
  }
}

/**
 * One delivery per endpoint per alert state, across redeliveries and restarts: the ledger is claimed before the
 * POST. A claim left pending by a crash is never resent (at most once, like email); a receiver that saw the request
 * anyway has its delivery id to dedupe.
 */
export async function deliverToChannels(
  alert: Alert,
  view: AlertView,
  endpoints: readonly Endpoint[],
  deps: ChannelDeps,
): Promise<void> {
  for (const endpoint of endpoints) {
    const target = `${endpoint.channel}:${endpoint.name}`;
    const log = deps.logger.child({
      alertId: alert.alertId,
      brand: alert.brand,
      channel: endpoint.channel,
      endpoint: endpoint.name,
    });
    const key = channelSendKey(alert.alertId, alert.state, endpoint.channel, endpoint.name);
    const claim = await deps.ledger.claim(
      {
        _id: key,
        alertId: alert.alertId,
        alertState: alert.state,
        brand: alert.brand,
        recipient: target,
        channel: endpoint.channel,
      },
      deps.clock(),
    );
    if (!claim.claimed) {
      deps.metrics.deliveries.inc({
        channel: endpoint.channel,
        outcome: claim.existing === 'pending' ? 'skipped_unknown' : `skipped_${claim.existing}`,
      });
      if (claim.existing === 'pending')
        log.warn('a delivery was interrupted earlier; not resending (at most once)');
      continue;
    }
    const id = deliveryId(key);
    const result = await postWithRetry(
      requestFor(endpoint, alert, view, id, deps.clock),
      deps.policy,
      deps.io,
      (attempt, reason, delayMs) => {
        deps.metrics.deliveryRetries.inc({ channel: endpoint.channel });
        log.warn({ attempt, reason, delayMs }, 'delivery failed; retrying');
      },
    );
    const now = deps.clock();
    if (result.ok) {
      await deps.ledger.markSent(key, id, now);
      deps.metrics.deliveries.inc({ channel: endpoint.channel, outcome: 'sent' });
      log.info({ status: result.status, attempts: result.attempts }, 'alert delivered');
      continue;
    }
    const state = result.permanent ? 'rejected' : 'dead';
    await deps.ledger.markFailed(key, state, result.error, now);
    deps.metrics.deliveries.inc({ channel: endpoint.channel, outcome: state });
    log.error(
      { error: result.error, attempts: result.attempts },
      `alert not delivered (${state}); dead-lettered`,
    );
    // The ledger keeps the reason whatever happens; the DLQ topic is for the people who watch dead letters.
    await deps
      .deadLetter({
        alert,
        endpoint,
        reason: `${target}: ${result.error}`,
        kind: result.permanent ? 'rejected' : 'retries_exhausted',
        attempts: result.attempts,
      })
      .catch((err: unknown) =>
        log.error({ err }, 'could not write the dead letter; the send ledger has the reason'),
      );
  }
}
