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
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link' || name.endsWith(':link'),
  // Atom text constructs are kept raw: type="xhtml" is markup inside the element, which the parser would split
  // into nodes (and lose the text's order); type="html"/"text" are decoded by atomText.
  stopNodes: ['feed.entry.title', 'feed.entry.content', 'feed.entry.summary'],
});

const ATOM_NS = 'http://www.w3.org/2005/Atom';

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

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Character data of raw XML content: CDATA sections as they are, the XML entities and character references decoded. */
export function decodeXmlText(raw: string): string {
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) =>
      part.startsWith('<![CDATA[')
        ? part.slice(9, -3)
        : part.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
            if (ref.startsWith('#')) {
              const code =
                ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
              return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
            }
            return XML_ENTITIES[ref] ?? whole;
          }),
    )
    .join('');
}

/**
 * Plain text of an Atom text construct (RFC 4287 §3.1) kept raw by the parser: `type="xhtml"` is a div of XHTML
 * markup, `type="html"` escaped HTML, `type="text"` (the default) plain text.
 */
export function atomText(v: unknown): string {
  const node: unknown = Array.isArray(v) ? v[0] : v;
  const raw = typeof node === 'string' ? node : isNode(node) ? textOf(node['#text']) : '';
  const type =
    isNode(node) && typeof node['@_type'] === 'string' ? node['@_type'].trim().toLowerCase() : 'text';
  if (type === 'xhtml' || type === 'application/xhtml+xml') return htmlToText(raw);
  const decoded = decodeXmlText(raw);
  if (type === 'html' || type === 'text/html') return htmlToText(decoded);
  return decoded.replace(/[ \t\r\n]+/g, ' ').trim();
}

/** `value` resolved against `base` (an xml:base or the feed's URL); undefined when it is no URL. */
function resolveUrl(value: unknown, base: string): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    return new URL(value.trim(), base).toString();
  } catch {
    return undefined;
  }
}

/** The base URL in force inside `node`: its xml:base resolved against the enclosing one. */
const baseOf = (node: Node, outer: string): string => resolveUrl(node['@_xml:base'], outer) ?? outer;

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

function canonicalLink(link: string | undefined, base: string): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(unwrapRedirect(new URL(link.trim(), base).toString()));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url.toString();
  } catch {
    return undefined;
  }
}

/** The alternate link among Atom `<link>` elements (resolved against their xml:base), or a text `<link>`. */
function atomLink(links: unknown, base: string): string | undefined {
  const list = Array.isArray(links) ? links : [links];
  const candidates = list.filter(isNode).filter((l) => typeof l['@_href'] === 'string');
  const alternate =
    candidates.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate') ??
    candidates.find((l) => l['@_rel'] !== 'self' && l['@_rel'] !== 'enclosure');
  if (alternate) return resolveUrl(alternate['@_href'], baseOf(alternate, base));
  return list.map(textOf).find((t) => t.trim() !== '');
}

interface RawItem {
  id?: string;
  /** The item's link, possibly relative to `base`. */
  link?: string;
  base: string;
  /** Plain text. */
  title: string;
  text: string;
  author?: string;
  date?: string;
}

/** Prefixes bound to the Atom namespace on these elements, plus the usual ones (atom:, a10: from .NET). */
function atomPrefixes(...nodes: Node[]): string[] {
  const prefixes = new Set(['atom', 'a10']);
  for (const n of nodes) {
    for (const [k, v] of Object.entries(n))
      if (k.startsWith('@_xmlns:') && v === ATOM_NS) prefixes.add(k.slice(8));
  }
  return [...prefixes];
}

function fromRss(item: Node, outerBase: string, outer: Node[]): RawItem {
  const base = baseOf(item, outerBase);
  // <link> first; an item whose only link is Atom-namespaced (<atom:link href>, <a10:link href>) uses that
  const link =
    atomLink(item.link, base) ??
    atomPrefixes(...outer, item)
      .map((p) => item[`${p}:link`])
      .filter((l) => l !== undefined)
      .map((l) => atomLink(l, base))
      .find((l) => l !== undefined);
  return {
    id: textOf(item.guid) || undefined,
    link,
    base,
    title: htmlToText(textOf(item.title)),
    text: htmlToText(textOf(item['content:encoded']) || textOf(item.description)),
    author: textOf(item['dc:creator']) || textOf(item.author) || undefined,
    date: textOf(item.pubDate) || textOf(item['dc:date']) || undefined,
  };
}

function fromAtom(entry: Node, feedBase: string): RawItem {
  const base = baseOf(entry, feedBase);
  const author = isNode(entry.author) ? textOf(entry.author.name) : textOf(entry.author);
  return {
    id: textOf(entry.id) || undefined,
    link: atomLink(entry.link, base),
    base,
    title: atomText(entry.title),
    text: atomText(entry.content) || atomText(entry.summary),
    author: author || undefined,
    date: textOf(entry.published) || textOf(entry.updated) || undefined,
  };
}

const asList = (v: unknown): Node[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(isNode);

export interface FeedPage {
  items: ParsedItems;
}

/**
 * Parses an RSS/Atom document into mentions; `feedUrl` is where it was read from (after redirects: relative links
 * resolve against it and any xml:base), `fallbackDate` dates undated items (the fetch time).
 */
export function parseFeed(text: string, feedUrl: string, fallbackDate: string): FeedPage {
  // Whitespace or a byte-order mark before <?xml ...?> is common in real feeds; the declaration must come first.
  const doc0 = text.replace(/^[\uFEFF\s]+(?=<)/, '');
  const valid = XMLValidator.validate(doc0);
  if (valid !== true) {
    throw new MalformedBodyError(`feed is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const doc: unknown = xml.parse(doc0);
  if (!isNode(doc)) throw new MalformedBodyError('feed is empty');
  let raw: RawItem[];
  let lang: string | undefined;
  if (isNode(doc.rss) && isNode(doc.rss.channel)) {
    const root = doc.rss;
    const channel = doc.rss.channel;
    const base = baseOf(channel, baseOf(root, feedUrl));
    raw = asList(channel.item).map((i) => fromRss(i, base, [root, channel]));
    lang = textOf(channel.language);
  } else if (isNode(doc.feed)) {
    const base = baseOf(doc.feed, feedUrl);
    raw = asList(doc.feed.entry).map((e) => fromAtom(e, base));
    lang = typeof doc.feed['@_xml:lang'] === 'string' ? doc.feed['@_xml:lang'] : undefined;
  } else if (isNode(doc['rdf:RDF'])) {
    const rdf = doc['rdf:RDF'];
    const base = baseOf(rdf, feedUrl);
    raw = asList(rdf.item).map((i) => fromRss(i, base, [rdf]));
    lang = isNode(rdf.channel) ? textOf(rdf.channel['dc:language']) : undefined;
  } else {
    throw new MalformedBodyError('not an RSS or Atom feed (no <rss><channel>, <feed> or <rdf:RDF>)');
  }

  const out: ParsedItems = { candidates: [], skipped: [] };
  const feedHost = new URL(feedUrl).hostname;
  raw.forEach((item, index) => {
    const link = canonicalLink(item.link, item.base);
    const idFromGuid = item.id?.trim();
    const externalId = link && link.length <= 512 ? link : idFromGuid;
    const url = link ?? canonicalLink(idFromGuid, item.base);
    if (!externalId || !url) {
      out.skipped.push(`items[${index}]: no usable link or id`);
      return;
    }
    const author = item.author?.trim() || new URL(url).hostname || feedHost;
    out.candidates.push({
      externalId: truncate(externalId, 512),
      url,
      author: { handle: truncate(author, 256) },
      title: item.title ? truncate(item.title, 1000) : undefined,
      text: item.text || item.title,
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
      const page = await fetchPage(ctx, { source: 'rss', url: feedUrl, headers, expect: 'xml' }, (res) => {
        response = res;
        if (res.status === 304) return { items: { candidates: [], skipped: [] } };
        return parseFeed(String(res.body), res.url, ctx.now().toISOString());
      });
      if (response?.status === 304) return { candidates: [], state: prev };
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
