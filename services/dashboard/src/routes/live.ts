import type { FastifyInstance } from 'fastify';
import { LiveQuery, type LiveEvent } from '../api/schemas';
import type { Deps } from '../deps';
import { addRoute, type ApiRoute } from '../http/route';
import { readableBrand } from './access';

const KEEPALIVE_MS = 15_000;

/** `event: <type>\ndata: <json>\n\n`; JSON has no raw newlines, so one data line is enough. */
export function sseFrame(event: LiveEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

export function registerLiveRoutes(app: FastifyInstance, deps: Deps, registry: ApiRoute[]): void {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/live',
      access: 'user',
      tag: 'live',
      summary: 'Server-sent events of one brand: new mentions, inbox items and alerts (text/event-stream)',
      query: LiveQuery,
      handler({ req, reply, query, auth }) {
        // Checked before the stream opens: a brand the caller may not read is a 404 like everywhere else.
        const brand = readableBrand(deps, auth, query.brand).id;
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
          'content-security-policy': "default-src 'none'",
          'x-content-type-options': 'nosniff',
        });
        res.write(': connected\nretry: 3000\n\n');
        const unsubscribe = deps.hub.subscribe(brand, (event) => res.write(sseFrame(event)));
        const keepalive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
        const close = () => {
          clearInterval(keepalive);
          unsubscribe();
        };
        req.raw.on('close', close);
        res.on('error', close);
        return Promise.resolve(undefined);
      },
    },
    registry,
  );
}
