/**
 * tinyld's `detect(text, { only })` (tinyld 1.3, "normal" dictionary), re-implemented over tinyld's own
 * dictionary for one fixed list of allowed languages. Same answers (statistical.test.ts compares the two), at
 * about a tenth of the cost: tinyld rebuilds the allowed-language set and allocates arrays and strings for
 * every n-gram of every word; here the allowed languages are resolved once, n-grams are hashed in place and
 * looked up without slicing (gram-table.ts), scores sit in a reused typed array, and each word's ranking
 * (which depends on the word alone) is memoised.
 *
 * The algorithm, as tinyld has it: the text is split at punctuation into chunks, each cleaned (lower-cased,
 * digits and symbols dropped); the 7 longest chunks are read. A chunk holding a gram that only one language
 * has ("unique" grams, looked for by size 1-5, left to right) counts for that language with its length.
 * Otherwise every word of the chunk scores each language by its 1-5-gram weights; the top 8 languages get
 * 1 - (best - score) / best (rounded to 4 decimals) added. The highest total wins.
 *
 * tinyld does not export its dictionary: it is read from the object literal with id "tinyld-dict" in
 * tinyld's bundle. If that ever fails (another tinyld version), `statisticalDetector` falls back to calling
 * tinyld itself, so answers stay right and only the speed is lost.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { detect as tinyldDetect, supportedLanguages, toISO2 } from 'tinyld';
import * as chars from './chars';
import * as grams from './gram-table';

interface TinyldDict {
  id: string;
  /** gram -> base-36 (1-based) index into tinyld's language list */
  uniques: Record<string, string | number>;
  /** gram (accents stripped) -> 4-character groups: base-36 language index (2) and weight (2) */
  multiples: Record<string, string>;
}

/** End (exclusive) of the object literal that opens at `start`, skipping string literals; -1 if none. */
export function objectLiteralEnd(src: string, start: number): number {
  let depth = 0;
  for (let i = start; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === "'") {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function readDictionary(): TinyldDict | undefined {
  try {
    const src = readFileSync(require.resolve('tinyld'), 'utf8');
    const start = src.indexOf('{id:"tinyld-dict"');
    const end = start < 0 ? -1 : objectLiteralEnd(src, start);
    if (end < 0) return undefined;
    // A plain object literal (strings and numbers), evaluated in an empty context.
    const dict = runInNewContext(`(${src.slice(start, end)})`) as Partial<TinyldDict> | undefined;
    if (dict?.id !== 'tinyld-dict' || typeof dict.uniques !== 'object' || typeof dict.multiples !== 'object')
      return undefined;
    return dict as TinyldDict;
  } catch {
    return undefined;
  }
}

// tinyld's text clean-up (its cleanString) and chunk splitting, verbatim.
const CHUNK_SPLIT_RE = /([,，、。!¿?！？":;()「」{}„“«»”"“<>⋯《》*]|[.[\]\\])+/;
const SYMBOLS_RE = /[,.。，、#%&/\\+*¡!¿?[\]！？;:…„“«»”"“_–—~]/gi;
const FULLWIDTH_DIGIT_RE = /[\uFF10-\uFF19]/g;
const DIGIT_RE = /[0-9]/g;
const SPACES_RE = /\s\s+/g;
const QUOTE_RE = /’/gi;
const ACCENTS_RE = /[\u0300-\u036f]/g;
function clean(s: string): string {
  return s
    .toLowerCase()
    .replace(QUOTE_RE, "'")
    .replace(SYMBOLS_RE, ' ')
    .replace(FULLWIDTH_DIGIT_RE, (d) => String.fromCharCode(d.charCodeAt(0) - 65248))
    .replace(DIGIT_RE, '')
    .replace(SPACES_RE, ' ')
    .trim();
}
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const MAX_GRAM = 5;
const MAX_CHUNKS = 7;
const TOP_LANGS = 8;
const NON_ASCII_RE = /[^\0-\x7f]/;
const HAS_ACCENT_RE = /[\u0300-\u036f]/;
// Local copies of imported bindings (see classifier.ts: some loaders turn module bindings into getters).
const charClass = chars.charClass;
const C_SPACE = chars.C_SPACE;
const GRAM_SEED = grams.GRAM_SEED;
const gramStep = grams.gramStep;
const GramTable = grams.GramTable;

/**
 * Calls `visit(padded, start, size, hash)` for tinyld's n-grams of `s` (sizes 1-5). tinyld pads with size-1
 * spaces and drops grams with two spaces in a row or only white space; `s` is a cleaned chunk or word
 * (trimmed, no two white-space characters in a row), so that leaves the grams of " s " plus its non-space
 * single characters. The grams come by start position, each start's sizes in increasing order (hashed
 * incrementally, nothing allocated); `visit` returns true to skip that start's larger sizes (firstUnique
 * uses it to look only for grams smaller than the best found so far).
 */
function scanGrams(
  s: string,
  visit: (padded: string, start: number, size: number, hash: number) => boolean,
): void {
  const padded = ` ${s} `;
  const n = padded.length;
  for (let start = 0; start < n; start++) {
    let h = GRAM_SEED;
    for (let size = 1; size <= MAX_GRAM && start + size <= n; size++) {
      const c = padded.charCodeAt(start + size - 1);
      h = gramStep(h, c);
      if (size === 1 && (charClass(c) & C_SPACE) !== 0) continue;
      if (visit(padded, start, size, h)) break;
    }
  }
}

/** tinyld's accent stripping for dictionary keys (NFD, combining diacritics removed). */
const stripAccents = (gram: string): string => gram.normalize('NFD').replace(ACCENTS_RE, '');
/** Whether every gram of `word` is its own dictionary key: NFD-stable with no combining diacritics. */
const isPlain = (word: string): boolean =>
  !NON_ASCII_RE.test(word) || (word.normalize('NFD') === word && !HAS_ACCENT_RE.test(word));

interface WordRanking {
  langs: string[];
  adds: number[];
}
/** Words whose ranking is memoised. */
const WORD_CACHE_LIMIT = 50_000;

export interface StatisticalDetector {
  detect(text: string): string;
  /** False when tinyld's dictionary could not be read and calls go to tinyld itself. */
  fast: boolean;
}

/** A detector answering exactly as `tinyld.detect(text, { only })`. */
export function statisticalDetector(only: readonly string[]): StatisticalDetector {
  const dict = readDictionary();
  if (dict === undefined) return { detect: (text) => tinyldDetect(text, { only: [...only] }), fast: false };

  // tinyld's language list (1-based in the dictionary) and the allowed part of it, in its order.
  const iso3 = supportedLanguages;
  const allowed = iso3.filter((l) => only.includes(l) || only.includes(toISO2(l)));
  const langs = allowed.map((l) => toISO2(l));
  const slot = new Map(allowed.map((l, i) => [l, i]));

  const uniqueEntries: [string, string][] = [];
  for (const [gram, v] of Object.entries(dict.uniques)) {
    const lang = toISO2(iso3[parseInt(v.toString(), 36) - 1] ?? '');
    // A unique gram of a language outside the list is skipped by tinyld, as if it were not there.
    if (only.includes(lang)) uniqueEntries.push([gram, lang]);
  }
  const uniques = new GramTable(uniqueEntries);
  /** gram -> pairs (allowed-language slot, weight * gram length / 4) */
  const multipleEntries: [string, Float64Array][] = [];
  for (const [gram, v] of Object.entries(dict.multiples)) {
    // Later groups for the same language win, as in tinyld's Object.fromEntries.
    const weights = new Map<number, number>();
    for (const group of v.match(/(.{1,4})/g) ?? []) {
      const [l, w] = group.match(/(.{1,2})/g) ?? [];
      const s = slot.get(iso3[parseInt(l ?? '', 36) - 1] ?? '');
      if (s !== undefined) weights.set(s, (parseInt(w ?? '', 36) * gram.length) / 4);
    }
    if (weights.size > 0) multipleEntries.push([gram, Float64Array.from([...weights].flat())]);
  }
  const multiples = new GramTable(multipleEntries);

  const scores = new Float64Array(langs.length);
  const taken = new Uint8Array(langs.length);
  const add = (pairs: Float64Array | undefined): void => {
    if (pairs !== undefined) for (let k = 0; k < pairs.length; k += 2) scores[pairs[k]!]! += pairs[k + 1]!;
  };
  // Scores are sums of multiples of 1/4 (exact in floating point), so the order grams come in is free.
  const addWindow = (padded: string, start: number, size: number, h: number): boolean => {
    add(multiples.find(h, padded, start, size));
    return false;
  };
  const addNormalised = (padded: string, start: number, size: number): boolean => {
    add(multiples.get(stripAccents(padded.slice(start, start + size))));
    return false;
  };
  let unique = '';
  let uniqueSize = MAX_GRAM + 1;
  const findUnique = (padded: string, start: number, size: number, h: number): boolean => {
    if (size >= uniqueSize) return true; // not better than one found at an earlier position
    const lang = uniques.find(h, padded, start, size);
    if (lang === undefined) return false;
    unique = lang;
    uniqueSize = size;
    return true;
  };
  /** tinyld's first unique gram of a chunk: smallest size first, then leftmost; '' if none. */
  const firstUnique = (chunk: string): string => {
    unique = '';
    uniqueSize = MAX_GRAM + 1;
    scanGrams(chunk, findUnique);
    return unique;
  };
  /** A word's top-8 languages and what each adds (tinyld's detectPotentialGrams). */
  const rankWord = (word: string): WordRanking => {
    scores.fill(0);
    scanGrams(word, isPlain(word) ? addWindow : addNormalised);
    let best = 0;
    for (let i = 0; i < scores.length; i++) if (scores[i]! > best) best = scores[i]!;
    if (best === 0) best = 1;
    // The 8 highest scores, ties in list order (tinyld's stable sort).
    taken.fill(0);
    const ranking: WordRanking = { langs: [], adds: [] };
    for (let n = 0; n < TOP_LANGS && n < langs.length; n++) {
      let top = -1;
      for (let i = 0; i < scores.length; i++)
        if (!taken[i] && (top < 0 || scores[i]! > scores[top]!)) top = i;
      taken[top] = 1;
      ranking.langs.push(langs[top]!);
      ranking.adds.push(1 - round4((best - scores[top]!) / best));
    }
    return ranking;
  };
  // The ranking depends on the word alone, so it is memoised (bounded; cleared when full).
  const rankings = new Map<string, WordRanking>();
  const scoreWord = (word: string, totals: Map<string, number>): void => {
    let r = rankings.get(word);
    if (r === undefined) {
      if (rankings.size >= WORD_CACHE_LIMIT) rankings.clear();
      rankings.set(word, (r = rankWord(word)));
    }
    for (let k = 0; k < r.langs.length; k++)
      totals.set(r.langs[k]!, (totals.get(r.langs[k]!) ?? 0) + r.adds[k]!);
  };

  return {
    fast: true,
    detect(text: string): string {
      const chunks = text
        .split(CHUNK_SPLIT_RE)
        .map(clean)
        .filter((c) => c.length > 0)
        .sort((a, b) => b.length - a.length)
        .slice(0, MAX_CHUNKS);
      // Insertion order matters: ties go to the language that scored first.
      const totals = new Map<string, number>();
      for (const chunk of chunks) {
        const unique = firstUnique(chunk);
        if (unique !== '') totals.set(unique, (totals.get(unique) ?? 0) + chunk.length);
        else for (const word of chunk.split(/[ ]+/)) scoreWord(word, totals);
      }
      let winner = '';
      let top = 0;
      for (const [lang, total] of totals) {
        if (total > top) {
          top = total;
          winner = lang;
        }
      }
      return winner;
    },
  };
}
