import type { FastifyInstance } from 'fastify';
import { UserExistsError, type UserDoc } from '@crumbtrail/storage';
import {
  CreateTokenRequest,
  CreateTokenResponse,
  CreateUserRequest,
  TokenParams,
  TokensResponse,
  UpdateUserRequest,
  User,
  UserParams,
  UsersResponse,
} from '../api/schemas';
import type { Deps } from '../deps';
import { badRequest, HttpError, notFound } from '../http/errors';
import { addRoute, type ApiRoute } from '../http/route';

export function userView(u: UserDoc): User {
  return {
    id: u._id,
    email: u.email,
    name: u.name,
    role: u.role,
    brands: u.brands,
    createdAt: u.createdAt.toISOString(),
  };
}

function audited(u: UserDoc | null) {
  return u ? { email: u.email, name: u.name, role: u.role, brands: u.brands } : null;
}

export function registerUserRoutes(app: FastifyInstance, deps: Deps, registry: ApiRoute[]): void {
  const unknownBrands = (brands: readonly string[]) => {
    const bad = brands.filter((b) => !deps.brands.has(b));
    if (bad.length > 0) throw badRequest(`unknown brand(s): ${bad.join(', ')}`);
  };

  addRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/users',
      access: 'admin',
      tag: 'users',
      summary: 'Every user (admin)',
      response: UsersResponse,
      async handler() {
        return { items: (await deps.users.list()).map(userView) };
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/users',
      access: 'admin',
      tag: 'users',
      summary: 'Add a user (admin)',
      body: CreateUserRequest,
      response: User,
      status: 201,
      async handler({ body, auth }) {
        unknownBrands(body.brands);
        const now = deps.clock();
        try {
          const user = await deps.users.add(body, now);
          await deps.audit.record({
            at: now,
            actor: auth.actor,
            action: 'user.add',
            target: user._id,
            before: null,
            after: audited(user),
          });
          return userView(user);
        } catch (err) {
          if (err instanceof UserExistsError) throw new HttpError(409, 'conflict', err.message);
          throw err;
        }
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'PATCH',
      url: '/api/v1/users/:id',
      access: 'admin',
      tag: 'users',
      summary: "Change a user's name, role, brands or password (admin)",
      params: UserParams,
      body: UpdateUserRequest,
      response: User,
      async handler({ params, body, auth }) {
        if (body.brands) unknownBrands(body.brands);
        const before = await deps.users.get(params.id);
        if (!before) throw notFound(`user ${params.id}`);
        const now = deps.clock();
        const after = await deps.users.update(params.id, body, now);
        if (!after) throw notFound(`user ${params.id}`);
        await deps.audit.record({
          at: now,
          actor: auth.actor,
          action: body.password !== undefined ? 'user.update+password' : 'user.update',
          target: params.id,
          before: audited(before),
          after: audited(after),
        });
        return userView(after);
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'DELETE',
      url: '/api/v1/users/:id',
      access: 'admin',
      tag: 'users',
      summary: 'Remove a user (admin); their sessions and tokens stop working',
      params: UserParams,
      status: 204,
      async handler({ params, auth }) {
        if (params.id === auth.userId) throw badRequest('you cannot remove yourself');
        const before = await deps.users.get(params.id);
        if (!before || !(await deps.users.remove(params.id))) throw notFound(`user ${params.id}`);
        await deps.audit.record({
          at: deps.clock(),
          actor: auth.actor,
          action: 'user.remove',
          target: params.id,
          before: audited(before),
          after: null,
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
      url: '/api/v1/tokens',
      access: 'user',
      tag: 'tokens',
      summary: 'Your API tokens (never the tokens themselves)',
      response: TokensResponse,
      async handler({ auth }) {
        const docs = await deps.tokens.list(auth.userId);
        return {
          items: docs.map((d) => ({
            id: d.id,
            name: d.name,
            createdAt: d.createdAt.toISOString(),
            lastUsedAt: d.lastUsedAt?.toISOString() ?? null,
          })),
        };
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'POST',
      url: '/api/v1/tokens',
      access: 'user',
      tag: 'tokens',
      summary: 'Create an API token for scripts (shown once; it acts as you)',
      body: CreateTokenRequest,
      response: CreateTokenResponse,
      status: 201,
      async handler({ body, auth }) {
        const now = deps.clock();
        const { token, doc } = await deps.tokens.create(auth.userId, body.name, now);
        await deps.audit.record({
          at: now,
          actor: auth.actor,
          action: 'token.create',
          target: doc.id,
          before: null,
          after: { name: doc.name },
        });
        return {
          id: doc.id,
          name: doc.name,
          createdAt: doc.createdAt.toISOString(),
          lastUsedAt: null,
          token,
        };
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'DELETE',
      url: '/api/v1/tokens/:id',
      access: 'user',
      tag: 'tokens',
      summary: 'Revoke one of your API tokens',
      params: TokenParams,
      status: 204,
      async handler({ params, auth }) {
        if (!(await deps.tokens.revoke(auth.userId, params.id))) throw notFound(`token ${params.id}`);
        await deps.audit.record({
          at: deps.clock(),
          actor: auth.actor,
          action: 'token.revoke',
          target: params.id,
        });
        return undefined;
      },
    },
    registry,
  );
}
