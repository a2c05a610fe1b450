import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import type { HttpResponse } from '../http/client';
import { pollStreams, streamCursorSchema } from './cursor-state';
import type { StreamCursor } from './cursor-state';
import { MalformedBodyError, fetchPage } from './parsing';
import type { ParsedItems } from './parsing';
import { htmlToText, normalizeLang, toIso, truncate } from './text';
import type { Source } from './types';

/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 feeds, e.g. Google Alerts ("Deliver to: RSS feed"), news and blog feeds.
 * No search: every item is matched locally against the brand query. Requests are conditional (ETag /
 * Last-Modified), so an unchanged feed costs a 304. Google Alerts links are redirects
 * (https://www.google.com/url?...&url=<article>); they are unwrapped before the link becomes the item's id, so the
 * same article found by two alerts is one mention. No rate limit beyond each site's own.
 */

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Text content of an element that may carry attributes (`{ '#text': ..., '@_type': 'html' }`) or be a list. */
function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return textOf(v[0]);
  if (isNode(v)) return textOf(v['#text']);
  return '';
}

/** Google redirect links (`/url?url=` or `?q=`) -> the target; anything else unchanged. */
export function unwrapRedirect(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  if (/(^|\.)google\.[a-z.]+$/i.test(url.hostname) && url.pathname === '/url') {
    const target = url.searchParams.get('url') ?? url.searchParams.get('q');
    if (target && /^https?:\/\//i.test(target)) return target;
  }
  return link;
}

function canonicalLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(unwrapRedirect(link.trim()));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url.toString();
  } catch {
    return undefined;
  }
}

function atomLink(links: unknown): string | undefined {
  const list = Array.isArray(links) ? links : [links];
  const candidates = list.filter(isNode);
  const alternate =
    candidates.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate' && typeof l['@_href'] === 'string') ??
    candidates.find((l) => typeof l['@_href'] === 'string');
  if (alternate) return String(alternate['@_href']);
  return list.map(textOf).find((t) => t !== '');
}

interface RawItem {
  id?: string;
  link?: string;
  title: string;
  html: string;
  author?: string;
  date?: string;
}

function fromRss(item: Node): RawItem {
  return {
    id: textOf(item.guid) || undefined,
    link: atomLink(item.link),
    title: textOf(item.title),
    html: textOf(item['content:encoded']) || textOf(item.description),
    author: textOf(item['dc:creator']) || textOf(item.author) || undefined,
    date: textOf(item.pubDate) || textOf(item['dc:date']) || undefined,
  };
}

function fromAtom(entry: Node): RawItem {
  const author = isNode(entry.author) ? textOf(entry.author.name) : textOf(entry.author);
  return {
    id: textOf(entry.id) || undefined,
    link: atomLink(entry.link),
    title: textOf(entry.title),
    html: textOf(entry.content) || textOf(entry.summary),
    author: author || undefined,
    date: textOf(entry.published) || textOf(entry.updated) || undefined,
  };
}

const asList = (v: unknown): Node[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(isNode);

export interface FeedPage {
  items: ParsedItems;
}

/** Parses an RSS/Atom document into mentions; `fallbackDate` dates undated items (the fetch time). */
export function parseFeed(text: string, feedUrl: string, fallbackDate: string): FeedPage {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new MalformedBodyError(`feed is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const doc: unknown = xml.parse(text);
  if (!isNode(doc)) throw new MalformedBodyError('feed is empty');
  let raw: RawItem[];
  let lang: string | undefined;
  if (isNode(doc.rss) && isNode(doc.rss.channel)) {
    raw = asList(doc.rss.channel.item).map(fromRss);
    lang = textOf(doc.rss.channel.language);
  } else if (isNode(doc.feed)) {
    raw = asList(doc.feed.entry).map(fromAtom);
    lang = typeof doc.feed['@_xml:lang'] === 'string' ? doc.feed['@_xml:lang'] : undefined;
  } else if (isNode(doc['rdf:RDF'])) {
    raw = asList(doc['rdf:RDF'].item).map(fromRss);
    lang = isNode(doc['rdf:RDF'].channel) ? textOf(doc['rdf:RDF'].channel['dc:language']) : undefined;
  } else {
    throw new MalformedBodyError('not an RSS or Atom feed (no <rss><channel>, <feed> or <rdf:RDF>)');
  }
  const out: ParsedItems = { candidates: [], skipped: [] };
  const feedHost = new URL(feedUrl).hostname;
  raw.forEach((item, index) => {
    const link = canonicalLink(item.link);
    const idFromGuid = item.id?.trim();
    const externalId = link && link.length <= 512 ? link : idFromGuid;
    const url = link ?? canonicalLink(idFromGuid);
    if (!externalId || !url) {
      out.skipped.push(`items[${index}]: no usable link or id`);
      return;
    }
    const title = htmlToText(item.title);
    const body = htmlToText(item.html);
    const author = item.author?.trim() || new URL(url).hostname || feedHost;
    out.candidates.push({
      externalId: truncate(externalId, 512),
      url,
      author: { handle: truncate(author, 256) },
      title: title ? truncate(title, 1000) : undefined,
      text: body || title,
      lang: normalizeLang(lang),
      publishedAt: toIso(item.date) ?? fallbackDate,
    });
  });
  return { items: out };
}

/** Per feed: ids already emitted (newest first, bounded), and validators for conditional requests. */
const State = z.object({
  seen: z.array(z.string()),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
});
type State = z.infer<typeof State>;
const MAX_SEEN = 1000;

export const rss: Source<'rss', StreamCursor<State>> = {
  name: 'rss',
  cursorSchema: streamCursorSchema(State),
  missingCredentials: () => [],
  matchQuery: () => true,
  fetch: (ctx, cursor) =>
    pollStreams(ctx, ctx.options.feeds, cursor, async (feedUrl, prev) => {
      const headers: Record<string, string> = {
        accept: 'application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5',
      };
      if (prev?.etag) headers['if-none-match'] = prev.etag;
      if (prev?.lastModified) headers['if-modified-since'] = prev.lastModified;
      let response: HttpResponse | undefined;
      const page = await fetchPage(ctx, { source: 'rss', url: feedUrl, headers, expect: 'text' }, (res) => {
        response = res;
        if (res.status === 304) return { items: { candidates: [], skipped: [] } };
        return parseFeed(String(res.body), feedUrl, ctx.now().toISOString());
      });
      if (!page || response?.status === 304) return { candidates: [], state: prev };
      const seen = new Set(prev?.seen ?? []);
      const since = ctx.now().getTime() - ctx.lookbackMs;
      const fresh = page.items.candidates.filter(
        (c) => !seen.has(c.externalId) && (prev !== undefined || Date.parse(c.publishedAt) >= since),
      );
      const current = page.items.candidates.map((c) => c.externalId);
      const state: State = {
        seen: [...new Set([...current, ...(prev?.seen ?? [])])].slice(0, Math.max(MAX_SEEN, current.length)),
        etag: response?.headers.get('etag') ?? undefined,
        lastModified: response?.headers.get('last-modified') ?? undefined,
      };
      return { candidates: fresh, state };
    }),
};
