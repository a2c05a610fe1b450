import { SourceHealthEvent, sourceHealthEventId } from '@crumbtrail/contracts';
import type { EventProducer, Logger } from '@crumbtrail/runtime';
import type { SourceTransition } from './source-health';

/**
 * A source that went down or recovered, as the `sources.health.v1` event the notifier (ops email) and the dashboard
 * read. On recovery the event names what had failed and since when.
 */
export function toSourceHealthEvent(t: SourceTransition, tolerance: number): SourceHealthEvent {
  const episode = t.down ?? t.entry;
  const at = t.entry.lastAttemptAt ?? new Date().toISOString();
  const failingSince = episode.failingSince ?? at;
  const failure = episode.lastFailure;
  return SourceHealthEvent.parse({
    schemaVersion: 1,
    eventId: sourceHealthEventId(t.entry.brand, t.entry.source, t.event, failingSince),
    event: t.event,
    brand: t.entry.brand,
    source: t.entry.source,
    at,
    failingSince,
    consecutiveFailures: episode.consecutiveFailures,
    tolerance,
    ...(t.entry.lastSuccessAt ? { lastSuccessAt: t.entry.lastSuccessAt } : {}),
    ...(failure?.url ? { url: failure.url } : {}),
    reason: (failure?.reason ?? episode.lastError ?? 'unknown').slice(0, 500),
  });
}

export interface SourceEventPublisher {
  /** Queues the event of a transition; events go out in order, one at a time. */
  publish(t: SourceTransition): void;
  /** Resolves once every queued event was sent (or failed and was logged). */
  flush(): Promise<void>;
}

/**
 * Publishes transitions to the source-health topic, keyed by brand. Source health changes synchronously inside a
 * poll; sending is chained behind it so a slow broker never holds a poll. A send that fails is logged with the event
 * (the metric and /healthz still show the state).
 */
export function createSourceEventPublisher(o: {
  producer: EventProducer;
  topic: string;
  tolerance: number;
  logger: Logger;
}): SourceEventPublisher {
  let chain: Promise<void> = Promise.resolve();
  return {
    publish(t) {
      const event = toSourceHealthEvent(t, o.tolerance);
      const log = o.logger.child({ brand: event.brand, source: event.source, event: event.event });
      log[event.event === 'source_down' ? 'error' : 'info'](
        { url: event.url, reason: event.reason, failingSince: event.failingSince },
        event.event === 'source_down'
          ? `source down: nothing usable read in ${event.consecutiveFailures} polls in a row; its mentions are not arriving`
          : 'source recovered',
      );
      chain = chain
        .then(() => o.producer.send(o.topic, [{ key: event.brand, value: event }]))
        .catch((err: unknown) =>
          log.error({ err, topic: o.topic }, 'could not publish the source health event'),
        );
    },
    flush: () => chain,
  };
}
