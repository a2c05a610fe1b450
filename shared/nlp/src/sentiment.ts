export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentResult {
  label: SentimentLabel;
  /** P(positive) - P(negative), in [-1, 1]. */
  score: number;
  /** Probability of the chosen label. */
  confidence: number;
}

const LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

/** Softmax over the three sentiment logits, in place; returns the probabilities. */
export function softmax3(logits: readonly [number, number, number]): [number, number, number] {
  const m = Math.max(logits[0], logits[1], logits[2]);
  const a = Math.exp(logits[0] - m);
  const b = Math.exp(logits[1] - m);
  const c = Math.exp(logits[2] - m);
  const z = a + b + c;
  return [a / z, b / z, c / z];
}

export function sentimentFromProbs(p: readonly [number, number, number]): SentimentResult {
  let k = 0;
  if (p[1] > p[k]!) k = 1;
  if (p[2] > p[k]!) k = 2;
  const score = Math.max(-1, Math.min(1, p[2] - p[0]));
  return {
    label: LABELS[k]!,
    score: Math.round(score * 1e4) / 1e4,
    confidence: Math.round(p[k]! * 1e4) / 1e4,
  };
}

/**
 * Collapses a three-way prediction to negative/positive for data without a neutral class:
 * a neutral prediction counts as positive when score >= 0 (P(positive) >= P(negative)), else negative.
 */
export function binarySentiment(r: Pick<SentimentResult, 'label' | 'score'>): 'negative' | 'positive' {
  if (r.label !== 'neutral') return r.label;
  return r.score >= 0 ? 'positive' : 'negative';
}
