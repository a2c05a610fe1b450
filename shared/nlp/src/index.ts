export { createClassifier, lexiconsFromModel } from './classifier';
export type { Classifier, ClassificationResult, ClassifyInput } from './classifier';
export {
  loadModel,
  defaultModelPath,
  serialiseModel,
  deserialiseModel,
  modelRows,
  HEADS,
  HEAD_COUNT,
  MODEL_FILE_NAME,
  EMOTION_LABELS,
  EMOTION_HEAD,
  LEGACY_HEAD_COUNT,
  DOMAINS,
} from './model';
export type { NlpModel, ModelThresholds, Domain } from './model';
export { EKMAN_GROUP, EMOTION_LANGUAGES, ekmanGroups, emotionFromLogits } from './emotion';
export type { EmotionLabel, EmotionResult } from './emotion';
export { tokenize, languageText } from './tokenizer';
export type { Token, TokenKind } from './tokenizer';
export { detectLanguage, resolveLanguage, normaliseLangTag, MIN_LETTERS } from './language';
export type { LanguageResult, LangSource } from './language';
export { extractFeatures, SLOT, DENSE_SLOTS } from './features';
export type { FeatureVector, Lexicons } from './features';
export { binarySentiment, sentimentFromProbs, softmax3 } from './sentiment';
export type { SentimentLabel, SentimentResult } from './sentiment';
export { decideIntent } from './intent';
export type { IntentLabel, IntentResult, IntentProbabilities } from './intent';
export { ConfusionCounter, reportFromConfusion, formatReport } from './metrics';
export type { ClassMetrics, EvalReport } from './metrics';
export {
  parseLabelledLine,
  splitOf,
  splitKey,
  unescapeText,
  TEST_SOURCES,
  HOLDOUT_PERCENT,
  DEV_PERCENT,
} from './dataset';
export type { LabelledRow, Split } from './dataset';
export { fnv1a } from './hashing';
export {
  EVAL_SUITE,
  EVAL_TASKS,
  TaskScorer,
  formatSuite,
  headline,
  inputOf,
  runSuite,
  selected,
} from './evaluation';
export type { EvalTask, SuiteEntry, SuiteRow, TaskScore } from './evaluation';
export { FEEDBACK_LABELS, correctionHolds, feedbackAspect, isFeedbackLabel } from './feedback';
export type { FeedbackLabel } from './feedback';
