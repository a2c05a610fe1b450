import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DENSE_SLOTS } from './features';

/** Emotion classes (GoEmotions' Ekman grouping), in head order. */
export const EMOTION_LABELS = ['anger', 'disgust', 'fear', 'joy', 'sadness', 'surprise', 'none'] as const;
/** Column of the first emotion head. */
export const EMOTION_HEAD = 6;

/** Output heads, in column order of the weight matrix. */
export const HEADS = [
  'negative',
  'neutral',
  'positive',
  'complaint',
  'question',
  'praise',
  ...EMOTION_LABELS.map((e) => `emotion:${e}`),
] as const;
export const HEAD_COUNT = HEADS.length;
/** Heads of model files written before the emotion heads (sentiment and intent only). */
export const LEGACY_HEAD_COUNT = EMOTION_HEAD;

export interface ModelThresholds {
  complaint: number;
  question: number;
  praise: number;
  /** Complaint threshold per language, where the trainer had data to tune one (else `complaint`). */
  complaintByLang?: Record<string, number>;
}

/** Domains the sentiment decision is calibrated for. */
export const DOMAINS = ['social', 'review'] as const;
export type Domain = (typeof DOMAINS)[number];

export interface NlpModel {
  /** `<yyyymmdd>-<first 12 hex of sha256 over the weights and tables>`. */
  version: string;
  createdAt: string;
  hashBits: number;
  /** Hashed rows, row-major [feature][head], int8; head k's real weight is `weights[i * HEAD_COUNT + k] * scales[k]`. */
  weights: Int8Array;
  scales: number[];
  /** The DENSE_SLOTS fixed rows (lexicon, emoji, cue slots), row-major [slot][head], full precision. */
  dense: number[];
  thresholds: ModelThresholds;
  /** Word polarity in [-1, 1] per language code. */
  lexicons: Record<string, Record<string, number>>;
  emoji: Record<string, number>;
  /**
   * Per-language (and domain) offsets added to the three sentiment logits before the decision, keyed
   * `<lang>/<domain>` or `<lang>` (any domain); tuned by the trainer on dev rows. Missing: no offset.
   */
  calibration?: Record<string, [number, number, number]>;
  /** Which data sets (and licences) the model was trained on. */
  trainedOn?: { file: string; licence: string; commercial: boolean }[];
  /** Figures measured by the trainer on held-out data (informational). */
  metrics: Record<string, number>;
}

export const MODEL_FILE_NAME = 'crumbtrail-nlp.model.gz';
const MAGIC = 'CTNLP1\n';

/** Number of hashed weight rows (the DENSE_SLOTS fixed rows are stored apart, unquantised). */
export function modelRows(hashBits: number): number {
  return 1 << hashBits;
}

export function serialiseModel(model: NlpModel): Buffer {
  const { weights, ...header } = model;
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length, 0);
  const body = Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength);
  return gzipSync(Buffer.concat([Buffer.from(MAGIC, 'latin1'), len, json, body]), { level: 9 });
}

export function deserialiseModel(data: Buffer): NlpModel {
  const raw = gunzipSync(data);
  if (raw.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) {
    throw new Error(
      'not a crumbtrail NLP model file (bad magic); retrain with `npm run train -w @crumbtrail/nlp`',
    );
  }
  const len = raw.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  const header = JSON.parse(raw.subarray(start, start + len).toString('utf8')) as Omit<NlpModel, 'weights'>;
  const body = raw.subarray(start + len);
  // Models from before the emotion heads have the first 6 heads only (no emotion field is produced).
  const heads = header.scales.length;
  if (heads !== HEAD_COUNT && heads !== LEGACY_HEAD_COUNT)
    throw new Error(`model file has ${heads} heads, expected ${HEAD_COUNT}`);
  const expected = modelRows(header.hashBits) * heads;
  if (body.length !== expected) {
    throw new Error(`model file is truncated or corrupt: ${body.length} weight bytes, expected ${expected}`);
  }
  if (header.dense.length !== DENSE_SLOTS * heads) throw new Error('model file has a malformed dense block');
  const weights = new Int8Array(expected);
  weights.set(new Int8Array(body.buffer, body.byteOffset, body.length));
  return { ...header, weights };
}

/** The model file shipped with this package (works from both src and dist). */
export function defaultModelPath(): string {
  return join(__dirname, '..', 'model', MODEL_FILE_NAME);
}

/** Reads a model file; with no path, the one committed in shared/nlp/model. */
export function loadModel(path?: string): NlpModel {
  const file = path ?? defaultModelPath();
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (err) {
    throw new Error(`cannot read NLP model file ${file}: ${(err as Error).message}`);
  }
  return deserialiseModel(data);
}
