import { BrandConfig } from '@crumbtrail/contracts';
import type { SourceName } from '@crumbtrail/contracts';
import pino from 'pino';
import { createHttpClient } from '../http/client';
import { parseQuery } from '../query';
import type { SourceContext, SourceOptions, SourceSettings } from '../sources/types';

export type Route = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>;

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A SourceContext over a fake fetch, for unit tests of a source's fetch loop (no network, no waiting). */
export function sourceContext<S extends SourceName>(
  source: S,
  o: {
    options: unknown;
    settings: SourceSettings[S];
    route?: Route;
    query?: string;
    now?: Date;
    maxPages?: number;
    lookbackMs?: number;
  },
) {
  const requests: { url: URL; init: RequestInit | undefined }[] = [];
  const malformed: string[] = [];
  const notices: ({ kind: string } & Record<string, unknown>)[] = [];
  const brand = BrandConfig.parse({
    id: 'acme',
    name: 'Acme',
    query: o.query ?? 'acme',
    sources: { [source]: o.options },
  });
  const fakeFetch = ((input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    requests.push({ url, init });
    if (!o.route) return Promise.reject(new Error(`unexpected request ${url.toString()}`));
    return Promise.resolve(o.route(url, init));
  }) as typeof fetch;
  const http = createHttpClient({
    timeoutMs: 1000,
    userAgent: 'crumbtrail-test',
    fetch: fakeFetch,
    sleep: () => Promise.resolve(),
    policy: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2, maxWaitMs: 60_000 },
  });
  const now = o.now ?? new Date('2025-06-01T12:00:00Z');
  const ctx: SourceContext<S> = {
    source,
    brand,
    query: parseQuery(brand.query),
    options: brand.sources[source] as SourceOptions<S>,
    settings: o.settings,
    http,
    logger: pino({ level: 'silent' }),
    now: () => now,
    maxPages: o.maxPages ?? 10,
    lookbackMs: o.lookbackMs ?? 24 * 3600 * 1000,
    malformed: (d) => malformed.push(d.reason),
    notices: {
      clampedToFetchTime: (count) => notices.push({ kind: 'clamped', count }),
      linkNotFollowed: (d) => notices.push({ kind: 'linkNotFollowed', ...d }),
      movedPermanently: (d) => notices.push({ kind: 'movedPermanently', ...d }),
    },
  };
  return { ctx, requests, malformed, notices };
}
