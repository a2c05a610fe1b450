import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { PRESETS, fromLocalInput, resolvePeriod, toLocalInput, type RangeChoice } from '../lib/time';

export interface RangeValue {
  period: RangeChoice;
  from?: string;
  to?: string;
}

/** 24 h / 7 d / 30 d or a custom period (datetime inputs in the viewer's zone). */
export function RangePicker({
  value,
  onChange,
}: {
  value: RangeValue;
  onChange: (v: RangeValue) => void;
}): JSX.Element {
  const initial = resolvePeriod(value.period, new Date(), value.from, value.to);
  const [editing, setEditing] = useState(value.period === 'custom');
  const [from, setFrom] = useState(toLocalInput(initial.from));
  const [to, setTo] = useState(toLocalInput(initial.to));
  const fromIso = fromLocalInput(from);
  const toIso = fromLocalInput(to);
  const valid = fromIso !== undefined && toIso !== undefined && Date.parse(fromIso) < Date.parse(toIso);
  return (
    <div class="range" role="group" aria-label="Period">
      <div class="segmented">
        {PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            class="segmented__item"
            aria-pressed={value.period === p && !editing}
            onClick={() => {
              setEditing(false);
              onChange({ period: p });
            }}
          >
            {p}
          </button>
        ))}
        <button
          type="button"
          class="segmented__item"
          aria-pressed={editing || value.period === 'custom'}
          onClick={() => setEditing(true)}
        >
          custom
        </button>
      </div>
      {editing && (
        <form
          class="range__custom"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) onChange({ period: 'custom', from: fromIso, to: toIso });
          }}
        >
          <label>
            from{' '}
            <input
              type="datetime-local"
              name="from"
              value={from}
              onInput={(e) => setFrom(e.currentTarget.value)}
            />
          </label>
          <label>
            to{' '}
            <input type="datetime-local" name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
          </label>
          <button type="submit" class="button" disabled={!valid}>
            Apply
          </button>
        </form>
      )}
    </div>
  );
}
