import { fnv1a } from './hashing';

/** One line of the labelled data format used in ../shared/data: `{"id","text","label","lang","source"}`. */
export interface LabelledRow {
  id: string;
  text: string;
  label: string | string[];
  lang?: string;
  source?: string;
  domain?: string;
}

const ESCAPED_UNICODE_RE = /\\u([0-9a-fA-F]{4})/g;

/** Some SemEval texts carry literal `\u002c`-style escapes; this decodes them. */
export function unescapeText(text: string): string {
  return text.includes('\\u')
    ? text.replace(ESCAPED_UNICODE_RE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : text;
}

/** Parses one JSONL line. Throws an Error saying what is wrong (the caller adds the line number). */
export function parseLabelledLine(line: string): LabelledRow {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch (err) {
    throw new Error(`not valid JSON (${(err as Error).message})`);
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error('expected a JSON object');
  const r = o as Record<string, unknown>;
  const id = typeof r.id === 'number' ? String(r.id) : r.id;
  if (typeof id !== 'string' || id.length === 0) throw new Error('"id" must be a non-empty string');
  if (typeof r.text !== 'string') throw new Error('"text" must be a string');
  const label = r.label;
  const labelOk =
    (typeof label === 'string' && label.length > 0) ||
    (Array.isArray(label) && label.length > 0 && label.every((l) => typeof l === 'string'));
  if (!labelOk) throw new Error('"label" must be a string or a non-empty array of strings');
  const row: LabelledRow = { id, text: unescapeText(r.text), label };
  if (typeof r.lang === 'string') row.lang = r.lang;
  if (typeof r.source === 'string') row.source = r.source;
  if (typeof r.domain === 'string') row.domain = r.domain;
  return row;
}

/** Rows whose source is an official test set are never trained on. */
export const TEST_SOURCES: ReadonlySet<string> = new Set(['semeval-2016test']);

const SPLIT_SEED = 0x6a09e667;
/** Share of every training file (by seeded hash of id) kept out of training for evaluation. */
export const HOLDOUT_PERCENT = 15;
/** Next share, used by the trainer to tune thresholds (also never trained on). */
export const DEV_PERCENT = 10;

export type Split = 'holdout' | 'dev' | 'train';

const TRANSLATED_SOURCE_RE = /-translated-([a-z]{2,3})$/;

/**
 * The key a row is split by: its id, except for machine-translated rows (source `...-translated-<lang>`, id =
 * the original id + `-<lang>`), which take the original id, so a text and all its translations always fall in
 * the same split (a translation of a held-out row is never trained on).
 */
export function splitKey(row: Pick<LabelledRow, 'id' | 'source'>): string {
  const m = row.source === undefined ? null : TRANSLATED_SOURCE_RE.exec(row.source);
  if (m && row.id.endsWith(`-${m[1]!}`)) return row.id.slice(0, row.id.length - m[1]!.length - 1);
  return row.id;
}

/** Deterministic split of a row by seeded hash of its id (and official test sources). */
export function splitOf(row: Pick<LabelledRow, 'id' | 'source'>): Split {
  if (row.source !== undefined && TEST_SOURCES.has(row.source)) return 'holdout';
  const bucket = fnv1a(splitKey(row), SPLIT_SEED) % 100;
  if (bucket < HOLDOUT_PERCENT) return 'holdout';
  if (bucket < HOLDOUT_PERCENT + DEV_PERCENT) return 'dev';
  return 'train';
}
