import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the receiver answers: a status (with headers), or never (the request hangs until the server closes). */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/**
 * A real HTTP server on a free loopback port that plays Slack, Teams and webhook endpoints: it records every POST
 * by path and answers from a per-path script (then 200). Used by the integration tests and the demo.
 */
export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly scripts = new Map<string, Reply[]>();
  private readonly defaults = new Map<string, Reply>();
  private readonly hanging = new Set<ServerResponse>();
  private readonly server: Server;
  private port = 0;

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = (req.url ?? '/').split('?')[0]!;
        this.requests.push({
          path,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        });
        const reply = this.scripts.get(path)?.shift() ??
          this.defaults.get(path) ?? { status: 200, body: 'ok' };
        if (reply === 'hang') {
          this.hanging.add(res);
          return;
        }
        res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
        res.end(reply.body ?? '');
      });
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next requests to `path` get these replies, in order; after them, `otherwise` (default 200). */
  script(path: string, replies: Reply[], otherwise?: Reply): void {
    this.scripts.set(path, [...replies]);
    if (otherwise) this.defaults.set(path, otherwise);
  }

  to(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
