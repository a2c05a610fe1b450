/**
 * RFC 8288 `Link` header: `<https://a/b?max_id=1>; rel="next", <https://a/b?min_id=9>; rel="prev"` -> { next, prev }.
 * Relative targets are resolved against `base`.
 */
export function parseLinkHeader(value: string | null, base?: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  const re = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
  for (const m of value.matchAll(re)) {
    const target = m[1] ?? '';
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2] ?? '')?.[1];
    if (!rel) continue;
    let url: string;
    try {
      url = new URL(target, base).toString();
    } catch {
      continue;
    }
    for (const r of rel.trim().split(/\s+/)) out[r.toLowerCase()] ??= url;
  }
  return out;
}
