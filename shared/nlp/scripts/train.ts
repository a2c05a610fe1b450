/**
 * Trains every model in one go and writes the single model file shared/nlp/model/crumbtrail-nlp.model.gz.
 *
 *   npm run train -w @crumbtrail/nlp [-- --data DIR] [--out FILE]      (env CRUMBTRAIL_DATA also sets DIR)
 *
 * Heads (multinomial / binary logistic regression, AdaGrad SGD, pure TS) over hashed word uni/bi-grams,
 * negation-marked words, char 3-5-grams, a language indicator and dense lexicon/emoji/emoticon/cue slots:
 *   sentiment (neg/neu/pos): SemEval 2013-2016 (minus the 2016 test set), TweetEval val, UMSAB train,
 *                            Mozetič pl/ru (binary), class-balanced per data group
 *   complaint:               Preoţiuc-Pietro complaints
 *   question:                Saha tweet acts (question vs the rest)
 *   praise:                  GoEmotions admiration/gratitude vs the rest
 * The intent heads also see the sentiment head's probabilities (stacking).
 * Held-out rows (seeded hash of id, plus the SemEval 2016 test set) are never trained on; the dev share plus
 * 5-fold out-of-fold scores of the training rows tune the intent thresholds (`--cv-only` stops after printing
 * the out-of-fold F1, for model selection). See shared/nlp/README.md.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  binarySentiment,
  ConfusionCounter,
  createClassifier,
  DENSE_SLOTS,
  deserialiseModel,
  extractFeatures,
  fnv1a,
  HEAD_COUNT,
  lexiconsFromModel,
  MODEL_FILE_NAME,
  modelRows,
  parseLabelledLine,
  serialiseModel,
  SLOT,
  splitOf,
  tokenize,
  type LabelledRow,
  type NlpModel,
  type Split,
} from '../src/index';
import { EXTRA_LEXICONS } from './lexicon-extra';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string' },
    epochs: { type: 'string' },
    lr: { type: 'string' },
    l2: { type: 'string' },
    'other-weight': { type: 'string' },
    'dry-run': { type: 'boolean' },
    'no-average': { type: 'boolean' },
    goemotions: { type: 'string' },
    bits: { type: 'string' },
    'cv-only': { type: 'boolean' },
  },
});
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const dataDir = args.data ?? process.env.CRUMBTRAIL_DATA ?? path.resolve(repoRoot, '..', 'shared', 'data');
const outFile = args.out ?? path.join(__dirname, '..', 'model', MODEL_FILE_NAME);
const EPOCHS = Number(args.epochs ?? 6);
const HASH_BITS = Number(args.bits ?? 18);
const ROWS = modelRows(HASH_BITS);
const AVERAGE = !args['no-average'];
/** Weight of GoEmotions rows (mapped to sentiment) in sentiment training; 0 leaves them out. */
const GOEMOTIONS_WEIGHT = Number(args.goemotions ?? 0);
const LR = Number(args.lr ?? 0.08);
const L2 = Number(args.l2 ?? 1e-5);
/** Extra weight on non-English sentiment groups, which are much smaller than the English one. */
const OTHER_WEIGHT = Number(args['other-weight'] ?? 1);

function log(msg: string): void {
  console.log(`[train ${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

function readRows(file: string): LabelledRow[] {
  const full = path.join(dataDir, file);
  if (!existsSync(full)) throw new Error(`missing ${full}: pass --data DIR or set CRUMBTRAIL_DATA`);
  return readFileSync(full, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l, i) => {
      try {
        return parseLabelledLine(l);
      } catch (err) {
        throw new Error(`${file}:${i + 1}: ${(err as Error).message}`);
      }
    });
}

// ---------- lexicons ----------
function buildLexicons(): { lexicons: NlpModel['lexicons']; emoji: NlpModel['emoji'] } {
  const req = (p: string): unknown => JSON.parse(readFileSync(require.resolve(p), 'utf8'));
  const lexicons: Record<string, Record<string, number>> = {};
  const put = (lang: string, word: string, score: number): void => {
    const w = word.toLowerCase();
    if (w.includes(' ') || !Number.isFinite(score) || Math.abs(score) < 0.1) return;
    (lexicons[lang] ??= {})[w] = Math.round(Math.max(-1, Math.min(1, score)) * 100) / 100;
  };
  const pattern = (lang: string, file: string): void => {
    const table = req(`natural/lib/natural/sentiment/${file}`) as Record<string, { polarity: string }>;
    for (const [w, e] of Object.entries(table)) put(lang, w, Number(e.polarity));
  };
  const afinn = (lang: string, file: string): void => {
    const table = req(file) as Record<string, number>;
    for (const [w, s] of Object.entries(table)) put(lang, w, s / 4);
  };
  pattern('en', 'English/pattern-sentiment-en.json');
  afinn('en', 'sentiment/languages/en/labels.json'); // AFINN-165 overrides pattern where both have a word
  pattern('fr', 'French/pattern-sentiment-fr.json');
  pattern('de', 'German/pattern-sentiment-de.json');
  pattern('it', 'Italian/pattern-sentiment-it.json');
  pattern('nl', 'Dutch/pattern-sentiment-nl.json');
  afinn('es', 'natural/lib/natural/sentiment/Spanish/afinnShortSortedSpanish.json');
  afinn('pt', 'natural/lib/natural/sentiment/Portuguese/afinnShortSortedPortuguese.json');
  for (const [lang, table] of Object.entries(EXTRA_LEXICONS))
    for (const [w, s] of Object.entries(table)) put(lang, w, s);
  const emoji: Record<string, number> = {};
  for (const [e, s] of Object.entries(req('sentiment/build/emoji.json') as Record<string, number>)) {
    emoji[e.replace(/\uFE0F/g, '')] = Math.max(-1, Math.min(1, s / 3));
  }
  return { lexicons, emoji };
}

// ---------- examples ----------
interface Example {
  idx: Int32Array;
  val: Float32Array;
  /** idx[0, wordEnd): word-group features; [wordEnd, charEnd): char n-grams; then language + dense. */
  wordEnd: number;
  charEnd: number;
  y: number; // class index (sentiment 0..2) or 0/1
  weight: number;
  group: string;
  /** 'excluded': a duplicate of an evaluated text, used for nothing. */
  split: Split | 'excluded';
  row: LabelledRow;
}

const { lexicons, emoji } = buildLexicons();
const runtimeLex = lexiconsFromModel({ lexicons, emoji } as NlpModel);

function featurise(row: LabelledRow, y: number, group: string): Example {
  const lang = row.lang ?? 'en';
  const f = extractFeatures(tokenize(row.text), lang, runtimeLex, HASH_BITS);
  return {
    idx: Int32Array.from(f.idx),
    val: Float32Array.from(f.val),
    wordEnd: f.wordEnd,
    charEnd: f.charEnd,
    y,
    weight: 1,
    group,
    split: splitOf(row),
    row,
  };
}

function balance(examples: Example[], classes: number): void {
  const byGroup = new Map<string, number[]>();
  for (const e of examples) {
    if (e.split !== 'train') continue;
    const c = byGroup.get(e.group) ?? new Array<number>(classes).fill(0);
    c[e.y]!++;
    byGroup.set(e.group, c);
  }
  for (const e of examples) {
    const c = byGroup.get(e.group);
    if (!c) continue;
    const present = c.filter((n) => n > 0).length;
    const total = c.reduce((a, b) => a + b, 0);
    const groupWeight =
      e.group === 'goemotions'
        ? GOEMOTIONS_WEIGHT
        : e.group === 'en' || e.group.length === 1
          ? 1
          : OTHER_WEIGHT;
    e.weight = (total / (present * Math.max(1, c[e.y]!))) * groupWeight;
  }
}

// deterministic PRNG for shuffling
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(xs: T[], seed: number): T[] {
  const out = xs.slice();
  const rnd = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Full-precision weights for `k` outputs over dense + hashed rows. */
interface Head {
  k: number;
  w: Float32Array; // (DENSE_SLOTS + ROWS) * k
}

function rowOf(ix: number): number {
  return ix; // dense slots are 0..31, hashed rows follow (extractFeatures already offsets them)
}

function logits(head: Head, idx: Int32Array, val: Float32Array, extra?: Float64Array): Float64Array {
  const out = new Float64Array(head.k);
  for (let i = 0; i < idx.length; i++) {
    const b = rowOf(idx[i]!) * head.k;
    const v = val[i]!;
    for (let c = 0; c < head.k; c++) out[c] = out[c]! + head.w[b + c]! * v;
  }
  if (extra) {
    for (let s = 0; s < 3; s++) {
      const b = (SLOT.pNeg + s) * head.k;
      for (let c = 0; c < head.k; c++) out[c] = out[c]! + head.w[b + c]! * extra[s]!;
    }
  }
  return out;
}

/**
 * AdaGrad SGD on softmax (k >= 2 outputs) or logistic (k = 1) loss with L2 on touched weights.
 * `extra(e)` supplies the stacked sentiment probabilities for the intent heads.
 */
function trainHead(
  examples: Example[],
  k: number,
  opts: {
    epochs: number;
    lr: number;
    l2: number;
    seed: number;
    extra?: (e: Example) => Float64Array;
    quiet?: boolean;
  },
): Head {
  const head: Head = { k, w: new Float32Array((DENSE_SLOTS + ROWS) * k) };
  const g2 = new Float32Array(head.w.length).fill(1e-6);
  const train = examples.filter((e) => e.split === 'train');
  const extras = opts.extra ? train.map(opts.extra) : undefined;
  const order = train.map((_, i) => i);
  const avg = new Float64Array(head.w.length);
  let averaged = 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    let loss = 0;
    for (const i of shuffled(order, opts.seed + epoch)) {
      const e = train[i]!;
      const extra = extras?.[i];
      const z = logits(head, e.idx, e.val, extra);
      const grad = new Float64Array(k);
      if (k === 1) {
        const p = 1 / (1 + Math.exp(-z[0]!));
        grad[0] = (p - e.y) * e.weight;
        loss -= e.weight * Math.log(e.y === 1 ? Math.max(p, 1e-9) : Math.max(1 - p, 1e-9));
      } else {
        let m = -Infinity;
        for (let c = 0; c < k; c++) m = Math.max(m, z[c]!);
        let sum = 0;
        for (let c = 0; c < k; c++) sum += Math.exp(z[c]! - m);
        for (let c = 0; c < k; c++) {
          const p = Math.exp(z[c]! - m) / sum;
          grad[c] = (p - (c === e.y ? 1 : 0)) * e.weight;
          if (c === e.y) loss -= e.weight * Math.log(Math.max(p, 1e-9));
        }
      }
      const update = (b: number, v: number): void => {
        for (let c = 0; c < k; c++) {
          const j = b + c;
          const g = grad[c]! * v + opts.l2 * head.w[j]!;
          g2[j]! += g * g;
          head.w[j]! -= (opts.lr * g) / Math.sqrt(g2[j]!);
        }
      };
      for (let f = 0; f < e.idx.length; f++) update(rowOf(e.idx[f]!) * k, e.val[f]!);
      if (extra) for (let s = 0; s < 3; s++) update((SLOT.pNeg + s) * k, extra[s]!);
    }
    if (!opts.quiet) log(`  epoch ${epoch + 1}/${opts.epochs} loss ${(loss / train.length).toFixed(4)}`);
    // Average the weights over the second half of the epochs (smoother, generalises better than the last iterate).
    if (AVERAGE && epoch >= Math.floor(opts.epochs / 2)) {
      for (let j = 0; j < avg.length; j++) avg[j] = avg[j]! + head.w[j]!;
      averaged++;
    }
  }
  if (averaged > 0) for (let j = 0; j < avg.length; j++) head.w[j] = avg[j]! / averaged;
  return head;
}

function softmax(z: Float64Array): Float64Array {
  const m = Math.max(...z);
  const e = z.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

// ---------- load data ----------
const SENT = ['negative', 'neutral', 'positive'];
log(`data: ${dataDir}`);
const sentimentExamples: Example[] = [];
for (const r of readRows('sentiment-en-semeval2013-2016.jsonl'))
  sentimentExamples.push(featurise(r, SENT.indexOf(r.label as string), 'en'));
for (const r of readRows('sentiment-en-tweeteval-val.jsonl'))
  sentimentExamples.push(featurise(r, SENT.indexOf(r.label as string), 'en'));
for (const r of readRows('sentiment-multi-umsab-train.jsonl'))
  sentimentExamples.push(featurise(r, SENT.indexOf(r.label as string), `umsab-${r.lang}`));
for (const f of ['sentiment-pl-mozetic-train.jsonl', 'sentiment-ru-mozetic-train.jsonl']) {
  for (const r of readRows(f))
    sentimentExamples.push(featurise(r, SENT.indexOf(r.label as string), `mozetic-${r.lang}`));
}
const POSITIVE_EMOTIONS = new Set(
  'admiration amusement approval caring desire excitement gratitude joy love optimism pride relief'.split(
    ' ',
  ),
);
const NEGATIVE_EMOTIONS = new Set(
  'anger annoyance disappointment disapproval disgust embarrassment fear grief nervousness remorse sadness'.split(
    ' ',
  ),
);
if (GOEMOTIONS_WEIGHT > 0) {
  for (const r of readRows('emotion-en-goemotions-train.jsonl')) {
    const labels = r.label as string[];
    const pos = labels.some((l) => POSITIVE_EMOTIONS.has(l));
    const neg = labels.some((l) => NEGATIVE_EMOTIONS.has(l));
    const y = pos && !neg ? 2 : neg && !pos ? 0 : labels.length === 1 && labels[0] === 'neutral' ? 1 : -1;
    if (y >= 0) sentimentExamples.push(featurise(r, y, 'goemotions'));
  }
}
if (sentimentExamples.some((e) => e.y < 0)) throw new Error('unknown sentiment label in data');
balance(sentimentExamples, 3);
log(
  `sentiment examples: ${sentimentExamples.length} (train ${sentimentExamples.filter((e) => e.split === 'train').length})`,
);

const complaintExamples = readRows('intent-complaints-train.jsonl').map((r) =>
  featurise(r, r.label === 'complaint' ? 1 : 0, 'c'),
);
const questionExamples = readRows('intent-tweet-acts-train.jsonl').map((r) =>
  featurise(r, r.label === 'question' ? 1 : 0, 'q'),
);
const PRAISE = new Set(['admiration', 'gratitude']);
const praiseExamples = readRows('emotion-en-goemotions-train.jsonl').map((r) =>
  featurise(r, (r.label as string[]).some((l) => PRAISE.has(l)) ? 1 : 0, 'p'),
);
for (const xs of [complaintExamples, questionExamples, praiseExamples]) balance(xs, 2);
log(
  `intent examples: complaint ${complaintExamples.length}, question ${questionExamples.length}, praise ${praiseExamples.length}`,
);

// ---------- de-duplication against every evaluation set ----------
// The same tweet text appears in several files (e.g. TweetEval val and UMSAB en contain SemEval 2016 test
// tweets). Any training or dev row whose normalised text matches an evaluated row (SemEval 2016 test,
// UMSAB val, or a held-out row of any trained file) is dropped, so reported figures are not inflated.
function normaliseForDedup(text: string): string {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+|www\.\S+/g, ' ')
    .replace(/@\w+/g, '@user')
    .replace(/^rt\s+@user:?/, ' ')
    .replace(/[^\p{L}\p{N}@]+/gu, ' ')
    .trim();
}
const protectedTexts = new Set<string>();
const umsabValRows = readRows('sentiment-multi-umsab-val.jsonl');
for (const r of umsabValRows) protectedTexts.add(normaliseForDedup(r.text));
for (const xs of [sentimentExamples, complaintExamples, questionExamples, praiseExamples]) {
  for (const e of xs) if (e.split === 'holdout') protectedTexts.add(normaliseForDedup(e.row.text));
}
for (const xs of [sentimentExamples, complaintExamples, questionExamples, praiseExamples]) {
  let dropped = 0;
  for (const e of xs) {
    if (e.split !== 'holdout' && protectedTexts.has(normaliseForDedup(e.row.text))) {
      e.split = 'excluded';
      dropped++;
    }
  }
  log(
    `dedup: ${dropped} of ${xs.length} rows (${xs[0]?.group ?? ''} ...) dropped: text also in an evaluation set`,
  );
}
for (const xs of [sentimentExamples, complaintExamples, questionExamples, praiseExamples])
  balance(xs, xs === sentimentExamples ? 3 : 2);

// ---------- train ----------
log('training sentiment head');
const sentiment = trainHead(sentimentExamples, 3, { epochs: EPOCHS, lr: LR, l2: L2, seed: 1 });

const sentProbs = (e: Example): Float64Array => softmax(logits(sentiment, e.idx, e.val));
const COMPLAINT_OPTS = {
  epochs: EPOCHS,
  lr: 0.08,
  l2: 1e-5,
  seed: 2,
  extra: sentProbs,
};
const QUESTION_OPTS = {
  epochs: EPOCHS,
  lr: 0.08,
  l2: 1e-5,
  seed: 3,
  extra: sentProbs,
};
log('training complaint head');
const complaint = trainHead(complaintExamples, 1, COMPLAINT_OPTS);
log('training question head');
const question = trainHead(questionExamples, 1, QUESTION_OPTS);

// ---------- thresholds: out-of-fold train rows + dev rows (never the held-out rows) ----------
// The complaint and question dev splits are small (~80 / ~40 positives), so their thresholds are tuned on
// 5-fold out-of-fold probabilities of the training rows (folds by hash of the normalised text) pooled with the dev rows scored
// by the final head. The question rule of intent.ts (half the threshold for an interrogative clause ending
// in '?') is applied while tuning. The pooled best F1 is also the figure used for model selection.
interface Scored {
  p: number;
  y: number;
  /** The question rule's cue (clauseQuestion) holds. */
  cq: boolean;
  e: Example;
}
const CV_FOLDS = 5;
function headProb(head: Head, e: Example): number {
  return 1 / (1 + Math.exp(-logits(head, e.idx, e.val, sentProbs(e))[0]!));
}
function outOfFold(examples: Example[], opts: Parameters<typeof trainHead>[2], rule: boolean): Scored[] {
  // Folds by normalised text, so retweets and copies of one tweet never straddle two folds.
  const foldOf = (e: Example): number => fnv1a(normaliseForDedup(e.row.text), 0x2f0b3c1d) % CV_FOLDS;
  const scored: Scored[] = [];
  for (let f = 0; f < CV_FOLDS; f++) {
    const fold = examples.map((e): Example => ({
      ...e,
      split: e.split !== 'train' ? 'excluded' : foldOf(e) === f ? 'dev' : 'train',
    }));
    const head = trainHead(fold, 1, { ...opts, quiet: true });
    for (const e of fold) {
      if (e.split !== 'dev') continue;
      scored.push({ p: headProb(head, e), y: e.y, cq: rule && hasSlot(e, SLOT.clauseQuestion), e });
    }
  }
  return scored;
}
function hasSlot(e: Example, slot: number): boolean {
  for (let i = e.charEnd; i < e.idx.length; i++) if (e.idx[i] === slot) return true;
  return false;
}
function f1At(scored: Scored[], t: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const s of scored) {
    const pred = s.p >= t || (s.cq && s.p >= t / 2);
    if (pred && s.y) tp++;
    else if (pred) fp++;
    else if (s.y) fn++;
  }
  return (2 * tp) / Math.max(1, 2 * tp + fp + fn);
}
function bestThreshold(name: string, scored: Scored[]): number {
  // F1 averaged over a window of +-0.05 around each candidate: the F1 curve is flat and noisy near its top,
  // so this picks the middle of the plateau rather than a lucky spike.
  const grid: number[] = [];
  for (let t = 0.15; t <= 0.8501; t += 0.025) grid.push(f1At(scored, t));
  let best = 0.5;
  let bestF1 = -1;
  let smoothed = -1;
  for (let i = 2; i < grid.length - 2; i++) {
    const m = (grid[i - 2]! + grid[i - 1]! + grid[i]! + grid[i + 1]! + grid[i + 2]!) / 5;
    if (m > smoothed + 1e-9) {
      smoothed = m;
      best = 0.15 + 0.025 * i;
      bestF1 = grid[i]!;
    }
  }
  log(`  ${name}: threshold ${best.toFixed(3)} (F1 ${bestF1.toFixed(4)} on ${scored.length} rows)`);
  // CV_DUMP=PREFIX writes the scored rows (gold, probability, rule cue, label, text) for error analysis.
  if (process.env.CV_DUMP)
    writeFileSync(
      `${process.env.CV_DUMP}-${name}.tsv`,
      scored
        .map(
          (s) =>
            `${s.y}\t${s.p.toFixed(3)}\t${s.cq ? 1 : 0}\t${s.e.row.label as string}\t${s.e.row.text.replace(/\s+/g, ' ')}`,
        )
        .join('\n'),
    );
  return Math.round(best * 1000) / 1000;
}
function devScored(head: Head, examples: Example[], rule: boolean): Scored[] {
  return examples
    .filter((e) => e.split === 'dev')
    .map((e) => ({ p: headProb(head, e), y: e.y, cq: rule && hasSlot(e, SLOT.clauseQuestion), e }));
}
log('tuning thresholds (out-of-fold train rows + dev rows)');
const complaintScored = outOfFold(complaintExamples, COMPLAINT_OPTS, false);
const questionScored = outOfFold(questionExamples, QUESTION_OPTS, true);
log(
  `  out-of-fold best F1 (model selection): complaint ${bestF1Of(complaintScored).toFixed(4)}, question ${bestF1Of(questionScored).toFixed(4)}`,
);
function bestF1Of(scored: Scored[]): number {
  let b = 0;
  for (let t = 0.2; t <= 0.8001; t += 0.025) b = Math.max(b, f1At(scored, t));
  return b;
}
if (args['cv-only']) process.exit(0);

log('training praise head');
const praise = trainHead(praiseExamples, 1, {
  epochs: Math.max(2, EPOCHS - 2),
  lr: 0.08,
  l2: 1e-5,
  seed: 4,
  extra: sentProbs,
});
const thresholds = {
  complaint: bestThreshold('complaint', [
    ...complaintScored,
    ...devScored(complaint, complaintExamples, false),
  ]),
  question: bestThreshold('question', [...questionScored, ...devScored(question, questionExamples, true)]),
  praise: bestThreshold('praise', devScored(praise, praiseExamples, false)),
};

// ---------- assemble + quantise ----------
const heads: [Head, number][] = [
  [sentiment, 0],
  [sentiment, 1],
  [sentiment, 2],
  [complaint, 0],
  [question, 0],
  [praise, 0],
];
const dense = new Array<number>(DENSE_SLOTS * HEAD_COUNT).fill(0);
const weights = new Int8Array(ROWS * HEAD_COUNT);
const scales: number[] = [];
heads.forEach(([head, c], k) => {
  for (let s = 0; s < DENSE_SLOTS; s++) dense[s * HEAD_COUNT + k] = head.w[s * head.k + c]!;
  const abs: number[] = [];
  for (let r = 0; r < ROWS; r++) {
    const x = Math.abs(head.w[(DENSE_SLOTS + r) * head.k + c]!);
    if (x > 0) abs.push(x);
  }
  abs.sort((a, b) => a - b);
  const clip = abs[Math.floor(abs.length * 0.9995)] ?? 1;
  const scale = clip / 127;
  scales.push(scale);
  for (let r = 0; r < ROWS; r++) {
    const x = head.w[(DENSE_SLOTS + r) * head.k + c]!;
    weights[r * HEAD_COUNT + k] = Math.max(-127, Math.min(127, Math.round(x / scale)));
  }
});

const draft: NlpModel = {
  version: 'draft',
  createdAt: new Date().toISOString(),
  hashBits: HASH_BITS,
  weights,
  scales,
  dense,
  thresholds,
  lexicons,
  emoji,
  metrics: {},
};

// ---------- evaluate the quantised model through the public classifier ----------
const classifier = createClassifier(draft);
const metrics: Record<string, number> = {};
function evalSentiment(name: string, rows: LabelledRow[], binary = false): void {
  const cm = new ConfusionCounter(binary ? ['negative', 'positive'] : SENT);
  for (const r of rows) {
    const res = classifier.classify({ text: r.text, ...(r.lang ? { lang: r.lang } : {}) }).sentiment;
    cm.add(r.label as string, binary ? binarySentiment(res) : res.label);
  }
  const rep = cm.report();
  metrics[`${name}.macroRecall`] = rep.macroRecall;
  metrics[`${name}.macroF1`] = rep.macroF1;
  metrics[`${name}.accuracy`] = rep.accuracy;
  log(
    `  ${name}: n=${rep.total} acc ${rep.accuracy.toFixed(4)} macroR ${rep.macroRecall.toFixed(4)} macroF1 ${rep.macroF1.toFixed(4)}`,
  );
}
function evalFlag(
  name: string,
  examples: Example[],
  flag: 'complaint' | 'question' | 'praise',
  split: Split,
): void {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const e of examples.filter((x) => x.split === split)) {
    const pred = classifier.classify({ text: e.row.text, lang: 'en' }).intent.flags[flag];
    if (pred && e.y) tp++;
    else if (pred) fp++;
    else if (e.y) fn++;
  }
  const f1 = (2 * tp) / Math.max(1, 2 * tp + fp + fn);
  metrics[`${name}.f1`] = f1;
  log(`  ${name}: F1 ${f1.toFixed(4)} (tp ${tp} fp ${fp} fn ${fn})`);
}
log('evaluating the quantised model');
const semeval = sentimentExamples.filter((e) => e.group === 'en').map((e) => e.row);
evalSentiment(
  'en.semeval2016test',
  semeval.filter((r) => r.source === 'semeval-2016test'),
);
evalSentiment(
  'en.dev',
  semeval.filter((r) => splitOf(r) === 'dev'),
);
const umsabVal = umsabValRows;
let otherF1 = 0;
const otherLangs = [...new Set(umsabVal.map((r) => r.lang!))].filter((l) => l !== 'en').sort();
for (const lang of [...otherLangs, 'en']) {
  evalSentiment(
    `umsab-val.${lang}`,
    umsabVal.filter((r) => r.lang === lang),
  );
  if (lang !== 'en') otherF1 += metrics[`umsab-val.${lang}.macroF1`]!;
}
metrics['umsab-val.non-en.meanMacroF1'] = otherF1 / otherLangs.length;
log(`  UMSAB val mean macro-F1 (non-en): ${(otherF1 / otherLangs.length).toFixed(4)}`);
for (const lang of ['pl', 'ru']) {
  evalSentiment(
    `mozetic.${lang}.holdout`,
    sentimentExamples.filter((e) => e.group === `mozetic-${lang}` && e.split === 'holdout').map((e) => e.row),
    true,
  );
}
for (const lang of ['pl', 'ru']) {
  evalSentiment(
    `mozetic.${lang}.dev`,
    sentimentExamples.filter((e) => e.group === `mozetic-${lang}` && e.split === 'dev').map((e) => e.row),
    true,
  );
}
evalFlag('complaint.dev', complaintExamples, 'complaint', 'dev');
evalFlag('question.dev', questionExamples, 'question', 'dev');
evalFlag('complaint.holdout', complaintExamples, 'complaint', 'holdout');
evalFlag('question.holdout', questionExamples, 'question', 'holdout');
evalFlag('praise.holdout', praiseExamples, 'praise', 'holdout');
for (const k of Object.keys(metrics)) metrics[k] = Math.round(metrics[k]! * 1e4) / 1e4;

// ---------- version + write ----------
const hash = createHash('sha256')
  .update(serialiseModel({ ...draft, createdAt: '', metrics: {} }))
  .digest('hex');
const model: NlpModel = {
  ...draft,
  version: `${draft.createdAt.slice(0, 10).replace(/-/g, '')}-${hash.slice(0, 12)}`,
  metrics,
};
const bytes = serialiseModel(model);
deserialiseModel(bytes); // round-trip check
if (args['dry-run']) {
  log('dry run: model not written');
  process.exit(0);
}
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, bytes);
log(`wrote ${outFile} (${(bytes.length / 1024 / 1024).toFixed(2)} MB), version ${model.version}`);
