import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ComponentHealth } from './health';

export interface OpsServerOptions {
  port: number;
  /** Default 0.0.0.0, so a container orchestrator can probe it. */
  host?: string;
  logger: Logger;
  registry: Registry;
  /** Liveness: every component must be healthy for /healthz to answer 200. */
  checks: () => ComponentHealth[] | Promise<ComponentHealth[]>;
  /**
   * Readiness: e.g. consumer joined and database reachable. May return details for the body too (e.g. a replica's
   * role: `{ ready: true, details: { role: 'standby' } }`).
   */
  ready: () => Readiness | Promise<Readiness>;
}

export type Readiness = boolean | { ready: boolean; details?: Record<string, unknown> };

export interface OpsServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

/** GET /healthz (200/503 + JSON per component), /readyz (200/503), /metrics (Prometheus text). */
export async function startOpsServer(o: OpsServerOptions): Promise<OpsServer> {
  const log = o.logger.child({ component: 'ops-server' });

  const routes: Record<string, (res: ServerResponse) => Promise<void>> = {
    '/healthz': async (res) => {
      let components: ComponentHealth[];
      try {
        components = await o.checks();
      } catch (err) {
        log.error({ err }, 'health check threw');
        components = [{ name: 'checks', healthy: false, details: { error: errorMessage(err) } }];
      }
      const healthy = components.every((c) => c.healthy);
      if (!healthy) log.warn({ components: components.filter((c) => !c.healthy) }, 'unhealthy');
      json(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'unhealthy', components });
    },
    '/readyz': async (res) => {
      let answer: Readiness;
      try {
        answer = await o.ready();
      } catch (err) {
        log.warn({ err }, 'readiness check threw');
        answer = false;
      }
      const { ready, details } = typeof answer === 'boolean' ? { ready: answer, details: undefined } : answer;
      json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not_ready', ...(details && { details }) });
    },
    '/metrics': async (res) => {
      const body = await o.registry.metrics();
      res.writeHead(200, { 'content-type': o.registry.contentType, 'cache-control': 'no-store' });
      res.end(body);
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes[path];
    if (route === undefined) return json(res, 404, { error: 'not found', paths: Object.keys(routes) });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return json(res, 405, { error: 'method not allowed' });
    }
    await route(res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err, url: req.url }, 'ops request failed');
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, 'ops server listening');

  let closed: Promise<void> | undefined;
  return {
    port,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
