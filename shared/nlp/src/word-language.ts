/**
 * What language detection needs to know about one word or hashtag body, which depends on the word alone, so
 * callers may cache it (the classifier keeps it in its per-word cache): the scripts of its letters, and the
 * votes it gives the Latin-script languages (function words, telltale letters).
 */
import { LETTER_HINTS, STOPWORDS } from './cues';

// Scripts, as small integers (indices into the per-call count array).
export const LATIN = 0;
export const CYRILLIC = 1;
export const ARABIC = 2;
const DEVANAGARI = 3;
const GREEK = 4;
const HEBREW = 5;
const THAI = 6;
const HANGUL = 7;
const KANA = 8;
const HAN = 9;
export const N_SCRIPTS = 10;
const NO_SCRIPT = -1;

/** The script of a non-ASCII code unit (ASCII letters are counted inline by the caller). */
function scriptOf(c: number): number {
  if (c < 0x250) return c >= 0xc0 ? LATIN : NO_SCRIPT;
  if (c >= 0x1e00 && c <= 0x1eff) return LATIN;
  if (c >= 0x400 && c <= 0x4ff) return CYRILLIC;
  if (c >= 0x370 && c <= 0x3ff) return GREEK;
  if (c >= 0x590 && c <= 0x5ff) return HEBREW;
  if ((c >= 0x600 && c <= 0x6ff) || (c >= 0x750 && c <= 0x77f) || (c >= 0xfb50 && c <= 0xfeff)) return ARABIC;
  if (c >= 0x900 && c <= 0x97f) return DEVANAGARI;
  if (c >= 0xe00 && c <= 0xe7f) return THAI;
  if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f))
    return HANGUL;
  if (c >= 0x3040 && c <= 0x30ff) return KANA;
  if (c >= 0x4e00 && c <= 0x9fff) return HAN;
  return NO_SCRIPT;
}

/** Scripts that name their language outright. */
export const SCRIPT_LANG: (string | undefined)[] = [];
SCRIPT_LANG[GREEK] = 'el';
SCRIPT_LANG[HEBREW] = 'he';
SCRIPT_LANG[DEVANAGARI] = 'hi';
SCRIPT_LANG[THAI] = 'th';
SCRIPT_LANG[HANGUL] = 'ko';
SCRIPT_LANG[KANA] = 'ja';
SCRIPT_LANG[HAN] = 'zh';

/** natural's (longer) stopword lists, merged into the hand-written ones; single letters are left out. */
const NATURAL_STOPWORD_FILES: Record<string, string> = {
  en: 'stopwords',
  es: 'stopwords_es',
  fr: 'stopwords_fr',
  it: 'stopwords_it',
  nl: 'stopwords_nl',
  pl: 'stopwords_pl',
  pt: 'stopwords_pt',
};
function naturalStopwords(file: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const m = require(`natural/lib/natural/util/${file}.js`) as { words: string[] };
  return m.words.filter((w) => w.length >= 2 && /^\p{L}+$/u.test(w));
}
export const STOPWORD_LANGS = Object.keys(STOPWORDS);
/** word -> indices (into STOPWORD_LANGS) of the languages that list it. */
const STOPWORD_INDEX = new Map<string, number[]>();
STOPWORD_LANGS.forEach((lang, i) => {
  const file = NATURAL_STOPWORD_FILES[lang];
  const words = new Set([...STOPWORDS[lang]!, ...(file ? naturalStopwords(file) : [])]);
  for (const w of words) {
    const list = STOPWORD_INDEX.get(w) ?? [];
    list.push(i);
    STOPWORD_INDEX.set(w, list);
  }
});

/**
 * Telltale-letter hints (cues.ts), as (languages, weight each). A word scores each hint once if it holds any
 * of the hint's letters. Hints written as a plain letter class (`/[ãõ]/`, `/ß/`) are looked up per letter
 * through HINT_BITS (one map read per non-ASCII letter instead of one regex per hint and word); any other
 * pattern is tested as a regex.
 */
interface Hint {
  re: RegExp;
  langs: number[];
  weight: number;
}
const HINTS: Hint[] = LETTER_HINTS.map(([re, langs]) => ({
  re,
  // Languages without a function-word list cannot win the vote; leaving them out changes no outcome.
  langs: langs.map((l) => STOPWORD_LANGS.indexOf(l)).filter((i) => i >= 0),
  weight: 1.5 / langs.length,
}));
/** Letter (code unit) -> bit mask of the plain-letter-class hints that contain it. */
const HINT_BITS = new Map<number, number>();
/** Hints that are not a plain letter class (tested as regexes on words with non-ASCII letters). */
const REGEX_HINTS: Hint[] = [];
const PLAIN_CLASS_RE = /^(?:\[([^\]\\^-]+)\]|([^\\[\](){}.*+?|^$]))$/u;
HINTS.forEach((h, i) => {
  const m = h.re.flags === '' && i < 31 ? PLAIN_CLASS_RE.exec(h.re.source) : null;
  const letters = m === null ? '' : (m[1] ?? m[2] ?? '');
  if (letters === '' || [...letters].some((ch) => ch.length !== 1 || ch.charCodeAt(0) < 0x80)) {
    REGEX_HINTS.push(h);
    return;
  }
  for (let k = 0; k < letters.length; k++) {
    const c = letters.charCodeAt(k);
    HINT_BITS.set(c, (HINT_BITS.get(c) ?? 0) | (1 << i));
  }
});

const UKRAINIAN_RE = /[іїєґ]/;
const PERSIAN_RE = /[پچژگ]/;
const URDU_RE = /[ٹڈڑںے]/;
/** WordLanguage.flags: letters that tell Ukrainian from Russian, Persian / Urdu from Arabic. */
export const HAS_UKRAINIAN = 1;
export const HAS_PERSIAN = 2;
export const HAS_URDU = 4;

export interface WordLanguage {
  /** The script of its letters when they are all of one (-1 when it has none or several). */
  script: number;
  /** Letters counted (ASCII letters and letters of a known script). */
  letters: number;
  /** For a word of several scripts: the scripts in order of first appearance, and the letter count of each. */
  scripts: readonly number[] | null;
  counts: readonly number[] | null;
  /**
   * Votes per function-word language (STOPWORD_LANGS order) when the word is a plain word rather than a
   * hashtag body: 1 for each language listing it as a function word, plus the telltale-letter weights;
   * null when it votes for none. Weights are 1, 1.5, 0.75 or 0.5, so sums are exact in any order (and in
   * float32, which keeps the array small enough for V8 to store inline).
   */
  votes: Float32Array | null;
  flags: number;
}

/** The detection facts of a (lower-cased) word. */
export function analyseWordLanguage(w: string): WordLanguage {
  const scripts: number[] = [];
  const counts: number[] = [];
  let letters = 0;
  let bits = 0;
  let nonAscii = false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    let s: number;
    if (c < 0x80) {
      if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a))) continue;
      s = LATIN;
    } else {
      nonAscii = true;
      bits |= HINT_BITS.get(c) ?? 0;
      s = scriptOf(c);
      if (s === NO_SCRIPT) continue;
    }
    letters++;
    const k = scripts.indexOf(s);
    if (k < 0) {
      scripts.push(s);
      counts.push(1);
    } else counts[k]!++;
  }
  let votes: Float32Array | null = null;
  const vote = (lang: number, weight: number): void => {
    votes ??= new Float32Array(STOPWORD_LANGS.length);
    votes[lang] = votes[lang]! + weight;
  };
  for (const l of STOPWORD_INDEX.get(w) ?? []) vote(l, 1);
  if (nonAscii) {
    for (const h of REGEX_HINTS) if (h.re.test(w)) for (const l of h.langs) vote(l, h.weight);
    for (let i = 0; bits !== 0; i++, bits >>>= 1) {
      if ((bits & 1) === 0) continue;
      const h = HINTS[i]!;
      for (const l of h.langs) vote(l, h.weight);
    }
  }
  const flags =
    (UKRAINIAN_RE.test(w) ? HAS_UKRAINIAN : 0) |
    (PERSIAN_RE.test(w) ? HAS_PERSIAN : 0) |
    (URDU_RE.test(w) ? HAS_URDU : 0);
  const single = scripts.length === 1;
  return {
    script: single ? scripts[0]! : -1,
    letters,
    scripts: single || scripts.length === 0 ? null : scripts,
    counts: single || scripts.length === 0 ? null : counts,
    votes,
    flags,
  };
}
