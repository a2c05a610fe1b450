import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { z } from 'zod';
import { canManageUsers, type Auth } from '../permissions/brand';
import { badRequest, forbidden, HttpError, unauthorized } from './errors';

/**
 * Who may call a route at all (brand checks come on top, in the handler, through permissions/brand.ts):
 * - `public`: anyone (login, health, the web app's pages, email actions that carry their own signed token);
 * - `user`: a logged-in user or an API token; brand-scoped data is then checked per brand;
 * - `admin`: users who may manage users.
 * Every route must declare one: registering a route without it throws (see server.ts), and the route walker test
 * calls every route as a user without rights.
 */
export type Access = 'public' | 'user' | 'admin';

export interface RouteContext<P, Q, B> {
  req: FastifyRequest;
  reply: FastifyReply;
  params: P;
  query: Q;
  body: B;
  /** Non-null on `user` and `admin` routes. */
  auth: Auth;
}

export interface ApiRoute<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: HTTPMethods;
  url: string;
  access: Access;
  summary: string;
  tag: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response?: z.ZodType<R>;
  /** Default 200; 204 routes return nothing. */
  status?: number;
  handler(ctx: RouteContext<P, Q, B>): Promise<R | undefined>;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
    /** The csrf token of the cookie session the request came with (none for API tokens). */
    csrf: string | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  throw badRequest(`invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Registers an API route: access, CSRF, zod-validated params/query/body and response. */
export function addRoute<P, Q, B, R>(
  app: FastifyInstance,
  route: ApiRoute<P, Q, B, R>,
  registry: ApiRoute[],
): void {
  registry.push(route);
  app.route({
    method: route.method,
    url: route.url,
    config: { access: route.access },
    handler: async (req, reply) => {
      if (route.access !== 'public') {
        if (!req.auth) throw unauthorized();
        if (!SAFE_METHODS.has(req.method) && req.auth.via === 'session') checkCsrf(req);
        if (route.access === 'admin' && !canManageUsers(req.auth))
          throw forbidden('only an admin may do this');
      }
      if (route.body && !SAFE_METHODS.has(req.method) && !isJson(req)) {
        throw new HttpError(415, 'unsupported_media_type', 'send the body as application/json');
      }
      const params = parse(route.params, req.params, 'path');
      const query = parse(route.query, req.query, 'query');
      const body = parse(route.body, req.body, 'body');
      const out = await route.handler({ req, reply, params, query, body, auth: req.auth as Auth });
      if (reply.sent) return reply;
      reply.header('cache-control', 'no-store');
      if (route.status === 204 || out === undefined) return reply.code(route.status ?? 204).send();
      return reply.code(route.status ?? 200).send(route.response ? route.response.parse(out) : out);
    },
  });
}

function isJson(req: FastifyRequest): boolean {
  return /^application\/json\b/i.test(req.headers['content-type'] ?? '');
}

function checkCsrf(req: FastifyRequest): void {
  const sent = req.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !req.csrf || !constantTimeEqual(sent, req.csrf)) {
    throw new HttpError(
      403,
      'csrf',
      'missing or wrong x-csrf-token header: send the csrfToken from GET /api/v1/session',
    );
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
