import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** ms since epoch when the request arrived. */
  at: number;
  /** Status of the reply sent. */
  status?: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless a string or a Buffer (sent as is). */
  body?: unknown;
}

export type Handler = (req: RecordedRequest, base: string) => Reply | Promise<Reply>;

export interface FakeApi {
  /** http://127.0.0.1:<port> */
  url: string;
  requests: RecordedRequest[];
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

/** A local HTTP server on a free port that answers with whatever the test's handler says, and records requests. */
export async function startFakeApi(handler: Handler): Promise<FakeApi> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  let base = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      requests.push(recorded);
      Promise.resolve()
        .then(() => current(recorded, base))
        .then((reply) => {
          recorded.status = reply.status ?? 200;
          const isText = typeof reply.body === 'string';
          const isBytes = Buffer.isBuffer(reply.body);
          res.writeHead(reply.status ?? 200, {
            'content-type': isText
              ? 'text/plain; charset=utf-8'
              : isBytes
                ? 'application/octet-stream'
                : 'application/json; charset=utf-8',
            ...reply.headers,
          });
          res.end(
            reply.body === undefined
              ? ''
              : isText || isBytes
                ? (reply.body as string | Buffer)
                : JSON.stringify(reply.body),
          );
        })
        .catch((err: unknown) => {
          res.writeHead(599, { 'content-type': 'text/plain' });
          res.end(`fake api handler failed: ${String(err)}`);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    setHandler: (h) => {
      current = h;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * Replies in order per key (e.g. per page): each request for a key takes the next reply; the last one repeats.
 * `script.set(key, [ {status: 429, ...}, {body: page} ])`.
 */
export class ReplyScript {
  private readonly queues = new Map<string, Reply[]>();

  set(key: string, replies: Reply[]): this {
    this.queues.set(key, [...replies]);
    return this;
  }

  next(key: string): Reply {
    const queue = this.queues.get(key);
    if (!queue || queue.length === 0) return { status: 404, body: { error: `no scripted reply for ${key}` } };
    return queue.length > 1 ? queue.shift()! : queue[0]!;
  }
}
