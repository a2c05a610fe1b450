import { statisticalDetector, type StatisticalDetector } from './statistical';
import { type Token } from './tokenizer';
import * as words from './word-language';
import type { WordLanguage } from './word-language';

// Local copies of imported bindings (see classifier.ts: some loaders turn module bindings into getters).
const analyseWordLanguage = words.analyseWordLanguage;
const {
  LATIN,
  CYRILLIC,
  ARABIC,
  N_SCRIPTS,
  SCRIPT_LANG,
  STOPWORD_LANGS,
  HAS_UKRAINIAN,
  HAS_PERSIAN,
  HAS_URDU,
} = words;

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

/**
 * Languages the statistical fallback may answer (commonly seen in brand mentions). Restricting it makes it
 * faster and stops it naming exotic languages for noisy text.
 */
const FALLBACK_LANGS =
  'en es pt fr de it nl pl ru uk tr ro sv da no fi cs sk hu el bg hr sr sl et lv lt sq ca eu gl id ms vi tl ar fa he hi ja ko zh th'.split(
    ' ',
  );
/** tinyld's answers, computed faster (statistical.ts); built on first use, as most texts never need it. */
let statistical: StatisticalDetector | undefined;

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

/** Per-word detection facts of token `t` (whose text is `w`); the classifier passes its cached ones. */
export type WordLanguageLookup = (w: string, t: number) => WordLanguage;

/** Words whose facts standalone detection (no lookup passed) memoises; cleared when full. */
const OWN_CACHE_LIMIT = 50_000;
const ownCache = new Map<string, WordLanguage>();
function cachedWordLanguage(w: string): WordLanguage {
  let info = ownCache.get(w);
  if (info === undefined) {
    if (ownCache.size >= OWN_CACHE_LIMIT) ownCache.clear();
    ownCache.set(w, (info = analyseWordLanguage(w)));
  }
  return info;
}

// Per-call scratch (detection is synchronous).
const scriptCounts = new Int32Array(N_SCRIPTS);
const scriptOrder = new Int8Array(N_SCRIPTS);
const scores = new Float64Array(STOPWORD_LANGS.length);

/** The function-word / telltale-letter vote: the leader, if it leads by at least 1. */
function latinGuess(): string | undefined {
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
 * function-word and telltale-letter votes (plain words only), and only when that is unsure, through
 * tinyld's statistical model (statistical.ts). One pass over the words, reading per-word facts.
 */
export function detectLanguage(
  tokens: readonly Token[],
  wordLanguage: WordLanguageLookup = cachedWordLanguage,
): string {
  scriptCounts.fill(0);
  scores.fill(0);
  // Scripts in order of first appearance: the most frequent wins, ties go to the first seen.
  let nSeen = 0;
  let letters = 0;
  let flags = 0;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (tok.kind !== 'word' && tok.kind !== 'hashtag') continue;
    const info = wordLanguage(tok.text, t);
    const scripts = info.scripts;
    if (scripts === null) {
      const s = info.script;
      if (s >= 0) {
        if (scriptCounts[s] === 0) scriptOrder[nSeen++] = s;
        scriptCounts[s]! += info.letters;
      }
    } else {
      for (let k = 0; k < scripts.length; k++) {
        const s = scripts[k]!;
        if (scriptCounts[s] === 0) scriptOrder[nSeen++] = s;
        scriptCounts[s]! += info.counts![k]!;
      }
    }
    letters += info.letters;
    flags |= info.flags;
    const votes = info.votes;
    if (votes !== null && tok.kind === 'word') for (let i = 0; i < votes.length; i++) scores[i]! += votes[i]!;
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
    if (script === CYRILLIC) return flags & HAS_UKRAINIAN ? 'uk' : 'ru';
    if (script === ARABIC) return flags & HAS_PERSIAN ? 'fa' : flags & HAS_URDU ? 'ur' : 'ar';
  }
  const guess = latinGuess();
  if (guess !== undefined) {
    detectionSteps.cues++;
    return guess;
  }
  if (letters < MIN_LETTERS_FOR_STATISTICAL) {
    detectionSteps.short++;
    return 'und';
  }
  detectionSteps.statistical++;
  statistical ??= statisticalDetector(FALLBACK_LANGS);
  const detected = statistical.detect(statisticalText(tokens));
  return detected === '' ? 'und' : detected;
}

/** The language to classify in: the source's tag when it names a language, else detection. */
export function resolveLanguage(
  tokens: readonly Token[],
  tag: string | undefined,
  wordLanguage: WordLanguageLookup = cachedWordLanguage,
): LanguageResult {
  const fromSource = normaliseLangTag(tag);
  if (fromSource !== undefined) return { lang: fromSource, langSource: 'source' };
  return { lang: detectLanguage(tokens, wordLanguage), langSource: 'detected' };
}
