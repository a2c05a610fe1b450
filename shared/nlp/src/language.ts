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
  if (!/^[a-z]{2,3}$/.test(primary) || primary === 'und' || primary === 'mul' || primary === 'zxx') return undefined;
  return primary;
}

type Script = 'latin' | 'cyrillic' | 'arabic' | 'devanagari' | 'greek' | 'hebrew' | 'thai' | 'hangul' | 'kana' | 'han';

function scriptOf(c: number): Script | undefined {
  if (c < 0x250) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c >= 0xc0 ? 'latin' : undefined;
  if (c >= 0x1e00 && c <= 0x1eff) return 'latin';
  if (c >= 0x400 && c <= 0x4ff) return 'cyrillic';
  if (c >= 0x370 && c <= 0x3ff) return 'greek';
  if (c >= 0x590 && c <= 0x5ff) return 'hebrew';
  if ((c >= 0x600 && c <= 0x6ff) || (c >= 0x750 && c <= 0x77f) || (c >= 0xfb50 && c <= 0xfeff)) return 'arabic';
  if (c >= 0x900 && c <= 0x97f) return 'devanagari';
  if (c >= 0xe00 && c <= 0xe7f) return 'thai';
  if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) return 'hangul';
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

const STOPWORD_LANGS = Object.keys(STOPWORDS);

/** Fast path for Latin script: function words + telltale letters. Returns undefined when unsure. */
function latinGuess(tokens: readonly Token[], text: string): string | undefined {
  const scores: Record<string, number> = {};
  for (const t of tokens) {
    if (t.kind !== 'word') continue;
    for (const lang of STOPWORD_LANGS) {
      if (STOPWORDS[lang]!.has(t.text)) scores[lang] = (scores[lang] ?? 0) + 1;
    }
  }
  for (const [re, langs] of LETTER_HINTS) {
    if (re.test(text)) for (const lang of langs) scores[lang] = (scores[lang] ?? 0) + 1.5 / langs.length;
  }
  let best: string | undefined;
  let first = 0;
  let second = 0;
  for (const lang in scores) {
    const s = scores[lang]!;
    if (s > first) {
      second = first;
      first = s;
      best = lang;
    } else if (s > second) second = s;
  }
  if (best !== undefined && first >= 2 && first >= second * 1.6 + 0.5) return best;
  return undefined;
}

/**
 * Detects the language of already tokenised text. Script decides for non-Latin text; Latin text goes
 * through function-word scoring, and only when that is unsure, through tinyld (slower, statistical).
 */
export function detectLanguage(tokens: readonly Token[]): string {
  const text = languageText(tokens);
  const counts: Partial<Record<Script, number>> = {};
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const s = scriptOf(text.charCodeAt(i));
    if (s === undefined) continue;
    letters++;
    counts[s] = (counts[s] ?? 0) + 1;
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
  if (script === 'cyrillic') return /[іїєґ]/.test(text) ? 'uk' : 'ru';
  if (script === 'arabic') return /[پچژگ]/.test(text) ? 'fa' : /[ٹڈڑںے]/.test(text) ? 'ur' : 'ar';
  if (script === 'han') return 'zh';
  const guess = latinGuess(tokens, text);
  if (guess !== undefined) return guess;
  if (letters < MIN_LETTERS_FOR_STATISTICAL) return 'und';
  const detected = tinyldDetect(text);
  return detected === '' ? 'und' : detected;
}

/** The language to classify in: the source's tag when it names a language, else detection. */
export function resolveLanguage(tokens: readonly Token[], tag: string | undefined): LanguageResult {
  const fromSource = normaliseLangTag(tag);
  if (fromSource !== undefined) return { lang: fromSource, langSource: 'source' };
  return { lang: detectLanguage(tokens), langSource: 'detected' };
}
