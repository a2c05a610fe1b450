/** Numbers as the pages show them. */

export function formatCount(n: number): string {
  return new Intl.NumberFormat('en', { maximumFractionDigits: 0 }).format(n);
}

/** 0.1234 → "12.3%"; null (no mentions, so no share) → "–". */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '–';
  const pct = share * 100;
  return `${pct < 10 && pct > 0 ? pct.toFixed(1) : Math.round(pct)}%`;
}

/** The change of a count against the previous period: "+25%", "−10%", "new" (from zero), "±0%". */
export function formatChange(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? '±0%' : 'new';
  const change = (current - previous) / previous;
  const pct = Math.round(change * 100);
  if (pct === 0) return '±0%';
  return pct > 0 ? `+${pct}%` : `−${Math.abs(pct)}%`;
}

/** The change of a share in percentage points: "+12.0 pp", "−3.5 pp". */
export function formatPointChange(current: number | null, previous: number | null): string {
  if (current === null || previous === null) return '–';
  const pp = (current - previous) * 100;
  if (Math.abs(pp) < 0.05) return '±0 pp';
  return `${pp > 0 ? '+' : '−'}${Math.abs(pp).toFixed(1)} pp`;
}

/** 0.873 → "87%" confidence. */
export function formatConfidence(confidence: number | null | undefined): string {
  if (confidence === null || confidence === undefined) return '';
  return `${Math.round(confidence * 100)}%`;
}
