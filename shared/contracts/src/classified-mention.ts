import { z } from 'zod';
import { IsoDateTime, LanguageCode } from './common';
import { INTENT_LABELS, SENTIMENT_LABELS } from './labels';
import { RawMention } from './raw-mention';

export { INTENT_LABELS, SENTIMENT_LABELS };
export const SentimentLabel = z.enum(SENTIMENT_LABELS);
export type SentimentLabel = z.infer<typeof SentimentLabel>;

export const IntentLabel = z.enum(INTENT_LABELS);
export type IntentLabel = z.infer<typeof IntentLabel>;

const Probability = z.number().min(0).max(1);

/** GoEmotions' Ekman grouping; `none` when no emotion stands out. */
export const EMOTION_LABELS = ['anger', 'disgust', 'fear', 'joy', 'sadness', 'surprise', 'none'] as const;
export const EmotionLabel = z.enum(EMOTION_LABELS);
export type EmotionLabel = z.infer<typeof EmotionLabel>;

export const Classification = z.object({
  lang: LanguageCode.describe('Language used for classification; "und" when too short to tell'),
  langSource: z.enum(['source', 'detected']).describe('Whether lang came from the source tag or detection'),
  sentiment: z.object({
    label: SentimentLabel,
    score: z.number().min(-1).max(1).describe('-1 most negative .. +1 most positive'),
    confidence: Probability,
  }),
  intent: z.object({
    label: IntentLabel.describe('Primary intent; complaint wins over question when both hold'),
    confidence: Probability,
    flags: z
      .object({ complaint: z.boolean(), question: z.boolean(), praise: z.boolean() })
      .describe('Every intent that holds; a mention can be a complaint and a question at once'),
  }),
  emotion: z
    .object({ label: EmotionLabel, confidence: Probability })
    .optional()
    .describe(
      'Emotion (Ekman grouping of GoEmotions); only for languages the model has emotion data for (en)',
    ),
  modelVersion: z.string().min(1).describe('Version of the model file that produced this'),
  classifiedAt: IsoDateTime,
});
export type Classification = z.infer<typeof Classification>;

export const ClassifiedMention = RawMention.extend({
  classification: Classification,
}).describe('mentions.classified.v1: a raw mention plus its classification');

export type ClassifiedMention = z.infer<typeof ClassifiedMention>;
