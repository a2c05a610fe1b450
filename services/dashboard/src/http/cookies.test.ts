import { parseCookies, sessionCookie } from './cookies';

it('parses a Cookie header; the first value of a name wins', () => {
  expect(parseCookies('a=1; ct_session=abc-_x; a=2')).toEqual({ a: '1', ct_session: 'abc-_x' });
  expect(parseCookies(undefined)).toEqual({});
  expect(parseCookies('junk; =x')).toEqual({});
});

it('makes an HttpOnly, SameSite=Lax cookie, Secure when asked', () => {
  expect(sessionCookie('ct_session', 'v', 60, false)).toBe(
    'ct_session=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax',
  );
  expect(sessionCookie('ct_session', '', 0, true)).toMatch(/; Secure$/);
});
