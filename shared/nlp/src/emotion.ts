import { EMOTION_LABELS } from './model';

export type EmotionLabel = (typeof EMOTION_LABELS)[number];

export interface EmotionResult {
  /** GoEmotions' Ekman grouping; `none` when no emotion stands out. */
  label: EmotionLabel;
  /** Probability of the chosen label. */
  confidence: number;
}

/** Languages the emotion head was trained for (GoEmotions is English only). */
export const EMOTION_LANGUAGES: ReadonlySet<string> = new Set(['en']);

/**
 * GoEmotions' 27 emotions grouped as Ekman's six (Demszky et al. 2020, `ekman_mapping.json`); `neutral` -> none.
 */
export const EKMAN_GROUP: Readonly<Record<string, EmotionLabel>> = {
  anger: 'anger',
  annoyance: 'anger',
  disapproval: 'anger',
  disgust: 'disgust',
  fear: 'fear',
  nervousness: 'fear',
  joy: 'joy',
  amusement: 'joy',
  approval: 'joy',
  excitement: 'joy',
  gratitude: 'joy',
  love: 'joy',
  optimism: 'joy',
  relief: 'joy',
  pride: 'joy',
  admiration: 'joy',
  desire: 'joy',
  caring: 'joy',
  sadness: 'sadness',
  disappointment: 'sadness',
  embarrassment: 'sadness',
  grief: 'sadness',
  remorse: 'sadness',
  surprise: 'surprise',
  realization: 'surprise',
  confusion: 'surprise',
  curiosity: 'surprise',
  neutral: 'none',
};

/** The distinct Ekman groups of a GoEmotions label list (unknown labels are ignored). */
export function ekmanGroups(labels: readonly string[]): EmotionLabel[] {
  const out: EmotionLabel[] = [];
  for (const l of labels) {
    const g = EKMAN_GROUP[l];
    if (g !== undefined && !out.includes(g)) out.push(g);
  }
  return out;
}

/** Picks the most probable emotion from the emotion heads' logits (softmax over the seven). */
export function emotionFromLogits(logits: ArrayLike<number>, offset: number): EmotionResult {
  let m = -Infinity;
  for (let i = 0; i < EMOTION_LABELS.length; i++) m = Math.max(m, logits[offset + i]!);
  let z = 0;
  let best = 0;
  let bestV = -Infinity;
  for (let i = 0; i < EMOTION_LABELS.length; i++) {
    const v = logits[offset + i]!;
    z += Math.exp(v - m);
    if (v > bestV) {
      bestV = v;
      best = i;
    }
  }
  return {
    label: EMOTION_LABELS[best]!,
    confidence: Math.round((Math.exp(bestV - m) / z) * 1e4) / 1e4,
  };
}
