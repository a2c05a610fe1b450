/**
 * Pure shaping of trend points for the chart: uPlot draws series from one shared x array, without stacking, so the
 * sentiment stack is drawn as cumulative bars (total, negative + neutral, negative) painted over each other.
 */

export interface TrendPointLike {
  t: string;
  total: number;
  negative: number;
  neutral: number;
  positive: number;
  negativeShare: number | null;
}

export interface ChartColumns {
  /** Bucket starts, unix seconds. */
  x: number[];
  /** Bar tops: total (positive on top), negative + neutral, negative. */
  stackTotal: number[];
  stackNegNeu: number[];
  stackNeg: number[];
  /** Negative share per bucket (null where empty). */
  share: (number | null)[];
  /** The previous period's totals aligned bucket by bucket (null where it has none). */
  previousTotal?: (number | null)[];
}

export function chartColumns(
  series: readonly TrendPointLike[],
  previous?: readonly TrendPointLike[],
): ChartColumns {
  const columns: ChartColumns = {
    x: series.map((p) => Date.parse(p.t) / 1000),
    stackTotal: series.map((p) => p.negative + p.neutral + p.positive),
    stackNegNeu: series.map((p) => p.negative + p.neutral),
    stackNeg: series.map((p) => p.negative),
    share: series.map((p) => p.negativeShare),
  };
  if (previous) columns.previousTotal = series.map((_, i) => previous[i]?.total ?? null);
  return columns;
}

export interface MarkerLike {
  alertId: string;
  kind: string;
  severity: string;
  openedAt: string;
}

export interface ChartMarker {
  alertId: string;
  /** unix seconds */
  x: number;
  label: string;
  critical: boolean;
}

const KIND_LABEL: Record<string, string> = {
  negative_share: 'negative share',
  complaint_volume: 'complaints',
  volume_spike: 'volume',
};

/** Alert markers inside the chart's x range (alerts opened before or after the shown period are left out). */
export function chartMarkers(
  alerts: readonly MarkerLike[],
  range: { from: string; to: string },
): ChartMarker[] {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  return alerts
    .filter((a) => {
      const t = Date.parse(a.openedAt);
      return t >= from && t < to;
    })
    .map((a) => ({
      alertId: a.alertId,
      x: Date.parse(a.openedAt) / 1000,
      label: KIND_LABEL[a.kind] ?? a.kind,
      critical: a.severity === 'critical',
    }));
}

/** The value shown for a stacked series at an index (the legend must show counts, not cumulative heights). */
export function stackValue(
  columns: ChartColumns,
  layer: 'positive' | 'neutral' | 'negative',
  i: number,
): number {
  const total = columns.stackTotal[i] ?? 0;
  const negNeu = columns.stackNegNeu[i] ?? 0;
  const neg = columns.stackNeg[i] ?? 0;
  if (layer === 'positive') return total - negNeu;
  if (layer === 'neutral') return negNeu - neg;
  return neg;
}
