import type { IntentLabel, SentimentLabel } from '@crumbtrail/contracts';

/**
 * A person's correction of a mention's labels (collection `mention_feedback`, `_id` = the mention id; a later
 * correction replaces the earlier one and keeps it in `history`). Written by the dashboard, exported by
 * `crumbtrail feedback export` as labelled data for the next model.
 */
export interface MentionFeedbackDoc {
  _id: string;
  brand: string;
  text: string;
  lang: string;
  source: string;
  model: { sentiment: SentimentLabel; intent: IntentLabel; version: string };
  corrected: { sentiment: SentimentLabel; intent: IntentLabel };
  note?: string;
  by: string;
  at: Date;
  /** Earlier corrections of the same mention, oldest first. */
  history?: { corrected: { sentiment: SentimentLabel; intent: IntentLabel }; by: string; at: Date }[];
}

/** The tasks the trainer learns (see shared/nlp): one labelled file per task. */
export const FEEDBACK_TASKS = ['sentiment', 'complaint', 'question'] as const;
export type FeedbackTask = (typeof FEEDBACK_TASKS)[number];

/** One line of the labelled-data format the trainer reads: `{"id","text","label","lang","source"}`. */
export interface LabelledLine {
  id: string;
  text: string;
  label: string;
  lang: string;
  source: string;
  domain: string;
}

/**
 * A correction as a labelled line of `task`, in the label vocabulary of the task's training files: sentiment
 * negative/neutral/positive, complaint complaint/not_complaint, question question/statement.
 */
export function feedbackLine(doc: MentionFeedbackDoc, task: FeedbackTask): LabelledLine {
  const { sentiment, intent } = doc.corrected;
  const label =
    task === 'sentiment'
      ? sentiment
      : task === 'complaint'
        ? intent === 'complaint'
          ? 'complaint'
          : 'not_complaint'
        : intent === 'question'
          ? 'question'
          : 'statement';
  return {
    id: `feedback-${doc._id}`,
    text: doc.text,
    label,
    lang: doc.lang,
    source: 'crumbtrail-feedback',
    domain: doc.brand,
  };
}
