import { detect as tinyldDetect } from 'tinyld';
import { LETTER_HINTS, STOPWORDS } from './cues';
import { type Token } from './tokenizer';

export type LangSource = 'source' | 'detected';

export interface LanguageResult {
  lang: string;
  langSource: LangSource;
}

/** Fewer letters than this (after URLs, handles, emoji and numbers are gone) and the language is `und`. */
export const MIN_LETTERS = 4;
/** Below this many letters the slow statistical detector is not consulted: its guesses are noise there. */
const MIN_LETTERS_FOR_STATISTICAL = 12;

/**
 * Normalises a source's language tag ("pt-BR" -> "pt", "EN" -> "en"). Returns undefined for tags that
 * carry no language ("und", "mul", empty, malformed), so the caller detects instead.
 */
export function normaliseLangTag(tag: string | undefined): string | undefined {
  if (tag === undefined) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (!/^[a-z]{2,3}$/.test(primary) || primary === 'und' || primary === 'mul' || primary === 'zxx')
    return undefined;
  return primary;
}

// Scripts, as small integers (indices into the per-call count array).
const LATIN = 0;
const CYRILLIC = 1;
const ARABIC = 2;
const DEVANAGARI = 3;
const GREEK = 4;
const HEBREW = 5;
const THAI = 6;
const HANGUL = 7;
const KANA = 8;
const HAN = 9;
const N_SCRIPTS = 10;
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
const SCRIPT_LANG: (string | undefined)[] = [];
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
const STOPWORD_LANGS = Object.keys(STOPWORDS);
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

const tinyld = tinyldDetect;
/**
 * Languages the statistical fallback may answer (commonly seen in brand mentions). Restricting it makes it
 * about twice as fast and stops it naming exotic languages for noisy text.
 */
const FALLBACK_LANGS = {
  only: 'en es pt fr de it nl pl ru uk tr ro sv da no fi cs sk hu el bg hr sr sl et lv lt sq ca eu gl id ms vi tl ar fa he hi ja ko zh th'.split(
    ' ',
  ),
};

// Per-call scratch (detection is synchronous), so a call allocates nothing until the statistical fallback.
const scriptCounts = new Int32Array(N_SCRIPTS);
const scriptOrder = new Int8Array(N_SCRIPTS);
const scores = new Float64Array(STOPWORD_LANGS.length);

/** Fast path for Latin script: function words + telltale letters. Returns undefined when unsure. */
function latinGuess(tokens: readonly Token[], nonAscii: boolean): string | undefined {
  scores.fill(0);
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (tok.kind !== 'word') continue;
    const w = tok.text;
    const langs = STOPWORD_INDEX.get(w);
    if (langs !== undefined) for (const i of langs) scores[i] = scores[i]! + 1;
    if (!nonAscii) continue;
    let bits = 0;
    let wordNonAscii = false;
    for (let k = 0; k < w.length; k++) {
      const c = w.charCodeAt(k);
      if (c < 0x80) continue;
      wordNonAscii = true;
      const b = HINT_BITS.get(c);
      if (b !== undefined) bits |= b;
    }
    if (!wordNonAscii) continue;
    for (const h of REGEX_HINTS) if (h.re.test(w)) for (const l of h.langs) scores[l] = scores[l]! + h.weight;
    for (let i = 0; bits !== 0; i++, bits >>>= 1) {
      if ((bits & 1) === 0) continue;
      const h = HINTS[i]!;
      for (const l of h.langs) scores[l] = scores[l]! + h.weight;
    }
  }
  let best = -1;
  let first = 0;
  let second = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s > first) {
      second = first;
      first = s;
      best = i;
    } else if (s > second) second = s;
  }
  if (best >= 0 && first >= 1 && first >= second + 1) return STOPWORD_LANGS[best];
  return undefined;
}

/** Whether a word or hashtag body (lower-cased) holds one of the given letters. */
function anyTokenHas(tokens: readonly Token[], re: RegExp): boolean {
  for (const t of tokens) if ((t.kind === 'word' || t.kind === 'hashtag') && re.test(t.text)) return true;
  return false;
}
const UKRAINIAN_RE = /[іїєґ]/;
const PERSIAN_RE = /[پچژگ]/;
const URDU_RE = /[ٹڈڑںے]/;

/**
 * The statistical detector's cost grows with the text and its verdict settles within a sentence or two, so
 * it sees the words and hashtag bodies of about the first STATISTICAL_PREFIX characters only.
 */
const STATISTICAL_PREFIX = 100;
function statisticalText(tokens: readonly Token[]): string {
  let s = '';
  for (const t of tokens) {
    if (t.kind !== 'word' && t.kind !== 'hashtag') continue;
    if (s.length === 0) s = t.text;
    else if (s.length + 1 + t.text.length > STATISTICAL_PREFIX) break;
    else s = s + ' ' + t.text;
  }
  return s;
}

/**
 * How many detections ended at each step since the process started (for benchmarks and evaluations):
 * too few letters, script, function words / letters, the statistical fallback.
 */
export const detectionSteps = { short: 0, script: 0, cues: 0, statistical: 0 };

/**
 * Detects the language of already tokenised text (URLs, handles, emoji and numbers are not looked at;
 * hashtags count without their '#'). Script decides for non-Latin text; Latin text goes through
 * function-word scoring, and only when that is unsure, through tinyld (slower, statistical).
 */
export function detectLanguage(tokens: readonly Token[]): string {
  scriptCounts.fill(0);
  // Scripts in order of first appearance: the most frequent wins, ties go to the first seen.
  let nSeen = 0;
  let letters = 0;
  let nonAscii = false;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (tok.kind !== 'word' && tok.kind !== 'hashtag') continue;
    const w = tok.text;
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      let s: number;
      if (c < 0x80) {
        if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a))) continue;
        s = LATIN;
      } else {
        nonAscii = true;
        s = scriptOf(c);
        if (s === NO_SCRIPT) continue;
      }
      letters++;
      if (scriptCounts[s] === 0) scriptOrder[nSeen++] = s;
      scriptCounts[s]!++;
    }
  }
  if (letters < MIN_LETTERS) {
    detectionSteps.short++;
    return 'und';
  }
  let script = scriptOrder[0]!;
  for (let k = 1, top = scriptCounts[script]!; k < nSeen; k++) {
    const n = scriptCounts[scriptOrder[k]!]!;
    if (n > top) {
      top = n;
      script = scriptOrder[k]!;
    }
  }
  if (script !== LATIN) {
    detectionSteps.script++;
    const direct = SCRIPT_LANG[script];
    if (direct !== undefined) return direct;
    if (script === CYRILLIC) return anyTokenHas(tokens, UKRAINIAN_RE) ? 'uk' : 'ru';
    if (script === ARABIC)
      return anyTokenHas(tokens, PERSIAN_RE) ? 'fa' : anyTokenHas(tokens, URDU_RE) ? 'ur' : 'ar';
  }
  const guess = latinGuess(tokens, nonAscii);
  if (guess !== undefined) {
    detectionSteps.cues++;
    return guess;
  }
  if (letters < MIN_LETTERS_FOR_STATISTICAL) {
    detectionSteps.short++;
    return 'und';
  }
  detectionSteps.statistical++;
  const detected = tinyld(statisticalText(tokens), FALLBACK_LANGS);
  return detected === '' ? 'und' : detected;
}

/** The language to classify in: the source's tag when it names a language, else detection. */
export function resolveLanguage(tokens: readonly Token[], tag: string | undefined): LanguageResult {
  const fromSource = normaliseLangTag(tag);
  if (fromSource !== undefined) return { lang: fromSource, langSource: 'source' };
  return { lang: detectLanguage(tokens), langSource: 'detected' };
}
