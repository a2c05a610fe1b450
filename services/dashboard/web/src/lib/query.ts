/** Filters live in the URL: these helpers turn query strings into typed filters and back. */

export type QueryValue = string | number | boolean | null | undefined | readonly string[];

/** `?a=1&b=x` from an object; empty, null, undefined and false values are left out, arrays repeat the key. */
export function buildQuery(values: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly string[]) if (item !== '') params.append(key, item);
    } else {
      params.set(key, value === true ? '1' : String(value));
    }
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** A path plus its query: `withQuery('/inbox', { status: 'open' })` → `/inbox?status=open`. */
export function withQuery(path: string, values: Record<string, QueryValue>): string {
  return `${path}${buildQuery(values)}`;
}

/** The value of `key` if it is one of `allowed`, else undefined (a hand-edited URL never breaks a page). */
export function pickOne<T extends string>(
  params: URLSearchParams,
  key: string,
  allowed: readonly T[],
): T | undefined {
  const value = params.get(key);
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** An ISO instant from the query string, or undefined when missing or not a date. */
export function pickDate(params: URLSearchParams, key: string): string | undefined {
  const value = params.get(key);
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** A trimmed, length-capped free-text value, or undefined when blank. */
export function pickText(params: URLSearchParams, key: string, maxLength = 200): string | undefined {
  const value = params.get(key)?.trim();
  return value ? value.slice(0, maxLength) : undefined;
}

export function pickFlag(params: URLSearchParams, key: string): boolean {
  const value = params.get(key);
  return value === '1' || value === 'true';
}
