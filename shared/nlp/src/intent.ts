import type { FeatureVector } from './features';

type Cues = FeatureVector['cues'];
import type { ModelThresholds } from './model';
import type { SentimentResult } from './sentiment';

export type IntentLabel = 'complaint' | 'question' | 'praise' | 'other';

export interface IntentResult {
  label: IntentLabel;
  confidence: number;
  flags: { complaint: boolean; question: boolean; praise: boolean };
}

export interface IntentProbabilities {
  complaint: number;
  question: number;
  praise: number;
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

/**
 * Decides intent flags and the primary label.
 * - complaint: the complaint head's probability reaches its threshold.
 * - question: the question head reaches its threshold, or half of it when a clause opens with an
 *   interrogative (after openers such as "so", "hey", "pero"; or the sentence opens with '¿') and its sentence
 *   ends in '?' (a cue that holds in every supported language; the head itself learnt from English only).
 * - praise: the praise head reaches its threshold and sentiment is not negative, or sentiment is positive
 *   with a praise cue word ("thanks", "love", "gracias", "dziękuję", ...).
 * Primary label precedence: complaint > question > praise > other, so "why is my order still not here?!"
 * is a complaint with both the complaint and question flags set.
 */
export function decideIntent(
  p: IntentProbabilities,
  sentiment: SentimentResult,
  cues: Cues,
  t: ModelThresholds,
): IntentResult {
  const complaint = p.complaint >= t.complaint;
  const question = p.question >= t.question || (cues.clauseQuestion && p.question >= t.question / 2);
  const praise =
    (p.praise >= t.praise && sentiment.label !== 'negative') ||
    (sentiment.label === 'positive' && cues.praise > 0 && !complaint);
  const flags = { complaint, question, praise };
  if (complaint) return { label: 'complaint', confidence: round(p.complaint), flags };
  if (question) return { label: 'question', confidence: round(Math.max(p.question, 0.5)), flags };
  if (praise)
    return { label: 'praise', confidence: round(Math.max(p.praise, sentiment.confidence * 0.9)), flags };
  return { label: 'other', confidence: round(1 - Math.max(p.complaint, p.question, p.praise)), flags };
}
