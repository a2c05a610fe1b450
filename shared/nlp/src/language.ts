import { detect as tinyldDetect } from 'tinyld';
import { LETTER_HINTS, STOPWORDS } from './cues';
import { languageText, type Token } from './tokenizer';

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

type Script =
  'latin' | 'cyrillic' | 'arabic' | 'devanagari' | 'greek' | 'hebrew' | 'thai' | 'hangul' | 'kana' | 'han';

function scriptOf(c: number): Script | undefined {
  if (c < 0x250)
    return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c >= 0xc0 ? 'latin' : undefined;
  if (c >= 0x1e00 && c <= 0x1eff) return 'latin';
  if (c >= 0x400 && c <= 0x4ff) return 'cyrillic';
  if (c >= 0x370 && c <= 0x3ff) return 'greek';
  if (c >= 0x590 && c <= 0x5ff) return 'hebrew';
  if ((c >= 0x600 && c <= 0x6ff) || (c >= 0x750 && c <= 0x77f) || (c >= 0xfb50 && c <= 0xfeff))
    return 'arabic';
  if (c >= 0x900 && c <= 0x97f) return 'devanagari';
  if (c >= 0xe00 && c <= 0xe7f) return 'thai';
  if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f))
    return 'hangul';
  if (c >= 0x3040 && c <= 0x30ff) return 'kana';
  if (c >= 0x4e00 && c <= 0x9fff) return 'han';
  return undefined;
}

const SCRIPT_LANG: Partial<Record<Script, string>> = {
  greek: 'el',
  hebrew: 'he',
  devanagari: 'hi',
  thai: 'th',
  hangul: 'ko',
  kana: 'ja',
};

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
const HINTS = LETTER_HINTS.map(([re, langs]) => [re, langs.map((l) => STOPWORD_LANGS.indexOf(l))] as const);
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
const NON_ASCII_RE = /[^ -~\t\n\r]/;

/** Fast path for Latin script: function words + telltale letters. Returns undefined when unsure. */
function latinGuess(tokens: readonly Token[], nonAscii: boolean): string | undefined {
  const scores = new Float64Array(STOPWORD_LANGS.length);
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    const langs = STOPWORD_INDEX.get(t.text);
    if (langs !== undefined) for (const i of langs) scores[i] = scores[i]! + 1;
    if (nonAscii && NON_ASCII_RE.test(t.text)) {
      for (const [re, idx] of HINTS) {
        if (re.test(t.text)) for (const i of idx) scores[i] = scores[i]! + 1.5 / idx.length;
      }
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

/**
 * Detects the language of already tokenised text (URLs, handles, emoji and numbers are not looked at;
 * hashtags count without their '#'). Script decides for non-Latin text; Latin text goes through
 * function-word scoring, and only when that is unsure, through tinyld (slower, statistical).
 */
export function detectLanguage(tokens: readonly Token[]): string {
  const counts: Partial<Record<Script, number>> = {};
  let letters = 0;
  let nonAscii = false;
  for (const t of tokens) {
    if (t.kind !== 'word' && t.kind !== 'hashtag') continue;
    const w = t.text;
    for (let i = 0; i < w.length; i++) {
      const c = w.charCodeAt(i);
      if (c < 0x80) {
        if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) {
          letters++;
          counts.latin = (counts.latin ?? 0) + 1;
        }
        continue;
      }
      nonAscii = true;
      const s = scriptOf(c);
      if (s === undefined) continue;
      letters++;
      counts[s] = (counts[s] ?? 0) + 1;
    }
  }
  if (letters < MIN_LETTERS) return 'und';
  let script: Script = 'latin';
  let top = 0;
  for (const s in counts) {
    const n = counts[s as Script]!;
    if (n > top) {
      top = n;
      script = s as Script;
    }
  }
  const direct = SCRIPT_LANG[script];
  if (direct !== undefined) return direct;
  if (script === 'cyrillic' || script === 'arabic') {
    const text = languageText(tokens);
    if (script === 'cyrillic') return /[іїєґ]/.test(text) ? 'uk' : 'ru';
    return /[پچژگ]/.test(text) ? 'fa' : /[ٹڈڑںے]/.test(text) ? 'ur' : 'ar';
  }
  if (script === 'han') return 'zh';
  const guess = latinGuess(tokens, nonAscii);
  if (guess !== undefined) return guess;
  if (letters < MIN_LETTERS_FOR_STATISTICAL) return 'und';
  const detected = tinyld(languageText(tokens), FALLBACK_LANGS);
  return detected === '' ? 'und' : detected;
}

/** The language to classify in: the source's tag when it names a language, else detection. */
export function resolveLanguage(tokens: readonly Token[], tag: string | undefined): LanguageResult {
  const fromSource = normaliseLangTag(tag);
  if (fromSource !== undefined) return { lang: fromSource, langSource: 'source' };
  return { lang: detectLanguage(tokens), langSource: 'detected' };
}
