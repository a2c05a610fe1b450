import type { ClassifiedMention } from '@crumbtrail/contracts';
import { dlq, drop, ok, type ConsumedMessage, type Logger, type Outcome } from '@crumbtrail/runtime';
import { ingest, type IngestDeps } from './ingest';
import { toMentionDoc, type MentionDoc } from './mention-doc';
import type { AggregatorMetrics } from './metrics';

export interface BatchHandlerDeps extends IngestDeps {
  knownBrands: ReadonlySet<string>;
  /** Mentions published longer ago than this are dropped (retention would delete them at once). */
  mentionRetentionMs: number;
  clock: () => Date;
  metrics: AggregatorMetrics;
  logger: Logger;
  /** Told which brands got new data, after it is stored. */
  onStored(brands: string[]): void;
}

/**
 * Stores a batch and its rollups. It throws (so the consumer retries the whole batch) if MongoDB fails; the
 * offset is committed only after it resolved, and ingest() counts each message once however often it is delivered.
 */
export function createBatchHandler(deps: BatchHandlerDeps) {
  return async (messages: ConsumedMessage<ClassifiedMention>[]): Promise<Outcome[]> => {
    const now = deps.clock();
    const outcomes: Outcome[] = [];
    const docs: MentionDoc[] = [];
    for (const { value, partition, offset } of messages) {
      if (!deps.knownBrands.has(value.brand)) {
        outcomes.push(dlq(`brand "${value.brand}" is not in the brands file`, 'unknown_brand'));
        continue;
      }
      const doc = toMentionDoc(value, now, { partition, offset: Number(offset) });
      if (doc.publishedAt.getTime() < now.getTime() - deps.mentionRetentionMs) {
        outcomes.push(drop('published before the mention retention period'));
        continue;
      }
      docs.push(doc);
      outcomes.push(ok());
    }
    if (docs.length > 0) {
      const endTimer = deps.metrics.ingestSeconds.startTimer();
      const result = await ingest(docs, deps, now);
      endTimer();
      deps.metrics.mentionsStored.inc({ result: 'inserted' }, result.inserted);
      deps.metrics.mentionsStored.inc({ result: 'duplicate' }, result.duplicates);
      deps.metrics.rollupWrites.inc(result.rollupWrites);
      deps.logger.debug({ ...result, messages: messages.length }, 'batch stored');
      deps.onStored(result.brands);
    }
    return outcomes;
  };
}
