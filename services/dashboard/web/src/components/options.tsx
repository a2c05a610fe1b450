import type { JSX } from 'preact';

/** One <option> per value, labelled with the value itself (sentiments, intents, sources, roles). */
export function Options({ values }: { values: readonly string[] }): JSX.Element {
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </>
  );
}
