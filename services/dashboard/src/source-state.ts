import type { SourceStatusDoc } from '@crumbtrail/storage';
import type { SourceState } from './api/schemas';

/** No successful poll for this long: the source is silent (whatever the brand's volume says). */
export const SILENT_AFTER_MS = 2 * 3_600_000;
/** Failed polls in a row before the source counts as failing. */
export const FAILING_AFTER = 3;

/**
 * What a source's poll history means for the person reading the chart. A source that fails or has not answered
 * for a while is never shown as fine: its mentions are missing, not absent.
 */
export function sourceState(doc: SourceStatusDoc | null, now: number): SourceState {
  if (!doc) return 'unknown';
  if (doc.rateLimitedUntil && doc.rateLimitedUntil.getTime() > now) return 'rate_limited';
  if (doc.consecutiveFailures >= FAILING_AFTER) return 'failing';
  if (!doc.lastSuccessAt || now - doc.lastSuccessAt.getTime() > SILENT_AFTER_MS) return 'silent';
  return 'ok';
}
