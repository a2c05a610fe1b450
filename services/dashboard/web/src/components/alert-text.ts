/** Words for alerts, shared by the alert list and the alert page (pure). */

export const KIND_TITLE: Record<string, string> = {
  negative_share: 'Negative share rose',
  complaint_volume: 'Complaints rose',
  volume_spike: 'Mention volume spiked',
};

export function kindTitle(kind: string): string {
  return KIND_TITLE[kind] ?? kind;
}

/** "45 min", "2 h 5 min" between two instants. */
export function spanText(from: string, to: string): string {
  const minutes = Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** A p-value as the email shows it: "1.0e-12", "0.003". */
export function formatP(p: number | undefined): string {
  if (p === undefined) return '–';
  if (p === 0) return '< 1e-300';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
