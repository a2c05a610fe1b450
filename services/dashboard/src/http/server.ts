import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { join } from 'node:path';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Deps } from '../deps';
import { registerAlertRoutes } from '../routes/alerts';
import { registerEmailActionRoutes } from '../routes/email-actions';
import { registerInboxRoutes } from '../routes/inbox';
import { registerLiveRoutes } from '../routes/live';
import { registerMentionRoutes } from '../routes/mentions';
import { registerOverviewRoutes } from '../routes/overview';
import { registerSessionRoutes, SESSION_COOKIE, authOf } from '../routes/session';
import { registerUserRoutes } from '../routes/users';
import { TOKEN_PREFIX } from '../auth/tokens-repo';
import { parseCookies } from './cookies';
import { HttpError } from './errors';
import { openApiDocument } from './openapi';
import { addRoute, type ApiRoute } from './route';

/** Sent with every answer: nothing inline, nothing from elsewhere, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Pages of the web app: each is a URL that can be linked and reloaded (the app routes on the client). */
export const PAGE_PATHS = [
  '/',
  '/login',
  '/inbox',
  '/sources',
  '/alerts',
  '/alerts/*',
  '/brands/*',
  '/users',
];

export interface ServerOptions {
  webDir: string;
  ops: {
    health(): Promise<{ healthy: boolean; body: unknown }>;
    ready(): Promise<boolean>;
    metrics(): Promise<{ contentType: string; body: string }>;
  };
}

/** Every route Fastify registered (the route walker test calls each one). */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: string;
}

export interface DashboardServer {
  app: FastifyInstance;
  routes: ApiRoute[];
  registered: RegisteredRoute[];
}

async function authenticate(deps: Deps, req: FastifyRequest): Promise<void> {
  const now = deps.clock();
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    const token = header.slice('Bearer '.length).trim();
    if (!token.startsWith(TOKEN_PREFIX)) return;
    const doc = await deps.tokens.verify(token, now);
    const user = doc ? await deps.users.get(doc.userId) : null;
    if (user) req.auth = authOf(user, 'token');
    return;
  }
  const value = parseCookies(req.headers.cookie)[SESSION_COOKIE];
  if (!value) return;
  const session = await deps.sessions.get(value, now);
  if (!session) return;
  const user = await deps.users.get(session.userId);
  // A removed user, or a session from before the last password change, is logged out.
  if (!user || session.createdAt.getTime() < user.passwordChangedAt.getTime()) return;
  req.auth = authOf(user, 'session');
  req.csrf = session.csrf;
}

export async function buildServer(deps: Deps, options: ServerOptions): Promise<DashboardServer> {
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    trustProxy: true,
    routerOptions: { maxParamLength: 600 },
  });
  const routes: ApiRoute[] = [];
  const registered: RegisteredRoute[] = [];

  app.decorateRequest('auth', null);
  app.decorateRequest('csrf', null);
  // Every route declares who may call it (see route.ts); one without a declaration is a programming error.
  app.addHook('onRoute', (route) => {
    if (route.config?.access === undefined) {
      throw new Error(
        `route ${String(route.method)} ${route.url} declares no access (public, user or admin)`,
      );
    }
    for (const method of [route.method].flat()) {
      registered.push({ method: String(method), url: route.url, access: route.config.access });
    }
  });
  await app.register(formbody, { bodyLimit: 16 * 1024 });

  app.addHook('onRequest', async (req) => {
    if (req.url.startsWith('/api/')) await authenticate(deps, req);
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof HttpError) {
      if (err.headers) reply.headers(err.headers);
      return reply
        .code(err.status)
        .send({ error: err.code, message: err.message, ...(err.issues && { issues: err.issues }) });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      const code = (err as { code?: string }).code ?? 'bad_request';
      const message =
        status === 413
          ? `the body is too large (at most ${app.initialConfig.bodyLimit ?? 0} bytes)`
          : (err as Error).message;
      return reply.code(status).send({ error: code.toLowerCase().replace(/^fst_err_/, ''), message });
    }
    deps.logger.error({ err, url: req.url, method: req.method }, 'request failed');
    return reply.code(500).send({ error: 'internal', message: 'something went wrong on our side' });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );

  registerSessionRoutes(app, deps, routes);
  registerOverviewRoutes(app, deps, routes);
  registerMentionRoutes(app, deps, routes);
  registerInboxRoutes(app, deps, routes);
  registerAlertRoutes(app, deps, routes);
  registerLiveRoutes(app, deps, routes);
  registerUserRoutes(app, deps, routes);

  const spec = openApiDocument(routes);
  addRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/openapi.json',
      access: 'public',
      tag: 'meta',
      summary: 'This API as an OpenAPI 3.1 document',
      handler: () => Promise.resolve(spec),
    },
    routes,
  );

  registerEmailActionRoutes(app, deps);

  // Ops endpoints on the same port, like the other services' ops server.
  app.get('/healthz', { config: { access: 'public' } }, async (_req, reply) => {
    const h = await options.ops.health();
    return reply
      .code(h.healthy ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(h.body);
  });
  app.get('/readyz', { config: { access: 'public' } }, async (_req, reply) => {
    const ready = await options.ops.ready();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready' });
  });
  app.get('/metrics', { config: { access: 'public' } }, async (_req, reply) => {
    const m = await options.ops.metrics();
    return reply.header('content-type', m.contentType).send(m.body);
  });

  // The web app: hashed assets (immutable), and index.html for every page path.
  const assets = join(options.webDir, 'assets');
  app.get<{ Params: { file: string } }>(
    '/assets/:file',
    { config: { access: 'public' } },
    async (req, reply) => {
      const { file } = req.params;
      const type = ASSET_TYPES[extname(file)];
      if (!/^[\w.-]+$/.test(file) || file.startsWith('.') || !type) {
        return reply.code(404).send({ error: 'not_found', message: 'no such asset' });
      }
      let body: Buffer;
      try {
        body = await readFile(join(assets, file));
      } catch {
        return reply.code(404).send({ error: 'not_found', message: 'no such asset' });
      }
      return reply.header('cache-control', 'public, max-age=31536000, immutable').type(type).send(body);
    },
  );
  const indexFile = join(options.webDir, 'index.html');
  const page = (): string =>
    existsSync(indexFile)
      ? readFileSync(indexFile, 'utf8')
      : '<!doctype html><meta charset="utf-8"><title>Crumbtrail</title><p>The web app is not built: run npm run build.</p>';
  for (const path of PAGE_PATHS) {
    app.get(path, { config: { access: 'public' } }, async (_req, reply) =>
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page()),
    );
  }
  return { app, routes, registered };
}
