import type { SourceHealthEvent } from '@crumbtrail/contracts';
import { ok, retry, type ConsumedMessage, type Logger, type Outcome } from '@crumbtrail/runtime';
import type { Mailer } from '../send-alert';
import { renderSourceHealthEmail } from './source-health-email';

export interface SourceHealthHandlerDeps {
  mailer: Mailer;
  /** OPS_EMAIL */
  to: string;
  from: string;
  logger: Logger;
}

/**
 * Emails OPS_EMAIL about each source_down / source_recovered event. A send that fails is retried by the consumer
 * (backoff, then the DLQ). Delivery is at least once: after a crash between the send and the commit the same event
 * may be mailed again, with the same Message-ID.
 */
export function createSourceHealthHandler(deps: SourceHealthHandlerDeps) {
  return async (messages: ConsumedMessage<SourceHealthEvent>[]): Promise<Outcome[]> => {
    const outcomes: Outcome[] = [];
    for (const { value: event } of messages) {
      const log = deps.logger.child({ brand: event.brand, source: event.source, event: event.event });
      try {
        await deps.mailer.send(renderSourceHealthEmail(event, deps.from, deps.to));
        log.info({ eventId: event.eventId }, 'ops email sent');
        outcomes.push(ok());
      } catch (err) {
        log.warn({ err }, 'ops email failed; retrying');
        outcomes.push(retry(`ops email failed: ${err instanceof Error ? err.message : String(err)}`));
      }
    }
    return outcomes;
  };
}
