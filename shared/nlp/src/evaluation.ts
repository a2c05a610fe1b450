import type { Classifier, ClassifyInput } from './classifier';
import { splitOf, type LabelledRow } from './dataset';
import { ekmanGroups } from './emotion';
import { ConfusionCounter, type EvalReport } from './metrics';
import { EMOTION_LABELS } from './model';
import { binarySentiment } from './sentiment';

/** What `crumbtrail eval` and the trainer can score. */
export type EvalTask = 'sentiment' | 'complaint' | 'question' | 'emotion';
export const EVAL_TASKS: readonly EvalTask[] = ['sentiment', 'complaint', 'question', 'emotion'];

const SENTIMENT = ['negative', 'neutral', 'positive'];

export interface TaskScore {
  task: EvalTask;
  report: EvalReport;
  /**
   * Sentiment data whose gold has no neutral class only: negative/positive with a neutral prediction taking the
   * score's sign (`report.accuracy` is the strict figure: a neutral prediction counts as wrong).
   */
  binary?: EvalReport;
  /** Emotion only: rows whose gold has several Ekman groups, and the share where the prediction is one of them. */
  multiLabel?: { total: number; anyMatch: number };
}

/** The classifier input for a labelled row: its language tag (unless detecting) and its domain if known. */
export function inputOf(row: LabelledRow, detectLang = false): ClassifyInput {
  return {
    text: row.text,
    ...(row.lang !== undefined && !detectLang ? { lang: row.lang } : {}),
    ...(row.domain === 'review' || row.domain === 'social' ? { domain: row.domain } : {}),
  };
}

/** Accumulates one task's confusion matrix over rows. `add` returns an error message for a row it cannot use. */
export class TaskScorer {
  private readonly cm: ConfusionCounter;
  private readonly binary = new ConfusionCounter(['negative', 'positive']);
  private onlyBinaryGold = true;
  private multiTotal = 0;
  private multiHit = 0;

  constructor(
    readonly task: EvalTask,
    private readonly classifier: Pick<Classifier, 'classify'>,
    private readonly detectLang = false,
  ) {
    this.cm = new ConfusionCounter(
      task === 'sentiment'
        ? SENTIMENT
        : task === 'emotion'
          ? [...EMOTION_LABELS]
          : task === 'complaint'
            ? ['complaint', 'not_complaint']
            : ['question', 'not_question'],
    );
  }

  add(row: LabelledRow): string | undefined {
    if (this.task === 'emotion') {
      if (!Array.isArray(row.label)) return '"label" must be a list of GoEmotions labels for task emotion';
      const gold = ekmanGroups(row.label);
      if (gold.length === 0) return `no known GoEmotions label in ${JSON.stringify(row.label)}`;
      const pred = this.classifier.classify(inputOf(row, this.detectLang)).emotion?.label ?? 'none';
      if (gold.length === 1) this.cm.add(gold[0]!, pred);
      else {
        this.multiTotal++;
        if (gold.includes(pred)) this.multiHit++;
      }
      return undefined;
    }
    if (Array.isArray(row.label)) return `"label" must be a single string for task ${this.task}`;
    if (this.task === 'sentiment' && !SENTIMENT.includes(row.label))
      return `unknown sentiment label "${row.label}" (expected negative, neutral or positive)`;
    const res = this.classifier.classify(inputOf(row, this.detectLang));
    if (this.task === 'sentiment') {
      this.cm.add(row.label, res.sentiment.label);
      if (row.label === 'neutral') this.onlyBinaryGold = false;
      else this.binary.add(row.label, binarySentiment(res.sentiment));
    } else if (this.task === 'complaint') {
      this.cm.add(
        row.label === 'complaint' ? 'complaint' : 'not_complaint',
        res.intent.flags.complaint ? 'complaint' : 'not_complaint',
      );
    } else {
      this.cm.add(
        row.label === 'question' ? 'question' : 'not_question',
        res.intent.flags.question ? 'question' : 'not_question',
      );
    }
    return undefined;
  }

  result(): TaskScore {
    const report = this.cm.report();
    const out: TaskScore = { task: this.task, report };
    if (this.task === 'sentiment' && this.onlyBinaryGold && report.total > 0)
      out.binary = this.binary.report();
    if (this.task === 'emotion') out.multiLabel = { total: this.multiTotal, anyMatch: this.multiHit };
    return out;
  }
}

/** One file of the standard evaluation, and which of its rows are evaluated. */
export interface SuiteEntry {
  file: string;
  task: EvalTask;
  kind: 'social' | 'review';
  /** holdout: the trainer's held-out split; a source name: only that source; all: every row (never trained on). */
  rows: 'holdout' | 'all' | { source: string };
}

/** The held-out evaluation `crumbtrail eval --suite` and the trainer report, one row per file and language. */
export const EVAL_SUITE: readonly SuiteEntry[] = [
  {
    file: 'sentiment-en-semeval2013-2016.jsonl',
    task: 'sentiment',
    kind: 'social',
    rows: { source: 'semeval-2016test' },
  },
  { file: 'sentiment-multi-umsab-val.jsonl', task: 'sentiment', kind: 'social', rows: 'all' },
  { file: 'sentiment-ru-sentirueval-train.jsonl', task: 'sentiment', kind: 'social', rows: 'holdout' },
  { file: 'sentiment-ru-mozetic-train.jsonl', task: 'sentiment', kind: 'social', rows: 'holdout' },
  { file: 'sentiment-pl-mozetic-train.jsonl', task: 'sentiment', kind: 'social', rows: 'holdout' },
  { file: 'sentiment-pl-polemo2-train.jsonl', task: 'sentiment', kind: 'review', rows: 'holdout' },
  { file: 'sentiment-pl-allegro_reviews-train.jsonl', task: 'sentiment', kind: 'review', rows: 'holdout' },
  { file: 'sentiment-tr-bounti-train.jsonl', task: 'sentiment', kind: 'social', rows: 'holdout' },
  {
    file: 'sentiment-tr-cemrifki_tr_twitter-train.jsonl',
    task: 'sentiment',
    kind: 'social',
    rows: 'holdout',
  },
  { file: 'sentiment-ro-sart-train.jsonl', task: 'sentiment', kind: 'social', rows: 'holdout' },
  { file: 'sentiment-ro-laroseda-train.jsonl', task: 'sentiment', kind: 'review', rows: 'holdout' },
  { file: 'intent-complaints-train.jsonl', task: 'complaint', kind: 'social', rows: 'holdout' },
  ...['pl', 'tr', 'ro', 'ru'].map((l): SuiteEntry => ({
    file: `intent-complaints-${l}-translated-train.jsonl`,
    task: 'complaint',
    kind: 'social',
    rows: 'holdout',
  })),
  { file: 'intent-tweet-acts-train.jsonl', task: 'question', kind: 'social', rows: 'holdout' },
  { file: 'emotion-en-goemotions-dev.jsonl', task: 'emotion', kind: 'social', rows: 'all' },
];

export interface SuiteRow {
  file: string;
  task: EvalTask;
  lang: string;
  kind: 'social' | 'review';
  score: TaskScore;
}

export function selected(entry: SuiteEntry, row: LabelledRow): boolean {
  if (entry.rows === 'all') return true;
  if (entry.rows === 'holdout') return splitOf(row) === 'holdout';
  return row.source === entry.rows.source;
}

/**
 * Runs the suite over whatever files `read` returns (undefined: file missing, skipped). One row per file and
 * language (UMSAB val holds eight languages).
 */
export function runSuite(
  read: (file: string) => LabelledRow[] | undefined,
  classifier: Pick<Classifier, 'classify'>,
): SuiteRow[] {
  const out: SuiteRow[] = [];
  for (const entry of EVAL_SUITE) {
    const rows = read(entry.file);
    if (rows === undefined) continue;
    const byLang = new Map<string, TaskScorer>();
    for (const row of rows) {
      if (!selected(entry, row)) continue;
      const lang = row.lang ?? 'und';
      let scorer = byLang.get(lang);
      if (scorer === undefined) byLang.set(lang, (scorer = new TaskScorer(entry.task, classifier)));
      scorer.add(row);
    }
    for (const [lang, scorer] of [...byLang].sort((a, b) => a[0].localeCompare(b[0])))
      out.push({ file: entry.file, task: entry.task, lang, kind: entry.kind, score: scorer.result() });
  }
  return out;
}

const f4 = (x: number): string => x.toFixed(3);

/** The headline figure of a suite row: macro-F1 (3 classes), strict accuracy (binary gold), F1 of the class. */
export function headline(r: SuiteRow): { metric: string; value: number } {
  const rep = r.score.report;
  if (r.task === 'complaint' || r.task === 'question')
    return { metric: `F1(${r.task})`, value: rep.perClass[0]!.f1 };
  if (r.score.binary) return { metric: 'acc(neutral wrong)', value: rep.accuracy };
  return { metric: 'macro-F1', value: rep.macroF1 };
}

/** A plain-text table of suite rows with per-class recall. */
export function formatSuite(rows: readonly SuiteRow[]): string {
  const lines = [
    'task       lang kind    n      headline                   macroR  recall per class                              file',
  ];
  for (const r of rows) {
    const rep = r.score.report;
    const h = headline(r);
    const recalls = rep.perClass
      .filter((c) => c.support > 0)
      .map((c) => `${c.label} ${f4(c.recall)}`)
      .join(', ');
    const extra = r.score.binary ? ` [neutral as sign: ${f4(r.score.binary.accuracy)}]` : '';
    lines.push(
      `${r.task.padEnd(10)} ${r.lang.padEnd(4)} ${r.kind.padEnd(7)} ${String(rep.total).padEnd(6)} ${`${h.metric} ${f4(h.value)}`.padEnd(26)} ${f4(rep.macroRecall)}   ${(recalls + extra).padEnd(45)} ${r.file}`,
    );
  }
  return lines.join('\n');
}
