import type { JSX } from 'preact';

/** A small SVG line of counts (no axes), e.g. mentions per bucket on the overview; negatives as a second line. */
export function Sparkline({
  values,
  secondary,
  label,
}: {
  values: readonly number[];
  secondary?: readonly number[];
  label: string;
}): JSX.Element {
  const width = 120;
  const height = 28;
  const max = Math.max(1, ...values, ...(secondary ?? []));
  const line = (data: readonly number[]): string =>
    data
      .map((v, i) => {
        const x = data.length === 1 ? width / 2 : (i / (data.length - 1)) * width;
        const y = height - 2 - (v / max) * (height - 4);
        return `${x.toFixed(1)},${y.toFixed(1)}`;
      })
      .join(' ');
  return (
    <svg
      class="sparkline"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={label}
    >
      {values.length > 0 && <polyline class="sparkline__total" points={line(values)} />}
      {secondary && secondary.length > 0 && <polyline class="sparkline__negative" points={line(secondary)} />}
    </svg>
  );
}
