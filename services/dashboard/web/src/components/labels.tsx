import type { JSX } from 'preact';
import { formatConfidence } from '../lib/format';

/** A sentiment label (with the model's confidence when given). */
export function SentimentBadge({
  label,
  confidence,
}: {
  label: string;
  confidence?: number | null;
}): JSX.Element {
  return (
    <span class={`badge badge--${label}`} data-sentiment={label}>
      {label}
      {confidence !== undefined && confidence !== null && (
        <span class="badge__conf"> {formatConfidence(confidence)}</span>
      )}
    </span>
  );
}

export function IntentBadge({
  label,
  confidence,
}: {
  label: string;
  confidence?: number | null;
}): JSX.Element {
  return (
    <span class={`badge badge--intent badge--${label}`} data-intent={label}>
      {label}
      {confidence !== undefined && confidence !== null && (
        <span class="badge__conf"> {formatConfidence(confidence)}</span>
      )}
    </span>
  );
}

export function SourceLabel({ source }: { source: string }): JSX.Element {
  return <span class="source">{source}</span>;
}
