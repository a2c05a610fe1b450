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
} from './model';
export type { NlpModel, ModelThresholds } from './model';
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
  unescapeText,
  TEST_SOURCES,
  HOLDOUT_PERCENT,
  DEV_PERCENT,
} from './dataset';
export type { LabelledRow, Split } from './dataset';
export { fnv1a } from './hashing';
