import type { BrandQuery, QueryNode } from './ast';

/**
 * Local matching of a brand query against a mention's text: the post-filter for APIs whose search is looser than the
 * query (stemming, prefix and typo tolerance, matching in URLs or names) and the only filter for sources with no
 * search (RSS, replay).
 *
 * Case-insensitive (Unicode case folding), NFKC-normalised (full-width letters, ligatures, composed accents), and
 * word-aware: `acme` matches "Acme's" and "#acme" but not "acmeville". Scripts written without spaces between words
 * (Chinese, Japanese, Thai, ...) have no word boundaries to respect, so their terms match as substrings.
 */
export type TextMatcher = (text: string) => boolean;

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
const UNSPACED_SCRIPT =
  /[\p{Script_Extensions=Han}\p{Script_Extensions=Hiragana}\p{Script_Extensions=Katakana}\p{Script_Extensions=Thai}\p{Script_Extensions=Lao}\p{Script_Extensions=Khmer}\p{Script_Extensions=Myanmar}]/u;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const normalizeText = (s: string): string => s.normalize('NFKC');

/** A regular expression that finds `words` (a word or a phrase) as whole words, case-insensitively. */
export function wordsPattern(words: string): RegExp {
  const normalized = normalizeText(words).trim();
  const body = normalized.split(/\s+/u).map(escapeRegExp).join('\\s+');
  const first = normalized[0] ?? '';
  const last = normalized[normalized.length - 1] ?? '';
  const before = WORD_CHAR.test(first) && !UNSPACED_SCRIPT.test(first) ? '(?<![\\p{L}\\p{N}\\p{M}_])' : '';
  const after = WORD_CHAR.test(last) && !UNSPACED_SCRIPT.test(last) ? '(?![\\p{L}\\p{N}\\p{M}_])' : '';
  return new RegExp(`${before}${body}${after}`, 'iu');
}

function compile(node: QueryNode): TextMatcher {
  switch (node.type) {
    case 'term':
    case 'phrase': {
      const re = wordsPattern(node.value);
      return (text) => re.test(text);
    }
    case 'not': {
      const child = compile(node.child);
      return (text) => !child(text);
    }
    case 'and': {
      const children = node.children.map(compile);
      return (text) => children.every((c) => c(text));
    }
    case 'or': {
      const children = node.children.map(compile);
      return (text) => children.some((c) => c(text));
    }
  }
}

/** Compiles a parsed query into a predicate over (already plain) text. */
export function createMatcher(query: BrandQuery): TextMatcher {
  const match = compile(query.ast);
  return (text) => match(normalizeText(text));
}

/** True when any of the words or phrases occurs in the text (brand exclusion terms). */
export function createAnyOfMatcher(phrases: string[]): TextMatcher {
  const patterns = phrases.filter((p) => p.trim() !== '').map(wordsPattern);
  return (text) => {
    const normalized = normalizeText(text);
    return patterns.some((re) => re.test(normalized));
  };
}
