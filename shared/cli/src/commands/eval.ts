import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  binarySentiment,
  ConfusionCounter,
  createClassifier,
  formatReport,
  loadModel,
  parseLabelledLine,
  splitOf,
  type Classifier,
  type EvalReport,
} from '@crumbtrail/nlp';

export const EVAL_USAGE = `crumbtrail eval --task sentiment|complaint|question --data FILE.jsonl
                [--json] [--source S] [--lang L] [--holdout] [--detect-lang] [--model FILE]
  Reads labelled JSONL ({"id","text","label","lang"?,"source"?}) and prints accuracy, per-class precision/recall/F1,
  macro-recall, macro-F1 and a confusion matrix (or JSON with --json).
  --source / --lang keep only rows with that source / language; --holdout keeps only the held-out split the
  trainer never trained on; --detect-lang ignores the rows' language tags and detects instead.
  complaint: gold "complaint" vs anything else, predicted by intent.flags.complaint.
  question:  gold "question" vs anything else, predicted by intent.flags.question.
  sentiment on data with only negative/positive labels (pl/ru) also reports binary accuracy: a neutral
  prediction counts as positive when its score >= 0 (P(positive) >= P(negative)), else negative.`;

export type EvalTask = 'sentiment' | 'complaint' | 'question';

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
  /** Bad input lines: `line N: reason`. */
  errors: string[];
}

/** Evaluates labelled JSONL content. Pure apart from the classifier; bad lines are collected, not fatal. */
export function evaluate(content: string, opts: EvalOptions, classifier: Classifier): EvalResult {
  const errors: string[] = [];
  const lines = content.split('\n');
  const sentimentLabels = ['negative', 'neutral', 'positive'];
  const labels =
    opts.task === 'sentiment'
      ? sentimentLabels
      : opts.task === 'complaint'
        ? ['complaint', 'not_complaint']
        : ['question', 'not_question'];
  const cm = new ConfusionCounter(labels);
  const binary = new ConfusionCounter(['negative', 'positive']);
  let onlyBinaryGold = true;
  lines.forEach((line, i) => {
    if (line.trim().length === 0) return;
    let row;
    try {
      row = parseLabelledLine(line);
    } catch (err) {
      errors.push(`line ${i + 1}: ${(err as Error).message}`);
      return;
    }
    if (opts.source !== undefined && row.source !== opts.source) return;
    if (opts.lang !== undefined && row.lang !== opts.lang) return;
    if (opts.holdout && splitOf(row) !== 'holdout') return;
    if (Array.isArray(row.label)) {
      errors.push(`line ${i + 1}: "label" must be a single string for task ${opts.task}`);
      return;
    }
    if (opts.task === 'sentiment' && !sentimentLabels.includes(row.label)) {
      errors.push(
        `line ${i + 1}: unknown sentiment label "${row.label}" (expected negative, neutral or positive)`,
      );
      return;
    }
    const res = classifier.classify({
      text: row.text,
      ...(row.lang !== undefined && !opts.detectLang ? { lang: row.lang } : {}),
    });
    if (opts.task === 'sentiment') {
      cm.add(row.label, res.sentiment.label);
      if (row.label === 'neutral') onlyBinaryGold = false;
      else binary.add(row.label, binarySentiment(res.sentiment));
    } else if (opts.task === 'complaint') {
      cm.add(
        row.label === 'complaint' ? 'complaint' : 'not_complaint',
        res.intent.flags.complaint ? 'complaint' : 'not_complaint',
      );
    } else {
      cm.add(
        row.label === 'question' ? 'question' : 'not_question',
        res.intent.flags.question ? 'question' : 'not_question',
      );
    }
  });
  const report = cm.report();
  const result: EvalResult = { task: opts.task, report, errors };
  if (opts.task === 'sentiment' && onlyBinaryGold && report.total > 0) result.binary = binary.report();
  return result;
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
  if (r.errors.length > 0) out.push('', `skipped ${r.errors.length} bad line(s)`);
  return out.join('\n');
}

const TASKS: readonly EvalTask[] = ['sentiment', 'complaint', 'question'];

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
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(EVAL_USAGE);
    return 0;
  }
  if (!values.task || !TASKS.includes(values.task as EvalTask)) {
    console.error(`crumbtrail eval: --task must be one of ${TASKS.join(', ')}\n\n${EVAL_USAGE}`);
    return 2;
  }
  if (!values.data) {
    console.error(`crumbtrail eval: --data FILE.jsonl is required\n\n${EVAL_USAGE}`);
    return 2;
  }
  let content: string;
  try {
    content = readFileSync(values.data, 'utf8');
  } catch (err) {
    console.error(`crumbtrail eval: cannot read ${values.data}: ${(err as Error).message}`);
    return 2;
  }
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
