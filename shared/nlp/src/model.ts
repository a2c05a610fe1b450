import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DENSE_SLOTS } from './features';

/** Output heads, in column order of the weight matrix. */
export const HEADS = ['negative', 'neutral', 'positive', 'complaint', 'question', 'praise'] as const;
export const HEAD_COUNT = HEADS.length;

export interface ModelThresholds {
  complaint: number;
  question: number;
  praise: number;
}

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
  const expected = modelRows(header.hashBits) * HEAD_COUNT;
  if (body.length !== expected) {
    throw new Error(`model file is truncated or corrupt: ${body.length} weight bytes, expected ${expected}`);
  }
  if (header.dense.length !== DENSE_SLOTS * HEAD_COUNT)
    throw new Error('model file has a malformed dense block');
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
