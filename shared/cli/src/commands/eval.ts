import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  correctionHolds,
  createClassifier,
  EVAL_TASKS,
  feedbackAspect,
  formatReport,
  formatSuite,
  inputOf,
  isFeedbackLabel,
  loadModel,
  parseLabelledLine,
  runSuite,
  splitOf,
  TaskScorer,
  type Classifier,
  type EvalReport,
  type EvalTask,
  type LabelledRow,
  type SuiteRow,
} from '@crumbtrail/nlp';

export const EVAL_USAGE = `crumbtrail eval --task sentiment|complaint|question|emotion --data FILE.jsonl
                [--json] [--source S] [--lang L] [--holdout] [--detect-lang] [--model FILE]
crumbtrail eval --suite DIR [--json] [--model FILE]
crumbtrail eval --feedback FILE.jsonl [--before FILE] [--json] [--model FILE]
  Reads labelled JSONL ({"id","text","label","lang"?,"source"?,"domain"?}) and prints accuracy, per-class
  precision/recall/F1, macro-recall, macro-F1 and a confusion matrix (or JSON with --json).
  --source / --lang keep only rows with that source / language; --holdout keeps only the held-out split the
  trainer never trained on; --detect-lang ignores the rows' language tags and detects instead. A row's
  "domain" of review or social is passed to the classifier.
  complaint: gold "complaint" vs anything else, predicted by intent.flags.complaint.
  question:  gold "question" vs anything else, predicted by intent.flags.question.
  emotion:   GoEmotions label lists grouped as Ekman's (anger disgust fear joy sadness surprise none); rows
             with one group are scored, rows with several count as right when the prediction is one of them.
  sentiment on data with only negative/positive labels also reports binary accuracy: a neutral prediction
  counts as positive when its score >= 0 (P(positive) >= P(negative)), else negative.
  --suite DIR: the held-out rows of every training file in DIR (../shared/data), one row per file and
  language with its kind (social / review) and per-class recall.
  --feedback FILE: corrections (same line format; label negative|neutral|positive|complaint|not_complaint|
  question|not_question|other): how many the model (--model, default the committed one) agrees with, and
  the model before retraining (--before FILE) for comparison.`;

export type { EvalTask };

export interface EvalOptions {
  task: EvalTask;
  source?: string;
  lang?: string;
  holdout?: boolean;
  detectLang?: boolean;
}

export interface EvalResult {
  task: EvalTask;
  report: EvalReport;
  /** Only for sentiment data whose gold labels are negative/positive only. */
  binary?: EvalReport;
  /** Emotion only: rows with several Ekman groups, and how many predictions are one of them. */
  multiLabel?: { total: number; anyMatch: number };
  /** Bad input lines: `line N: reason`. */
  errors: string[];
}

/** Parses JSONL content; bad lines are collected as `line N: reason`, not fatal. */
export function parseRows(content: string, errors: string[]): { row: LabelledRow; line: number }[] {
  const out: { row: LabelledRow; line: number }[] = [];
  content.split('\n').forEach((line, i) => {
    if (line.trim().length === 0) return;
    try {
      out.push({ row: parseLabelledLine(line), line: i + 1 });
    } catch (err) {
      errors.push(`line ${i + 1}: ${(err as Error).message}`);
    }
  });
  return out;
}

/** Evaluates labelled JSONL content. Pure apart from the classifier; bad lines are collected, not fatal. */
export function evaluate(content: string, opts: EvalOptions, classifier: Classifier): EvalResult {
  const errors: string[] = [];
  const scorer = new TaskScorer(opts.task, classifier, opts.detectLang ?? false);
  for (const { row, line } of parseRows(content, errors)) {
    if (opts.source !== undefined && row.source !== opts.source) continue;
    if (opts.lang !== undefined && row.lang !== opts.lang) continue;
    if (opts.holdout && splitOf(row) !== 'holdout') continue;
    const err = scorer.add(row);
    if (err !== undefined) errors.push(`line ${line}: ${err}`);
  }
  return { ...scorer.result(), errors };
}

export interface FeedbackScore {
  /** Per aspect (sentiment, complaint, question, intent) and in total: corrections the model agrees with. */
  byAspect: Record<string, { total: number; agree: number }>;
  total: number;
  agree: number;
  accuracy: number;
}

/** How many corrections a model agrees with (its accuracy on the corrected mentions). */
export function scoreFeedback(
  rows: readonly LabelledRow[],
  classifier: Pick<Classifier, 'classify'>,
): FeedbackScore {
  const byAspect: FeedbackScore['byAspect'] = {};
  let agree = 0;
  for (const row of rows) {
    if (!isFeedbackLabel(row.label)) continue;
    const a = (byAspect[feedbackAspect(row.label)] ??= { total: 0, agree: 0 });
    a.total++;
    if (correctionHolds(classifier.classify(inputOf(row)), row.label)) {
      a.agree++;
      agree++;
    }
  }
  const total = Object.values(byAspect).reduce((n, a) => n + a.total, 0);
  return { byAspect, total, agree, accuracy: total === 0 ? 0 : agree / total };
}

/** Corrections file rows, with bad lines and unknown labels reported as errors. */
export function parseFeedback(content: string, errors: string[]): LabelledRow[] {
  const rows: LabelledRow[] = [];
  for (const { row, line } of parseRows(content, errors)) {
    if (isFeedbackLabel(row.label)) rows.push(row);
    else errors.push(`line ${line}: unknown correction label ${JSON.stringify(row.label)}`);
  }
  return rows;
}

export function formatFeedback(scores: { name: string; version: string; score: FeedbackScore }[]): string {
  const lines = ['model                       corrections agreed  accuracy  by aspect'];
  for (const { name, version, score } of scores) {
    const aspects = Object.entries(score.byAspect)
      .map(([k, a]) => `${k} ${a.agree}/${a.total}`)
      .join(', ');
    lines.push(
      `${`${name} ${version}`.padEnd(27)} ${String(score.total).padStart(11)} ${String(score.agree).padStart(6)}  ${score.accuracy.toFixed(4).padStart(8)}  ${aspects}`,
    );
  }
  return lines.join('\n');
}

export function formatEval(r: EvalResult): string {
  const out = [`task: ${r.task}`, formatReport(r.report)];
  if (r.binary) {
    out.push('');
    out.push(
      'binary (gold has no neutral; a neutral prediction counts as positive when score >= 0, else negative)',
    );
    out.push(`binary accuracy: ${r.binary.accuracy.toFixed(4)}`);
    out.push(formatReport(r.binary));
  }
  if (r.multiLabel && r.multiLabel.total > 0)
    out.push(
      '',
      `rows with several Ekman groups: ${r.multiLabel.total}, prediction among them: ${(r.multiLabel.anyMatch / r.multiLabel.total).toFixed(4)}`,
    );
  if (r.errors.length > 0) out.push('', `skipped ${r.errors.length} bad line(s)`);
  return out.join('\n');
}

const TASKS = EVAL_TASKS;

function readFile(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    console.error(`crumbtrail eval: cannot read ${file}: ${(err as Error).message}`);
    return undefined;
  }
}

function runSuiteCommand(dir: string, classifier: Classifier, json: boolean): number {
  const errors: string[] = [];
  const rows: SuiteRow[] = runSuite((file) => {
    const full = path.join(dir, file);
    if (!existsSync(full)) return undefined;
    const fileErrors: string[] = [];
    const parsed = parseRows(readFileSync(full, 'utf8'), fileErrors).map((r) => r.row);
    errors.push(...fileErrors.map((e) => `${file}: ${e}`));
    return parsed;
  }, classifier);
  for (const e of errors) console.error(`crumbtrail eval: ${e}`);
  if (json) console.log(JSON.stringify({ modelVersion: classifier.modelVersion, rows }, null, 2));
  else console.log(`model: ${classifier.modelVersion}\ndata: ${dir}\n${formatSuite(rows)}`);
  if (rows.length === 0) {
    console.error(`crumbtrail eval: no known data files in ${dir}`);
    return 1;
  }
  return errors.length > 0 ? 1 : 0;
}

function runFeedbackCommand(
  file: string,
  classifier: Classifier,
  beforeFile: string | undefined,
  json: boolean,
): number {
  const content = readFile(file);
  if (content === undefined) return 2;
  const errors: string[] = [];
  const rows = parseFeedback(content, errors);
  for (const e of errors) console.error(`crumbtrail eval: ${file}: ${e}`);
  const scores = [];
  if (beforeFile !== undefined) {
    const before = createClassifier(loadModel(beforeFile));
    scores.push({ name: 'before', version: before.modelVersion, score: scoreFeedback(rows, before) });
  }
  scores.push({ name: 'model', version: classifier.modelVersion, score: scoreFeedback(rows, classifier) });
  if (json) console.log(JSON.stringify({ feedback: file, scores, errors }, null, 2));
  else console.log(`corrections: ${file}\n${formatFeedback(scores)}`);
  if (rows.length === 0) {
    console.error('crumbtrail eval: no usable corrections');
    return 1;
  }
  return errors.length > 0 ? 1 : 0;
}

export function runEval(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      task: { type: 'string' },
      data: { type: 'string' },
      json: { type: 'boolean' },
      source: { type: 'string' },
      lang: { type: 'string' },
      holdout: { type: 'boolean' },
      'detect-lang': { type: 'boolean' },
      model: { type: 'string' },
      suite: { type: 'string' },
      feedback: { type: 'string' },
      before: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(EVAL_USAGE);
    return 0;
  }
  if (values.suite !== undefined)
    return runSuiteCommand(values.suite, createClassifier(loadModel(values.model)), values.json ?? false);
  if (values.feedback !== undefined)
    return runFeedbackCommand(
      values.feedback,
      createClassifier(loadModel(values.model)),
      values.before,
      values.json ?? false,
    );
  if (!values.task || !TASKS.includes(values.task as EvalTask)) {
    console.error(`crumbtrail eval: --task must be one of ${TASKS.join(', ')}\n\n${EVAL_USAGE}`);
    return 2;
  }
  if (!values.data) {
    console.error(`crumbtrail eval: --data FILE.jsonl is required\n\n${EVAL_USAGE}`);
    return 2;
  }
  const content = readFile(values.data);
  if (content === undefined) return 2;
  const classifier = createClassifier(loadModel(values.model));
  const result = evaluate(
    content,
    {
      task: values.task as EvalTask,
      ...(values.source !== undefined ? { source: values.source } : {}),
      ...(values.lang !== undefined ? { lang: values.lang } : {}),
      holdout: values.holdout ?? false,
      detectLang: values['detect-lang'] ?? false,
    },
    classifier,
  );
  for (const e of result.errors) console.error(`crumbtrail eval: ${values.data}: ${e}`);
  if (values.json) {
    console.log(JSON.stringify({ ...result, modelVersion: classifier.modelVersion }, null, 2));
  } else {
    console.log(`model: ${classifier.modelVersion}\ndata: ${values.data}`);
    console.log(formatEval(result));
  }
  if (result.report.total === 0) {
    console.error('crumbtrail eval: no rows matched (check --source / --lang / --holdout)');
    return 1;
  }
  return result.errors.length > 0 ? 1 : 0;
}
