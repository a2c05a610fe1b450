import { extractFeatures, SLOT, type Lexicons } from './features';
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

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Builds a classifier over a loaded model. Pure and synchronous; safe to call from any number of places. */
export function createClassifier(model: NlpModel): Classifier {
  const lexicons = lexiconsFromModel(model);
  const w = model.weights;
  const [s0, s1, s2, s3, s4, s5] = model.scales as [number, number, number, number, number, number];
  const stackedWeight = (slot: number, head: number): number =>
    w[slot * HEAD_COUNT + head]! * model.scales[head]!;
  const stacked = [3, 4, 5].map((head) => [
    stackedWeight(SLOT.pNeg, head),
    stackedWeight(SLOT.pNeu, head),
    stackedWeight(SLOT.pPos, head),
  ]) as [number, number, number][];

  return {
    modelVersion: model.version,
    classify(input: ClassifyInput): ClassificationResult {
      const text = input.title ? `${input.title}\n${input.text}` : input.text;
      const tokens = tokenize(text);
      const { lang, langSource } = resolveLanguage(tokens, input.lang);
      const f = extractFeatures(tokens, lang, lexicons, model.hashBits);
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let a4 = 0;
      let a5 = 0;
      const { idx, val } = f;
      for (let i = 0; i < idx.length; i++) {
        const base = idx[i]! * HEAD_COUNT;
        const v = val[i]!;
        a0 += w[base]! * v;
        a1 += w[base + 1]! * v;
        a2 += w[base + 2]! * v;
        a3 += w[base + 3]! * v;
        a4 += w[base + 4]! * v;
        a5 += w[base + 5]! * v;
      }
      const probs = softmax3([a0 * s0, a1 * s1, a2 * s2]);
      const sentiment = sentimentFromProbs(probs);
      const intentLogit = (acc: number, scale: number, k: 0 | 1 | 2): number => {
        const sw = stacked[k]!;
        return acc * scale + sw[0] * probs[0] + sw[1] * probs[1] + sw[2] * probs[2];
      };
      const intent = decideIntent(
        {
          complaint: sigmoid(intentLogit(a3, s3, 0)),
          question: sigmoid(intentLogit(a4, s4, 1)),
          praise: sigmoid(intentLogit(a5, s5, 2)),
        },
        sentiment,
        f,
        model.thresholds,
      );
      return { lang, langSource, sentiment, intent };
    },
  };
}
