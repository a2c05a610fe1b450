import { matchRoute, paths, safeNextPath } from './routes';

describe('matchRoute', () => {
  it.each([
    ['/', { page: 'overview' }],
    ['', { page: 'overview' }],
    ['/login', { page: 'login' }],
    ['/inbox', { page: 'inbox' }],
    ['/inbox/', { page: 'inbox' }],
    ['/sources', { page: 'sources' }],
    ['/users', { page: 'users' }],
    ['/alerts', { page: 'alerts' }],
    [
      '/alerts/acme-cloud%3Anegative_share%3A2026',
      { page: 'alert', alertId: 'acme-cloud:negative_share:2026' },
    ],
    ['/brands/acme-cloud', { page: 'brand', brand: 'acme-cloud' }],
    ['/brands/acme%20cloud/mentions', { page: 'mentions', brand: 'acme cloud' }],
    ['/brands', { page: 'not-found' }],
    ['/brands/%E0%A4%A/mentions', { page: 'not-found' }],
    ['/brands/x/other', { page: 'not-found' }],
    ['/alerts/a/b', { page: 'not-found' }],
    ['/nope', { page: 'not-found' }],
  ])('%s', (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });

  it('round-trips the paths it builds, including the notifier links', () => {
    const brand = 'acme/cloud?x';
    expect(matchRoute(paths.brand(brand))).toEqual({ page: 'brand', brand });
    expect(matchRoute(paths.mentions(brand))).toEqual({ page: 'mentions', brand });
    expect(matchRoute(paths.alert('a:b/c'))).toEqual({ page: 'alert', alertId: 'a:b/c' });
  });
});

describe('safeNextPath', () => {
  it('keeps app paths and refuses everything that could leave the site', () => {
    expect(safeNextPath('/brands/acme/mentions?from=2026-12-01T00:00:00Z')).toBe(
      '/brands/acme/mentions?from=2026-12-01T00:00:00Z',
    );
    expect(safeNextPath('//evil.example/')).toBe('/');
    expect(safeNextPath('/\\evil.example')).toBe('/');
    expect(safeNextPath('https://evil.example/')).toBe('/');
    expect(safeNextPath('/unknown')).toBe('/');
    expect(safeNextPath(null)).toBe('/');
  });
});
