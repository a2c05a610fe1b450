import type { BrandConfig } from '@crumbtrail/contracts';
import { createAnyOfMatcher, createMatcher } from '../query';
import type { BrandQuery } from '../query';
import type { MentionCandidate } from '../sources/types';

export type FilterReason = 'query' | 'excluded_term' | 'excluded_author' | 'language';

/** `@Alice`, `u/alice`, `alice` -> `alice`; `@bob@mastodon.social` -> `bob@mastodon.social`. */
function normalizeHandle(handle: string): string {
  return handle
    .trim()
    .toLowerCase()
    .replace(/^(@|u\/|\/u\/)/, '');
}

/**
 * The local post-filter applied to every candidate of a poll: the brand query (when the source is filtered by it),
 * exclusion terms (title and text), exclusion authors, and languages.
 * - An excluded author matches the handle with or without its `@` / `u/` prefix, a fediverse handle with or without
 *   its instance, or the author's id at the source.
 * - Languages: a mention whose source tags a language outside the brand's list is dropped; untagged mentions pass
 *   (the classifier detects their language).
 */
export function createMentionFilter(
  brand: BrandConfig,
  query: BrandQuery,
  matchQuery: boolean,
): (c: MentionCandidate) => FilterReason | undefined {
  const matches = createMatcher(query);
  const excludedTerm = createAnyOfMatcher(brand.exclude.terms);
  const excludedAuthors = new Set(brand.exclude.authors.map(normalizeHandle));
  const languages = new Set(brand.languages);
  return (c) => {
    const text = c.title ? `${c.title}\n${c.text}` : c.text;
    if (matchQuery && !matches(text)) return 'query';
    if (excludedTerm(text)) return 'excluded_term';
    if (excludedAuthors.size > 0) {
      const handle = normalizeHandle(c.author.handle);
      const local = handle.split('@')[0] ?? handle;
      const id = c.author.id?.toLowerCase();
      if (
        excludedAuthors.has(handle) ||
        excludedAuthors.has(local) ||
        (id !== undefined && excludedAuthors.has(id))
      ) {
        return 'excluded_author';
      }
    }
    if (languages.size > 0 && c.lang && c.lang !== 'und' && !languages.has(c.lang)) return 'language';
    return undefined;
  };
}
