/** `base` (scheme, host and an optional path prefix) + an absolute API path + query parameters. */
export function apiUrl(
  base: string,
  path: string,
  params: Record<string, string | number | boolean | undefined> = {},
): string {
  const url = new URL(base.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined) url.searchParams.set(k, String(v));
  }
  return url.toString();
}
