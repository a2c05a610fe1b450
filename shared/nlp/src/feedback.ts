import type { ClassificationResult } from './classifier';

/**
 * Labels a correction line may carry (the labelled-data line format, `{"id","text","label","lang"?,...}`):
 * a sentiment label, complaint / not_complaint, question / not_question, or `other` (neither a complaint nor a
 * question). See shared/nlp/README.md, "Corrections".
 */
export const FEEDBACK_LABELS = [
  'negative',
  'neutral',
  'positive',
  'complaint',
  'not_complaint',
  'question',
  'not_question',
  'other',
] as const;
export type FeedbackLabel = (typeof FEEDBACK_LABELS)[number];

export function isFeedbackLabel(label: unknown): label is FeedbackLabel {
  return typeof label === 'string' && (FEEDBACK_LABELS as readonly string[]).includes(label);
}

/** Which part of the classification a correction is about. */
export function feedbackAspect(label: FeedbackLabel): 'sentiment' | 'complaint' | 'question' | 'intent' {
  if (label === 'negative' || label === 'neutral' || label === 'positive') return 'sentiment';
  if (label === 'complaint' || label === 'not_complaint') return 'complaint';
  if (label === 'question' || label === 'not_question') return 'question';
  return 'intent';
}

/** Whether a classification agrees with a correction. */
export function correctionHolds(r: ClassificationResult, label: string): boolean {
  switch (label) {
    case 'negative':
    case 'neutral':
    case 'positive':
      return r.sentiment.label === label;
    case 'complaint':
      return r.intent.flags.complaint;
    case 'not_complaint':
      return !r.intent.flags.complaint;
    case 'question':
      return r.intent.flags.question;
    case 'not_question':
      return !r.intent.flags.question;
    case 'other':
      return !r.intent.flags.complaint && !r.intent.flags.question;
    default:
      return false;
  }
}
