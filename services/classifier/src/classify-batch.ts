import { TOPICS, type RawMention } from '@crumbtrail/contracts';
import type { ConsumedMessage, EventProducer, Logger, Outcome } from '@crumbtrail/runtime';
import { classifyMention, type ClassifyPolicy } from './classify-mention';
import type { ClassifierMetrics } from './metrics';

export interface ClassifyBatchDeps {
  policy: ClassifyPolicy;
  producer: EventProducer;
  classifiedTopic: string;
  metrics: ClassifierMetrics;
  logger: Logger;
  clock: () => Date;
}

/**
 * Classifies a batch and produces every result in one send. The consumer commits the batch only after this
 * resolves, so a crash before the produce is acknowledged means redelivery; the eventId key makes the
 * re-produced events collapse downstream.
 */
export function createBatchHandler(deps: ClassifyBatchDeps) {
  return async (messages: ConsumedMessage<RawMention>[]): Promise<Outcome[]> => {
    const now = deps.clock();
    const outcomes: Outcome[] = [];
    const classified = [];
    for (const message of messages) {
      const started = process.hrtime.bigint();
      let result;
      try {
        result = classifyMention(message.value, deps.policy, now);
      } catch (err) {
        deps.logger.error(
          { err, eventId: message.value.eventId, offset: message.offset },
          'classification failed',
        );
        outcomes.push({
          status: 'dlq',
          reason: `classification failed: ${String(err)}`,
          errorKind: 'rejected',
        });
        continue;
      }
      deps.metrics.classifySeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
      if (result.kind === 'rejected') {
        outcomes.push({ status: 'dlq', reason: result.reason, errorKind: result.errorKind });
        continue;
      }
      const { sentiment, intent, lang } = result.event.classification;
      deps.metrics.classified.inc({ sentiment: sentiment.label, intent: intent.label, lang });
      classified.push({ key: result.event.eventId, value: result.event });
      outcomes.push({ status: 'ok' });
    }
    if (classified.length > 0) {
      await deps.producer.send(deps.classifiedTopic, classified);
    }
    return outcomes;
  };
}

export const DEFAULT_CLASSIFIED_TOPIC = TOPICS.mentionsClassified.name;
