import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { formatDateTime } from '../lib/time';
import { mountPlot } from './plot-mount';

export interface LineSeries {
  label: string;
  color: string;
  values: (number | null)[];
}

/**
 * Counts over time as lines (the alert's evidence chart), with an optional time span shaded (the tested window).
 * The same numbers are in a table below it.
 */
export function LineChart({
  times,
  lines,
  shade,
  label,
  height = 220,
}: {
  times: readonly string[];
  lines: readonly LineSeries[];
  shade?: { from: string; to: string };
  label: string;
  height?: number;
}): JSX.Element {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    const x = times.map((t) => Date.parse(t) / 1000);
    const shadePlugin: uPlot.Plugin = {
      hooks: {
        drawClear: (u: uPlot) => {
          if (!shade) return;
          const left = u.valToPos(Date.parse(shade.from) / 1000, 'x', true);
          const right = u.valToPos(Date.parse(shade.to) / 1000, 'x', true);
          u.ctx.save();
          u.ctx.fillStyle = 'rgba(214, 69, 69, 0.10)';
          u.ctx.fillRect(left, u.bbox.top, Math.max(2, right - left), u.bbox.height);
          u.ctx.restore();
        },
      },
    };
    const plot = new uPlot(
      {
        width: Math.max(el.clientWidth, 320),
        height,
        series: [
          {
            label: 'time',
            value: (_u, v) => (v === null ? '–' : formatDateTime(new Date(v * 1000).toISOString())),
          },
          ...lines.map((l) => ({ label: l.label, stroke: l.color, width: 2, points: { show: false } })),
        ],
        scales: { x: { time: true } },
        axes: [
          { stroke: '#4a5568', grid: { stroke: '#edf2f7' } },
          { stroke: '#4a5568', grid: { stroke: '#edf2f7' }, size: 48 },
        ],
        cursor: { drag: { x: false, y: false } },
        plugins: [shadePlugin],
      },
      [x, ...lines.map((l) => l.values)],
      el,
    );
    return mountPlot(plot, el, height);
  }, [times, lines, shade, height]);

  return (
    <figure class="chart" aria-label={label}>
      <div class="chart__canvas" ref={holder} data-points={times.length} />
      <details class="chart__data">
        <summary>Chart data (times in your time zone)</summary>
        <table class="table table--compact">
          <thead>
            <tr>
              <th scope="col">bucket</th>
              {lines.map((l) => (
                <th key={l.label} scope="col">
                  {l.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {times.map((t, i) => (
              <tr key={t}>
                <td>{formatDateTime(t)}</td>
                {lines.map((l) => (
                  <td key={l.label}>{l.values[i] ?? '–'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
