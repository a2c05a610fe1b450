import type { SourceName } from '@crumbtrail/contracts';
import type { BrandQuery, QueryAtom, QueryClause, QueryNode } from './ast';

/**
 * Translation of a brand query into each API's own search syntax.
 *
 * APIs with full boolean search (Reddit, X) get the whole tree in one query string. The others have no OR, so the
 * query's disjunctive normal form is searched one branch per request and the results are merged; what an API cannot
 * express (phrase exclusions, any exclusion) is left to the local matcher, which every poll applies afterwards.
 * Sources with no search (RSS, replay) return no query: they are filtered locally only.
 */

const quote = (s: string): string => `"${s}"`;

function renderAtom(atom: QueryAtom, quoteTermIf: (term: string) => boolean): string {
  if (atom.type === 'phrase') return quote(atom.value);
  return quoteTermIf(atom.value) ? quote(atom.value) : atom.value;
}

interface BooleanStyle {
  and: string;
  not: (inner: string) => string;
  quoteTermIf: (term: string) => boolean;
}

function renderBoolean(node: QueryNode, style: BooleanStyle): string {
  const group = (child: QueryNode, parent: 'and' | 'or' | 'not'): string => {
    const inner = renderBoolean(child, style);
    const needsParens =
      (parent === 'and' && child.type === 'or') ||
      (parent === 'or' && child.type === 'and') ||
      (parent === 'not' && (child.type === 'and' || child.type === 'or'));
    return needsParens ? `(${inner})` : inner;
  };
  switch (node.type) {
    case 'term':
    case 'phrase':
      return renderAtom(node, style.quoteTermIf);
    case 'and':
      return node.children.map((c) => group(c, 'and')).join(style.and);
    case 'or':
      return node.children.map((c) => group(c, 'or')).join(' OR ');
    case 'not':
      return style.not(group(node.child, 'not'));
  }
}

/** Reddit search: `AND`, `OR`, `NOT`, parentheses and "phrases"; `field:value` words would be operators. */
export function toRedditQuery(query: BrandQuery): string {
  return renderBoolean(query.ast, {
    and: ' AND ',
    not: (inner) => `NOT ${inner}`,
    quoteTermIf: (t) => t.includes(':'),
  });
}

/** X API v2 search: space is AND, `OR`, `-` negation (also of groups), parentheses, "phrases"; `x:y` is an operator. */
export function toXQuery(query: BrandQuery): string {
  return renderBoolean(query.ast, {
    and: ' ',
    not: (inner) => `-${inner}`,
    quoteTermIf: (t) => t.includes(':'),
  });
}

type ExcludeSupport = 'none' | 'terms' | 'all';

/** One DNF branch as a plain search string: included words and "phrases", plus `-exclusions` the API understands. */
export function renderClause(clause: QueryClause, excludes: ExcludeSupport): string {
  const parts = clause.include.map((a) => renderAtom(a, () => false));
  for (const atom of clause.exclude) {
    if (excludes === 'all' || (excludes === 'terms' && atom.type === 'term')) {
      parts.push(`-${renderAtom(atom, () => false)}`);
    }
  }
  return parts.join(' ');
}

function perClause(query: BrandQuery, excludes: ExcludeSupport): string[] {
  return [...new Set(query.clauses.map((c) => renderClause(c, excludes)))];
}

/**
 * The search strings to send to a source for a brand query: one request series per string, results merged.
 * - hackernews: Algolia query; no OR; "phrases" and `-word` exclusions (advancedSyntax); prefix/typo tolerant
 * - reddit: full boolean
 * - mastodon: full-text search; "phrases" and `-exclusions`; no OR
 * - bluesky: Lucene-style, "phrases" and `-exclusions`; OR is not documented, so branches are searched apart
 * - stackexchange: `q` of search/advanced matches "all question properties based on an undocumented algorithm":
 *   included words and phrases only
 * - x: full boolean
 * - youtube: `searchTerms` of commentThreads.list: included words and phrases only
 * - rss, replay: no server-side search
 */
export function translateQuery(source: SourceName, query: BrandQuery): string[] {
  switch (source) {
    case 'hackernews':
      return perClause(query, 'terms');
    case 'reddit':
      return [toRedditQuery(query)];
    case 'mastodon':
    case 'bluesky':
      return perClause(query, 'all');
    case 'stackexchange':
    case 'youtube':
      return perClause(query, 'none');
    case 'x':
      return [toXQuery(query)];
    case 'rss':
    case 'replay':
      return [];
  }
}
