import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, errorMessage } from '../api/client';
import {
  INTENTS,
  SENTIMENTS,
  type CorrectionRequest,
  type Intent,
  type Mention,
  type Sentiment,
} from '../api/types';
import { Options } from './options';
import { FormError } from './status';

/**
 * Sets the right sentiment and intent of a mention. The API stores it as feedback for the next model and answers
 * with the mention as it is shown from then on.
 */
export function CorrectLabel({
  mention,
  onDone,
}: {
  mention: Mention;
  onDone: (updated?: Mention) => void;
}): JSX.Element {
  const [sentiment, setSentiment] = useState<Sentiment>(mention.correction?.sentiment ?? mention.sentiment);
  const [intent, setIntent] = useState<Intent>(mention.correction?.intent ?? mention.intent);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const body: CorrectionRequest = { sentiment, intent, ...(note.trim() ? { note: note.trim() } : {}) };
    try {
      const updated = await api.post<Mention>(
        `/api/v1/mentions/${encodeURIComponent(mention.id)}/correction`,
        body,
      );
      onDone(updated);
    } catch (err) {
      setError(errorMessage(err));
      setSaving(false);
    }
  };

  return (
    <form class="correct" onSubmit={(e) => void submit(e)} aria-label="Correct label">
      <label>
        Sentiment
        <select
          name="sentiment"
          value={sentiment}
          onChange={(e) => setSentiment(e.currentTarget.value as Sentiment)}
        >
          <Options values={SENTIMENTS} />
        </select>
      </label>
      <label>
        Intent
        <select name="intent" value={intent} onChange={(e) => setIntent(e.currentTarget.value as Intent)}>
          <Options values={INTENTS} />
        </select>
      </label>
      <label class="correct__note">
        Note (optional)
        <input
          name="note"
          type="text"
          maxLength={1000}
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="button button--primary" disabled={saving}>
        {saving ? 'Saving…' : 'Save correction'}
      </button>
      <button type="button" class="button button--quiet" onClick={() => onDone()} disabled={saving}>
        Cancel
      </button>
      <FormError message={error} />
    </form>
  );
}
