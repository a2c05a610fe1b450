import type { JSX } from 'preact';
import { formatCount, formatShare } from '../lib/format';

/** A breakdown as labelled horizontal bars, largest first (counts and shares as text too). */
export function BarList({
  title,
  counts,
  highlight,
}: {
  title: string;
  counts: Record<string, number>;
  highlight?: string;
}): JSX.Element {
  const entries = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const max = entries[0]?.[1] ?? 0;
  return (
    <section class="card bars" aria-label={title}>
      <h3 class="card__title">{title}</h3>
      {entries.length === 0 ? (
        <p class="muted">No mentions in this period.</p>
      ) : (
        <ul class="bars__list">
          {entries.map(([key, n]) => (
            <li
              key={key}
              class={`bars__row${key === highlight ? ' bars__row--highlight' : ''}`}
              data-key={key}
            >
              <span class="bars__label">{key}</span>
              <span class="bars__track">
                <span class="bars__fill" style={{ width: `${max === 0 ? 0 : (n / max) * 100}%` }} />
              </span>
              <span class="bars__value">
                {formatCount(n)} <span class="muted">{formatShare(n / total)}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
