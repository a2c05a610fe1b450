import type { SeriesPoint } from '@crumbtrail/contracts';
import { formatClock, localParts } from '../view/time-format';
import { escapeHtml } from './escape';

const SPARKS = '▁▂▃▄▅▆▇█';

/** Plain-text chart: one block character per bucket, scaled to the busiest bucket. */
export function sparkline(values: number[]): string {
  const max = Math.max(0, ...values);
  if (max === 0) return SPARKS[0]!.repeat(values.length);
  return values
    .map((v) => SPARKS[Math.min(SPARKS.length - 1, Math.floor((v / max) * (SPARKS.length - 1)))])
    .join('');
}

/**
 * HTML chart of the series as a table of stacked bars (negative in red over the rest in grey). Tables render in every
 * mail client, where SVG and canvas often do not, and need no image hosting. 24 bars fit a 320 px phone screen.
 * Hours are labelled in the reader's time zone.
 */
export function barChartHtml(series: SeriesPoint[], heightPx = 80, timeZone = 'UTC'): string {
  if (series.length === 0) return '<p style="color:#666">No data for the chart.</p>';
  const max = Math.max(1, ...series.map((p) => p.mentions));
  const zone = localParts(new Date(series[series.length - 1]!.bucketStart), timeZone).zoneName;
  const cells = series
    .map((point) => {
      const total = Math.round((point.mentions / max) * heightPx);
      const negative = Math.min(total, Math.round((point.negatives / max) * heightPx));
      const hour = formatClock(point.bucketStart, timeZone);
      const title = escapeHtml(`${hour} ${zone}: ${point.mentions} mentions, ${point.negatives} negative`);
      return (
        `<td style="vertical-align:bottom;padding:0 1px" title="${title}">` +
        `<div style="width:8px;height:${total - negative}px;background:#c7c7c7"></div>` +
        `<div style="width:8px;height:${negative}px;background:#d93025"></div></td>`
      );
    })
    .join('');
  const first = escapeHtml(formatClock(series[0]!.bucketStart, timeZone));
  const last = escapeHtml(formatClock(series[series.length - 1]!.bucketStart, timeZone));
  return (
    `<table role="img" aria-label="mentions per hour, negative in red" cellpadding="0" cellspacing="0" ` +
    `style="border-collapse:collapse;height:${heightPx}px"><tr>${cells}</tr></table>` +
    `<div style="font-size:12px;color:#57606a;padding-top:4px">${first} … ${last} ${escapeHtml(zone)} · ` +
    `<span style="color:#d93025">■</span> negative <span style="color:#999">■</span> other</div>`
  );
}
