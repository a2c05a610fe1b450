import type { z } from 'zod';
import { ApiError, redactUrl } from '../http/client';
import type { HttpRequest, HttpResponse } from '../http/client';
import type { SourceName } from '@crumbtrail/contracts';
import type { MentionCandidate, SourceContext } from './types';

/** A response body that is valid JSON (or XML) but not in the API's documented shape. */
export class MalformedBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedBodyError';
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * A page that could not be read: not JSON/XML, not the documented shape, or items none of which could be read.
 * The search it belongs to fails for this poll (its cursor stays where it was), so the poll does not count as a
 * success and source health sees it. `url` has its credentials redacted.
 */
export class UnreadablePageError extends Error {
  constructor(
    readonly source: SourceName,
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${source}: page could not be read: ${reason} (${url})`);
    this.name = 'UnreadablePageError';
  }
}

/** Validates the envelope of a page (the parts without which the page means nothing). */
export function parseEnvelope<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new MalformedBodyError(`${what}: ${describeIssues(result.error)}`);
  return result.data;
}

export interface ParsedItems {
  candidates: MentionCandidate[];
  /** One reason per item that was skipped for not having the documented shape. */
  skipped: string[];
}

/** Validates and maps every item on its own, so one odd item costs only itself. */
export function parseEach<T>(
  items: unknown[],
  schema: z.ZodType<T>,
  toCandidate: (item: T) => MentionCandidate | undefined,
  what: string,
): ParsedItems {
  const out: ParsedItems = { candidates: [], skipped: [] };
  items.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      out.skipped.push(`${what}[${index}]: ${describeIssues(parsed.error)}`);
      return;
    }
    try {
      const candidate = toCandidate(parsed.data);
      if (candidate) out.candidates.push(candidate);
    } catch (err) {
      out.skipped.push(`${what}[${index}]: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return out;
}

/**
 * Requests one page and parses it. Items that do not parse are reported and skipped (one odd item costs only
 * itself). A page that cannot be read (not JSON/XML, not the documented shape, or every item on it unreadable) is
 * reported through ctx.malformed and throws an UnreadablePageError: the search fails for this poll and keeps its
 * cursor. Other errors (HTTP, rate limits after retries) propagate too. Permanent redirects are reported.
 */
export async function fetchPage<T extends { items: ParsedItems }, S extends SourceName>(
  ctx: SourceContext<S>,
  req: HttpRequest,
  parse: (res: HttpResponse) => T,
): Promise<T> {
  const url = redactUrl(req.url);
  const unreadable = (reason: string): never => {
    ctx.malformed({ url: req.url, reason });
    throw new UnreadablePageError(req.source, url, reason);
  };
  let res: HttpResponse;
  try {
    res = await ctx.http.request(req);
  } catch (err) {
    if (err instanceof ApiError && err.kind === 'malformed') unreadable(err.detail?.reason ?? err.message);
    throw err;
  }
  for (const r of res.redirects) {
    if (r.status === 301 || r.status === 308) ctx.notices.movedPermanently(r);
  }
  let page: T;
  try {
    page = parse(res);
  } catch (err) {
    if (err instanceof MalformedBodyError) unreadable(err.message);
    throw err;
  }
  const { candidates, skipped } = page.items;
  if (candidates.length === 0 && skipped.length > 0) {
    for (const reason of skipped.slice(1)) ctx.malformed({ url: req.url, reason });
    unreadable(`none of the ${skipped.length} items could be read (${skipped[0]})`);
  }
  for (const reason of skipped) ctx.malformed({ url: req.url, reason });
  return page;
}

/** Logs that a search had more pages than one poll may read; older results beyond them are not fetched. */
export function pageCapReached<S extends SourceName>(ctx: SourceContext<S>, search: string): void {
  ctx.logger.warn(
    { source: ctx.source, brand: ctx.brand.id, search, maxPages: ctx.maxPages },
    'page limit reached: older results of this search are skipped this poll (raise maxPages or poll more often)',
  );
}
