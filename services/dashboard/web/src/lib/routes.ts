/** The pages and their URLs. Every page is a reloadable URL; the server answers each with the app's index.html. */

export type Route =
  | { page: 'overview' }
  | { page: 'login' }
  | { page: 'brand'; brand: string }
  | { page: 'mentions'; brand: string }
  | { page: 'inbox' }
  | { page: 'alerts' }
  | { page: 'alert'; alertId: string }
  | { page: 'sources' }
  | { page: 'users' }
  | { page: 'not-found' };

function decode(segment: string): string | undefined {
  try {
    const value = decodeURIComponent(segment);
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

/** The route of a pathname; unknown paths and undecodable segments are `not-found`. */
export function matchRoute(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, '').split('/').slice(1);
  const [first, second, third, ...rest] = parts;
  if (rest.length > 0) return { page: 'not-found' };
  if (first === undefined || (first === '' && parts.length === 1)) return { page: 'overview' };
  if (first === 'login' && second === undefined) return { page: 'login' };
  if (first === 'inbox' && second === undefined) return { page: 'inbox' };
  if (first === 'sources' && second === undefined) return { page: 'sources' };
  if (first === 'users' && second === undefined) return { page: 'users' };
  if (first === 'alerts') {
    if (second === undefined) return { page: 'alerts' };
    const alertId = decode(second);
    if (alertId !== undefined && third === undefined) return { page: 'alert', alertId };
  }
  if (first === 'brands' && second !== undefined) {
    const brand = decode(second);
    if (brand !== undefined && third === undefined) return { page: 'brand', brand };
    if (brand !== undefined && third === 'mentions') return { page: 'mentions', brand };
  }
  return { page: 'not-found' };
}

export const paths = {
  overview: (): string => '/',
  login: (): string => '/login',
  brand: (brand: string): string => `/brands/${encodeURIComponent(brand)}`,
  mentions: (brand: string): string => `/brands/${encodeURIComponent(brand)}/mentions`,
  inbox: (): string => '/inbox',
  alerts: (): string => '/alerts',
  alert: (alertId: string): string => `/alerts/${encodeURIComponent(alertId)}`,
  sources: (): string => '/sources',
  users: (): string => '/users',
};

/** Where to go after login: only a same-origin path of this app (never `//host` or a full URL). */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return matchRoute(next.split(/[?#]/)[0] ?? '/').page === 'not-found' ? '/' : next;
}
