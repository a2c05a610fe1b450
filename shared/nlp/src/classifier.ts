import {
  analyseWord,
  DENSE_SLOTS,
  LANG_FEATURE_VALUE,
  scanFeatures,
  SLOT,
  type FeatureSink,
  type Lexicons,
  type WordInfo,
} from './features';
import { EMOTION_LANGUAGES, emotionFromLogits, type EmotionResult } from './emotion';
import { decideIntent, type IntentResult } from './intent';
import { resolveLanguage, type LangSource } from './language';
import { EMOTION_HEAD, type Domain, type ModelThresholds, type NlpModel } from './model';
import { sentimentFromProbs, softmax3, type SentimentResult } from './sentiment';
import { tokenize } from './tokenizer';
import { analyseWordLanguage, type WordLanguage } from './word-language';

export interface ClassifyInput {
  text: string;
  /** The source's language tag, trusted when it names a language. */
  lang?: string;
  /** A title (Reddit, RSS, HN) classified together with the text. */
  title?: string;
  /** What kind of text this is; `social` (posts, comments, tweets) when not given. */
  domain?: Domain;
}

export interface ClassificationResult {
  lang: string;
  langSource: LangSource;
  sentiment: SentimentResult;
  intent: IntentResult;
  /** English only (the languages in EMOTION_LANGUAGES): GoEmotions' Ekman grouping. */
  emotion?: EmotionResult;
}

export interface Classifier {
  classify(input: ClassifyInput): ClassificationResult;
  modelVersion: string;
}

export function lexiconsFromModel(model: NlpModel): Lexicons {
  const words = new Map<string, Map<string, number>>();
  for (const [lang, table] of Object.entries(model.lexicons)) words.set(lang, new Map(Object.entries(table)));
  return { words, emoji: new Map(Object.entries(model.emoji)) };
}

// Local copies of imported constants: hot loops then read plain locals, not module bindings (which some
// loaders, e.g. esbuild/tsx, compile to getter calls).
const N_DENSE = DENSE_SLOTS;
const LANG_VALUE = LANG_FEATURE_VALUE;
const P_NEG = SLOT.pNeg;
const P_NEU = SLOT.pNeu;
const P_POS = SLOT.pPos;
const REVIEW_SLOT = SLOT.review;
const scan = scanFeatures;
const analyse = analyseWord;
const tokenise = tokenize;
const resolveLang = resolveLanguage;
const analyseLanguage = analyseWordLanguage;

/**
 * Words whose analysis (hashes, cue flags, char-gram weight sums, lexicon entries, language-detection facts)
 * is memoised; cleared when full.
 */
const WORD_CACHE_LIMIT = 200_000;

/**
 * An intent head's probability: its logit plus the stacked sentiment probabilities. (A module-level function,
 * not a closure per call: creating one per classify call showed in profiles.)
 */
function intentProb(
  logits: Float64Array,
  probs: readonly [number, number, number],
  dense: Float64Array,
  k: number,
  N_HEADS: number,
): number {
  const z =
    logits[k]! +
    probs[0] * dense[P_NEG * N_HEADS + k]! +
    probs[1] * dense[P_NEU * N_HEADS + k]! +
    probs[2] * dense[P_POS * N_HEADS + k]!;
  return 1 / (1 + Math.exp(-z));
}

type Offsets = readonly [number, number, number];
const NO_OFFSETS: Offsets = [0, 0, 0];

/** Per language: the sentiment offsets for social and review texts (`<lang>/<domain>`, else `<lang>`). */
function calibrationTable(model: NlpModel): Map<string, { social: Offsets; review: Offsets }> {
  const table = new Map<string, { social: Offsets; review: Offsets }>();
  const cal = model.calibration ?? {};
  const langs = new Set(Object.keys(cal).map((k) => k.split('/')[0]!));
  for (const lang of langs) {
    const any = cal[lang] ?? NO_OFFSETS;
    table.set(lang, { social: cal[`${lang}/social`] ?? any, review: cal[`${lang}/review`] ?? any });
  }
  return table;
}

/** The model's thresholds with the complaint threshold of each language that has its own. */
function thresholdsByLang(t: ModelThresholds): Map<string, ModelThresholds> {
  const out = new Map<string, ModelThresholds>();
  for (const [lang, complaint] of Object.entries(t.complaintByLang ?? {})) out.set(lang, { ...t, complaint });
  return out;
}

function calibrated(logits: Float64Array, o: Offsets): [number, number, number] {
  return softmax3([logits[0]! + o[0], logits[1]! + o[1], logits[2]! + o[2]]);
}

/** Builds a classifier over a loaded model. Pure and synchronous; safe to call from any number of places. */
export function createClassifier(model: NlpModel): Classifier {
  // HEAD_COUNT for current model files; fewer for files written before the emotion heads.
  const N_HEADS = model.scales.length;
  const calibration = calibrationTable(model);
  const langThresholds = thresholdsByLang(model.thresholds);
  const hasEmotion = model.scales.length > EMOTION_HEAD;
  const lexicons = lexiconsFromModel(model);
  const w = model.weights;
  const bits = model.hashBits;
  const mask = (1 << bits) - 1;
  const dense = Float64Array.from(model.dense);
  const scales = Float64Array.from(model.scales);
  const cache = new Map<string, WordInfo>();
  const addRow = (acc: Float64Array | Int32Array, row: number, at = 0): void => {
    const b = row * N_HEADS;
    for (let k = 0; k < N_HEADS; k++) acc[at + k] = acc[at + k]! + w[b + k]!;
  };
  const lookup = (word: string): WordInfo => {
    let info = cache.get(word);
    if (info === undefined) {
      if (cache.size >= WORD_CACHE_LIMIT) cache.clear();
      info = analyse(word, lexicons);
      const sums = new Int32Array(2 * N_HEADS);
      for (const c of info.chars) addRow(sums, c & mask);
      info.sums = sums;
      cache.set(word, info);
    }
    return info;
  };
  // Each word or hashtag token is looked up once per call (infos[t]); detection and the feature scan then
  // read it by token index. Detection's facts are filled in the first time it reads a word.
  const infos: WordInfo[] = [];
  const infoAt = (_word: string, t: number): WordInfo => infos[t]!;
  const languageOf = (word: string, t: number): WordLanguage =>
    (infos[t]!.language ??= analyseLanguage(word));
  // Accumulators reused across calls (classify is synchronous).
  const wordAcc = new Float64Array(N_HEADS);
  const charAcc = new Float64Array(N_HEADS);
  // Weights are int8, so sums are exact integers and can be pre-added per word in any order.
  const sink: FeatureSink = {
    word(row) {
      addRow(wordAcc, row);
    },
    unigram(info, negated, row, langRow) {
      if (negated) {
        addRow(wordAcc, row);
        if (langRow >= 0) addRow(wordAcc, langRow);
        return;
      }
      const sums = info.sums!;
      if (info.unigramLangRow !== langRow) {
        // One random read of the 1.5 MB weight table per row saved on every later sight of the word.
        sums.fill(0, N_HEADS);
        addRow(sums, row, N_HEADS);
        if (langRow >= 0) addRow(sums, langRow, N_HEADS);
        info.unigramLangRow = langRow;
      }
      for (let k = 0; k < N_HEADS; k++) wordAcc[k] = wordAcc[k]! + sums[N_HEADS + k]!;
    },
    chars(info) {
      const sums = info.sums!;
      for (let k = 0; k < N_HEADS; k++) charAcc[k] = charAcc[k]! + sums[k]!;
    },
  };
  const logits = new Float64Array(N_HEADS);
  const denseSlots = new Float64Array(N_DENSE);

  return {
    modelVersion: model.version,
    classify(input: ClassifyInput): ClassificationResult {
      const text = input.title ? `${input.title}\n${input.text}` : input.text;
      const tokens = tokenise(text);
      infos.length = tokens.length;
      for (let t = 0; t < tokens.length; t++) {
        const tok = tokens[t]!;
        if (tok.kind === 'word' || tok.kind === 'hashtag') infos[t] = lookup(tok.text);
      }
      const { lang, langSource } = resolveLang(tokens, input.lang, languageOf);
      wordAcc.fill(0);
      charAcc.fill(0);
      const r = scan(tokens, lang, lexicons, bits, sink, infoAt, denseSlots);
      const review = input.domain === 'review';
      r.dense[REVIEW_SLOT] = review ? 1 : 0;
      const wv = r.wordCount > 0 ? 1 / Math.sqrt(r.wordCount) : 0;
      const cv = r.charCount > 0 ? 1 / Math.sqrt(r.charCount) : 0;
      const lb = r.langRow * N_HEADS;
      for (let k = 0; k < N_HEADS; k++)
        logits[k] = scales[k]! * (wv * wordAcc[k]! + cv * charAcc[k]! + LANG_VALUE * w[lb + k]!);
      // Slot-major, skipping empty slots once rather than per head; each head still adds slots in order.
      for (let s = 0; s < N_DENSE; s++) {
        const v = r.dense[s]!;
        if (v === 0) continue;
        for (let k = 0; k < N_HEADS; k++) logits[k] = logits[k]! + v * dense[s * N_HEADS + k]!;
      }
      // The intent heads were trained on the uncalibrated probabilities; the decision uses the calibrated ones.
      const probs = softmax3([logits[0]!, logits[1]!, logits[2]!]);
      const cal = calibration.get(lang);
      const sentiment =
        cal === undefined
          ? sentimentFromProbs(probs)
          : sentimentFromProbs(calibrated(logits, review ? cal.review : cal.social));
      const intent = decideIntent(
        {
          complaint: intentProb(logits, probs, dense, 3, N_HEADS),
          question: intentProb(logits, probs, dense, 4, N_HEADS),
          praise: intentProb(logits, probs, dense, 5, N_HEADS),
        },
        sentiment,
        r.cues,
        langThresholds.get(lang) ?? model.thresholds,
      );
      if (hasEmotion && EMOTION_LANGUAGES.has(lang))
        return { lang, langSource, sentiment, intent, emotion: emotionFromLogits(logits, EMOTION_HEAD) };
      return { lang, langSource, sentiment, intent };
    },
  };
}
