import { z } from 'zod';
import { BrandId, HexId, IsoDateTime, NonNegativeInt, SourceName } from './common';

export const ALERT_KINDS = ['negative_share', 'complaint_volume', 'volume_spike'] as const;
export const AlertKind = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof AlertKind>;

export const AlertSample = z.object({
  eventId: HexId,
  source: SourceName,
  url: z.string(),
  author: z.string(),
  text: z.string().max(1000).describe('Mention text, truncated; raw, consumers must escape it'),
  sentimentScore: z.number().min(-1).max(1),
  publishedAt: IsoDateTime,
  engagement: NonNegativeInt.optional().describe('Likes + reposts + replies, when the source reports them'),
});

const CountsByKey = z.record(z.string(), NonNegativeInt);

export const AlertBreakdown = z
  .object({
    from: IsoDateTime.describe('Start of the hours counted (whole hours around the window)'),
    to: IsoDateTime,
    sources: CountsByKey.describe('Mentions per source'),
    languages: CountsByKey.describe('Mentions per language code'),
    intents: CountsByKey.describe('Mentions per intent (complaint, question, praise, other)'),
  })
  .describe('Where the mentions around the window came from; hour rollups, so whole hours');

export const SeriesPoint = z.object({
  bucketStart: IsoDateTime,
  mentions: NonNegativeInt,
  negatives: NonNegativeInt,
  complaints: NonNegativeInt,
});

export const Alert = z
  .object({
    schemaVersion: z.literal(1),
    alertId: HexId.describe('Stable id of this alert episode'),
    brand: BrandId,
    kind: AlertKind,
    state: z.enum(['open', 'resolved']),
    severity: z.enum(['warning', 'critical']),
    openedAt: IsoDateTime,
    resolvedAt: IsoDateTime.optional(),
    window: z.object({ start: IsoDateTime, end: IsoDateTime }).describe('Recent window that was tested'),
    baseline: z.object({
      start: IsoDateTime,
      end: IsoDateTime,
      mentions: NonNegativeInt,
      negatives: NonNegativeInt,
      complaints: NonNegativeInt,
    }),
    observed: z.object({
      mentions: NonNegativeInt,
      negatives: NonNegativeInt,
      complaints: NonNegativeInt,
    }),
    statistic: z.object({
      method: z.string().describe('e.g. "wilson-lower-bound vs baseline share", "poisson upper tail"'),
      observedValue: z.number(),
      baselineValue: z.number(),
      zScore: z.number().optional(),
      pValue: z.number().min(0).max(1).optional(),
    }),
    samples: z.array(AlertSample).max(20).describe('Top negative mentions with links'),
    topTerms: z.array(z.object({ term: z.string(), count: NonNegativeInt })).max(20),
    series: z.array(SeriesPoint).max(200).describe('Hourly counts for the last 24 h, for the chart'),
    breakdown: AlertBreakdown.optional(),
  })
  .describe('alerts.v1: an alert opened or resolved for one brand');

export type Alert = z.infer<typeof Alert>;
export type AlertSample = z.infer<typeof AlertSample>;
export type SeriesPoint = z.infer<typeof SeriesPoint>;
export type AlertBreakdown = z.infer<typeof AlertBreakdown>;
