import type { FastifyInstance, FastifyReply } from 'fastify';
import { DUMMY_PASSWORD_HASH, verifyPassword, type UserDoc } from '@crumbtrail/storage';
import { LoginRequest, SessionResponse } from '../api/schemas';
import { retryAfterSeconds } from '../auth/rate-limit';
import type { Deps } from '../deps';
import { parseCookies, sessionCookie } from '../http/cookies';
import { HttpError } from '../http/errors';
import { addRoute, type ApiRoute } from '../http/route';
import {
  canAcknowledge,
  canCorrect,
  canManageUsers,
  canMute,
  canTriage,
  readableBrands,
  type Auth,
} from '../permissions/brand';

export const SESSION_COOKIE = 'ct_session';

export function authOf(user: UserDoc, via: Auth['via']): Auth {
  return { userId: user._id, actor: user.email, role: user.role, brands: new Set(user.brands), via };
}

export function sessionResponse(deps: Deps, user: UserDoc, auth: Auth, csrf: string): SessionResponse {
  const brands = readableBrands(auth, [...deps.brands.keys()]);
  return {
    user: { id: user._id, email: user.email, name: user.name, role: user.role, brands: user.brands },
    csrfToken: csrf,
    brands: brands.map((id) => ({ id, name: deps.brands.get(id)?.name ?? id })),
    permissions: Object.fromEntries(
      brands.map((b) => [
        b,
        {
          triage: canTriage(auth, b),
          correct: canCorrect(auth, b),
          acknowledge: canAcknowledge(auth, b),
          mute: canMute(auth, b),
        },
      ]),
    ),
    canManageUsers: canManageUsers(auth),
  };
}

function setCookie(deps: Deps, reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  reply.header('set-cookie', sessionCookie(SESSION_COOKIE, value, maxAgeSeconds, deps.cookieSecure));
}

export function registerSessionRoutes(app: FastifyInstance, deps: Deps, registry: ApiRoute[]): void {
  addRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/login',
      access: 'public',
      tag: 'session',
      summary: 'Log in with email and password; sets the ct_session cookie',
      body: LoginRequest,
      response: SessionResponse,
      async handler({ req, reply, body }) {
        const now = deps.clock();
        const wait = await deps.loginFailures.retryAfterMs(body.email, req.ip, now);
        if (wait > 0) {
          const seconds = String(retryAfterSeconds(wait));
          throw new HttpError(
            429,
            'rate_limited',
            `too many failed logins; try again in ${seconds} s`,
            undefined,
            {
              'retry-after': seconds,
            },
          );
        }
        const user = await deps.users.byEmail(body.email);
        // Verify against a dummy hash when there is no such user, so timing does not tell which emails exist.
        const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
        if (!user || !ok) {
          await deps.loginFailures.fail(body.email, req.ip, now);
          deps.logger.warn({ ip: req.ip }, 'failed login');
          throw new HttpError(401, 'bad_credentials', 'wrong email or password');
        }
        await deps.loginFailures.succeeded(body.email, req.ip);
        const { cookie, doc } = await deps.sessions.create(user._id, req.ip, now, deps.sessionTtlMs);
        setCookie(deps, reply, cookie, Math.floor(deps.sessionTtlMs / 1000));
        await deps.audit.record({ at: now, actor: user.email, action: 'login', target: user._id });
        return sessionResponse(deps, user, authOf(user, 'session'), doc.csrf);
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/logout',
      access: 'user',
      tag: 'session',
      summary: 'Log out: ends this session and clears the cookie',
      status: 204,
      async handler({ req, reply, auth }) {
        const cookie = parseCookies(req.headers.cookie)[SESSION_COOKIE];
        if (cookie) await deps.sessions.delete(cookie);
        setCookie(deps, reply, '', 0);
        await deps.audit.record({
          at: deps.clock(),
          actor: auth.actor,
          action: 'logout',
          target: auth.userId,
        });
        return undefined;
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/session',
      access: 'user',
      tag: 'session',
      summary: 'Who is logged in, the csrf token, readable brands and permissions',
      response: SessionResponse,
      async handler({ req, auth }) {
        const user = await deps.users.get(auth.userId);
        if (!user) throw new HttpError(401, 'unauthorized', 'log in first');
        return sessionResponse(deps, user, auth, req.csrf ?? '');
      },
    },
    registry,
  );
}
