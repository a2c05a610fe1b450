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
import { decideIntent, type IntentResult } from './intent';
import { resolveLanguage, type LangSource } from './language';
import { HEAD_COUNT, type NlpModel } from './model';
import { sentimentFromProbs, softmax3, type SentimentResult } from './sentiment';
import { tokenize } from './tokenizer';

export interface ClassifyInput {
  text: string;
  /** The source's language tag, trusted when it names a language. */
  lang?: string;
  /** A title (Reddit, RSS, HN) classified together with the text. */
  title?: string;
}

export interface ClassificationResult {
  lang: string;
  langSource: LangSource;
  sentiment: SentimentResult;
  intent: IntentResult;
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
const N_HEADS = HEAD_COUNT;
const N_DENSE = DENSE_SLOTS;
const LANG_VALUE = LANG_FEATURE_VALUE;
const P_NEG = SLOT.pNeg;
const P_NEU = SLOT.pNeu;
const P_POS = SLOT.pPos;
const scan = scanFeatures;
const analyse = analyseWord;
const tokenise = tokenize;
const resolveLang = resolveLanguage;

/** Words whose analysis (hashes, cue flags, char-gram weight sums) is memoised; cleared when full. */
const WORD_CACHE_LIMIT = 200_000;

/** Builds a classifier over a loaded model. Pure and synchronous; safe to call from any number of places. */
export function createClassifier(model: NlpModel): Classifier {
  const lexicons = lexiconsFromModel(model);
  const w = model.weights;
  const bits = model.hashBits;
  const mask = (1 << bits) - 1;
  const dense = Float64Array.from(model.dense);
  const scales = Float64Array.from(model.scales);
  const cache = new Map<string, WordInfo>();
  const lookup = (word: string): WordInfo => {
    let info = cache.get(word);
    if (info === undefined) {
      if (cache.size >= WORD_CACHE_LIMIT) cache.clear();
      info = analyse(word);
      const sums = new Float64Array(N_HEADS);
      for (const c of info.chars) {
        const b = (c & mask) * N_HEADS;
        for (let k = 0; k < N_HEADS; k++) sums[k] = sums[k]! + w[b + k]!;
      }
      info.charSums = sums;
      cache.set(word, info);
    }
    return info;
  };
  // Accumulators reused across calls (classify is synchronous).
  const wordAcc = new Float64Array(N_HEADS);
  const charAcc = new Float64Array(N_HEADS);
  const sink: FeatureSink = {
    word(row) {
      const b = row * N_HEADS;
      for (let k = 0; k < N_HEADS; k++) wordAcc[k] = wordAcc[k]! + w[b + k]!;
    },
    chars(info) {
      const sums = info.charSums!;
      for (let k = 0; k < N_HEADS; k++) charAcc[k] = charAcc[k]! + sums[k]!;
    },
  };
  const logits = new Float64Array(N_HEADS);

  return {
    modelVersion: model.version,
    classify(input: ClassifyInput): ClassificationResult {
      const text = input.title ? `${input.title}\n${input.text}` : input.text;
      const tokens = tokenise(text);
      const { lang, langSource } = resolveLang(tokens, input.lang);
      wordAcc.fill(0);
      charAcc.fill(0);
      const r = scan(tokens, lang, lexicons, bits, sink, lookup);
      const wv = r.wordCount > 0 ? 1 / Math.sqrt(r.wordCount) : 0;
      const cv = r.charCount > 0 ? 1 / Math.sqrt(r.charCount) : 0;
      const lb = r.langRow * N_HEADS;
      for (let k = 0; k < N_HEADS; k++) {
        let z = scales[k]! * (wv * wordAcc[k]! + cv * charAcc[k]! + LANG_VALUE * w[lb + k]!);
        for (let s = 0; s < N_DENSE; s++) {
          const v = r.dense[s]!;
          if (v !== 0) z += v * dense[s * N_HEADS + k]!;
        }
        logits[k] = z;
      }
      const probs = softmax3([logits[0]!, logits[1]!, logits[2]!]);
      const sentiment = sentimentFromProbs(probs);
      const intentProb = (k: number): number => {
        const z =
          logits[k]! +
          probs[0] * dense[P_NEG * N_HEADS + k]! +
          probs[1] * dense[P_NEU * N_HEADS + k]! +
          probs[2] * dense[P_POS * N_HEADS + k]!;
        return 1 / (1 + Math.exp(-z));
      };
      const intent = decideIntent(
        { complaint: intentProb(3), question: intentProb(4), praise: intentProb(5) },
        sentiment,
        r.cues,
        model.thresholds,
      );
      return { lang, langSource, sentiment, intent };
    },
  };
}
