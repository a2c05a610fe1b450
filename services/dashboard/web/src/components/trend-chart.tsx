import type { JSX } from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { formatShare } from '../lib/format';
import { formatDateTime } from '../lib/time';
import {
  chartColumns,
  chartMarkers,
  stackValue,
  type ChartColumns,
  type MarkerLike,
  type TrendPointLike,
} from './chart-data';
import { mountPlot } from './plot-mount';

const COLORS = {
  negative: '#d64545',
  neutral: '#b8c2cc',
  positive: '#3f9d6b',
  share: '#7a1f1f',
  previous: '#4a5568',
  marker: '#c05621',
  markerCritical: '#9b2c2c',
};

interface Props {
  series: readonly TrendPointLike[];
  previous?: readonly TrendPointLike[];
  alerts?: readonly MarkerLike[];
  range: { from: string; to: string };
  height?: number;
  label: string;
}

/** Draws alert markers: a dashed vertical line at the alert's opening and its kind at the top. */
function markersPlugin(markers: ReturnType<typeof chartMarkers>): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        ctx.save();
        for (const m of markers) {
          const x = Math.round(u.valToPos(m.x, 'x', true));
          ctx.strokeStyle = m.critical ? COLORS.markerCritical : COLORS.marker;
          ctx.fillStyle = ctx.strokeStyle;
          ctx.lineWidth = 2 * uPlot.pxRatio;
          ctx.setLineDash([5 * uPlot.pxRatio, 4 * uPlot.pxRatio]);
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.beginPath();
          const s = 6 * uPlot.pxRatio;
          ctx.moveTo(x - s, top);
          ctx.lineTo(x + s, top);
          ctx.lineTo(x, top + s * 1.5);
          ctx.closePath();
          ctx.fill();
          ctx.font = `${11 * uPlot.pxRatio}px system-ui, sans-serif`;
          const text = `⚠ ${m.label}`;
          const gap = 8 * uPlot.pxRatio;
          const width = ctx.measureText(text).width;
          // Right of the line, or left of it when it would run past the plot's right edge.
          const left = x + gap + width > u.bbox.left + u.bbox.width ? x - gap - width : x + gap;
          ctx.fillText(text, left, top + 12 * uPlot.pxRatio);
        }
        ctx.restore();
      },
    },
  };
}

function options(
  columns: ChartColumns,
  width: number,
  height: number,
  markers: ReturnType<typeof chartMarkers>,
): uPlot.Options {
  const bars = uPlot.paths.bars?.({ size: [0.7, 40], align: 0 });
  const layer = (name: 'positive' | 'neutral' | 'negative'): uPlot.Series => ({
    label: name,
    stroke: COLORS[name],
    fill: COLORS[name],
    width: 0,
    paths: bars,
    points: { show: false },
    value: (_u, _v, _s, idx) => (idx === null ? '–' : stackValue(columns, name, idx)),
  });
  const series: uPlot.Series[] = [
    {
      label: 'time',
      value: (_u, v) => (v === null ? '–' : formatDateTime(new Date(v * 1000).toISOString())),
    },
    layer('positive'),
    layer('neutral'),
    layer('negative'),
    {
      label: 'negative share',
      scale: 'share',
      stroke: COLORS.share,
      width: 2,
      spanGaps: true,
      points: { show: true, size: 4 },
      value: (_u, v) => (v === null ? '–' : formatShare(v)),
    },
  ];
  if (columns.previousTotal) {
    series.push({
      label: 'previous period (total)',
      stroke: COLORS.previous,
      width: 1.5,
      dash: [6, 4],
      points: { show: false },
      value: (_u, v) => (v === null ? '–' : v),
    });
  }
  return {
    width,
    height,
    series,
    scales: { x: { time: true }, share: { range: [0, 1] } },
    axes: [
      { stroke: '#4a5568', grid: { stroke: '#edf2f7' } },
      { label: 'mentions', stroke: '#4a5568', grid: { stroke: '#edf2f7' }, size: 56 },
      {
        label: 'negative share',
        scale: 'share',
        side: 1,
        stroke: COLORS.share,
        grid: { show: false },
        values: (_u, ticks) => ticks.map((t) => `${Math.round(t * 100)}%`),
        size: 56,
      },
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    plugins: [markersPlugin(markers)],
  };
}

/**
 * Mentions over time stacked by sentiment (bars), the negative share as a line on the right axis, every alert
 * marked, and optionally the previous period's totals as a dashed line. The same numbers are in a table below it.
 */
export function TrendChart({
  series,
  previous,
  alerts = [],
  range,
  height = 280,
  label,
}: Props): JSX.Element {
  const holder = useRef<HTMLDivElement>(null);
  const columns = useMemo(() => chartColumns(series, previous), [series, previous]);
  const markers = useMemo(() => chartMarkers(alerts, range), [alerts, range]);

  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    const data: uPlot.AlignedData = [
      columns.x,
      columns.stackTotal,
      columns.stackNegNeu,
      columns.stackNeg,
      columns.share,
      ...(columns.previousTotal ? [columns.previousTotal] : []),
    ];
    const plot = new uPlot(options(columns, Math.max(el.clientWidth, 320), height, markers), data, el);
    return mountPlot(plot, el, height);
  }, [columns, markers, height]);

  return (
    <figure class="chart" aria-label={label}>
      <div class="chart__canvas" ref={holder} data-points={series.length} data-markers={markers.length} />
      <details class="chart__data">
        <summary>Chart data ({series.length} buckets, times in your time zone)</summary>
        <table class="table table--compact">
          <thead>
            <tr>
              <th scope="col">bucket</th>
              <th scope="col">mentions</th>
              <th scope="col">negative</th>
              <th scope="col">neutral</th>
              <th scope="col">positive</th>
              <th scope="col">negative share</th>
              {previous && <th scope="col">previous period</th>}
            </tr>
          </thead>
          <tbody>
            {series.map((p, i) => (
              <tr key={p.t} data-bucket={p.t}>
                <td>{formatDateTime(p.t)}</td>
                <td>{p.total}</td>
                <td>{p.negative}</td>
                <td>{p.neutral}</td>
                <td>{p.positive}</td>
                <td>{formatShare(p.negativeShare)}</td>
                {previous && <td>{columns.previousTotal?.[i] ?? '–'}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
