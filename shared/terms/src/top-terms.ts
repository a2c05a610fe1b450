import stopwords from 'stopwords-iso';

export interface TopTerm {
  term: string;
  count: number;
}

export interface TopTermsOptions {
  /** At most this many terms (default 10). */
  limit?: number;
  /** Names whose words are left out, e.g. the brand's id and name: they are in every mention. */
  exclude?: string | readonly string[];
}

export const DEFAULT_TOP_TERMS = 10;

/**
 * Spelling variants that stopword lists and texts disagree on, folded only to look a word up: Romanian texts write
 * ș/ț (comma below) where stopwords-iso has the older ş/ţ (cedilla); folding towards the cedilla leaves Turkish ş
 * as it is.
 */
function lookupForm(word: string): string {
  return word.replace(/ș/g, 'ş').replace(/ț/g, 'ţ');
}

/**
 * Words that stopwords-iso lists (its English and Russian lists are broad) but that say what a complaint is about:
 * "the app does not work", "order lost", "верните деньги" (give the money back).
 */
const KEEP = new Set([
  'problem',
  'problems',
  'help',
  'order',
  'orders',
  'work',
  'works',
  'working',
  'worked',
  'деньги',
  'вопрос',
  'работа',
]);

const STOP = new Set<string>(
  [...Object.values(stopwords).flat(), 'http', 'https', 'www', 'com', 'amp', 'rt', 'via']
    .map((w) => lookupForm(w.normalize('NFC').toLowerCase()))
    .filter((w) => !KEEP.has(w)),
);

const isStopword = (word: string): boolean => STOP.has(lookupForm(word));

/**
 * A word with an apostrophe inside counts by its meaningful part: an elided article or preposition before it
 * (French l'/d'/qu', Italian dell'/un') leaves the part after it; a suffix after it (English 's, Turkish 'nin/'e
 * on names) leaves the part before it. A word that is a stopword as a whole (don't, it's) stays whole.
 */
function stem(word: string): string {
  const at = word.indexOf("'");
  if (at < 0 || isStopword(word)) return word;
  const head = word.slice(0, at);
  const tail = word.slice(at + 1).replace(/'.*$/, '');
  return head.length <= 2 || isStopword(head) ? tail : head;
}

/** Lowercased words of a text: URLs, @handles, #hashtags and numbers left out. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFC')
      // Turkish İ lowercases to i + a combining dot above; the dot would split the word.
      .replace(/İ/g, 'i')
      .toLowerCase()
      .replace(/[\u2019\u02bc\u2018`\u00b4]/g, "'")
      .replace(/https?:\/\/\S+/g, ' ')
      .replace(/[@#][\p{L}\p{M}\p{N}_]+/gu, ' ')
      .split(/[^\p{L}\p{M}\p{N}']+/u)
      .map((w) => stem(w.replace(/^'+|'+$/g, '')))
      .filter((w) => w.length > 0 && !/^\p{N}+$/u.test(w))
  );
}

function excludedWords(exclude: string | readonly string[] | undefined): Set<string> {
  const names = typeof exclude === 'string' ? [exclude] : (exclude ?? []);
  return new Set(names.flatMap((e) => words(e)));
}

/**
 * The most frequent terms of some texts, in any language: lowercased words of 3+ letters, stopwords of every
 * language stopwords-iso knows removed, URLs, handles, hashtags and numbers ignored, and the excluded names' words
 * (the brand's own) left out. Each term counts once per text; with 5 texts or more a term must appear in 2 of them.
 * Ties break alphabetically, so the result is deterministic.
 *
 * `topTerms(texts, 'acme Acme Corp', 15)` is short for `topTerms(texts, { exclude: 'acme Acme Corp', limit: 15 })`.
 */
export function topTerms(texts: readonly string[], options?: TopTermsOptions): TopTerm[];
export function topTerms(texts: readonly string[], exclude: string, limit?: number): TopTerm[];
export function topTerms(
  texts: readonly string[],
  optionsOrExclude: TopTermsOptions | string = {},
  limitArg?: number,
): TopTerm[] {
  const o: TopTermsOptions =
    typeof optionsOrExclude === 'string' ? { exclude: optionsOrExclude, limit: limitArg } : optionsOrExclude;
  const limit = o.limit ?? DEFAULT_TOP_TERMS;
  const exclude = excludedWords(o.exclude);
  const counts = new Map<string, number>();
  for (const text of texts) {
    const seen = new Set<string>();
    for (const w of words(text)) {
      if (w.length < 3 || isStopword(w) || exclude.has(w) || seen.has(w)) continue;
      seen.add(w);
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .filter(([, count]) => count >= 2 || texts.length < 5)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([term, count]) => ({ term, count }));
}
