import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, errorMessage } from '../api/client';
import type { MuteInfo, MuteRequest, MuteResponse } from '../api/types';
import { LocalTime } from './local-time';
import { FormError } from './status';

const HOURS = [1, 4, 8, 24, 72, 168];

/**
 * A brand's alert mute: shows it while active (the notifier sends nothing until it expires) and lets a user with the
 * right set or lift it.
 */
export function MuteControl({
  brand,
  mute,
  canMute,
  onChange,
}: {
  brand: string;
  mute: MuteInfo | null;
  canMute: boolean;
  onChange: (mute: MuteInfo | null) => void;
}): JSX.Element | null {
  const [hours, setHours] = useState(24);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const active = mute && Date.parse(mute.until) > Date.now() ? mute : null;
  const path = `/api/v1/brands/${encodeURIComponent(brand)}/mute`;

  const run = async (action: () => Promise<MuteResponse>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await action();
      onChange(result.mute);
      setNote('');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (!active && !canMute) return null;
  return (
    <section class={`mute${active ? ' mute--active' : ''}`} aria-label="Alert mute">
      {active ? (
        <p class="mute__state" data-muted-until={active.until}>
          Alerts muted until <LocalTime iso={active.until} /> by {active.by}
          {active.note && <span class="muted"> — {active.note}</span>}
        </p>
      ) : null}
      {canMute &&
        (active ? (
          <button
            type="button"
            class="button"
            disabled={busy}
            onClick={() => void run(() => api.del<MuteResponse>(path))}
          >
            Unmute
          </button>
        ) : (
          <form
            class="mute__form"
            onSubmit={(e) => {
              e.preventDefault();
              const body: MuteRequest = { hours, ...(note.trim() ? { note: note.trim() } : {}) };
              void run(() => api.put<MuteResponse>(path, body));
            }}
          >
            <label>
              Mute alerts for
              <select
                name="hours"
                value={String(hours)}
                onChange={(e) => setHours(Number(e.currentTarget.value))}
              >
                {HOURS.map((h) => (
                  <option key={h} value={String(h)}>
                    {h < 24 ? `${h} h` : `${h / 24} d`}
                  </option>
                ))}
              </select>
            </label>
            <input
              name="note"
              type="text"
              placeholder="why (optional)"
              maxLength={1000}
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
            <button type="submit" class="button" disabled={busy}>
              Mute
            </button>
          </form>
        ))}
      <FormError message={error} />
    </section>
  );
}
