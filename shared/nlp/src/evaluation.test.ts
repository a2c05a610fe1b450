import type { ClassificationResult, ClassifyInput } from './classifier';
import type { LabelledRow } from './dataset';
import { splitOf } from './dataset';
import { EVAL_SUITE, formatSuite, inputOf, runSuite, TaskScorer } from './evaluation';

/** A fake classifier: sentiment from a keyword, emotion 'joy' for English, flags from keywords. */
const seen: ClassifyInput[] = [];
const fake = {
  classify(input: ClassifyInput): ClassificationResult {
    seen.push(input);
    const t = input.text;
    const label = t.includes('good') ? 'positive' : t.includes('bad') ? 'negative' : 'neutral';
    const score = label === 'positive' ? 0.5 : label === 'negative' ? -0.5 : t.includes('meh+') ? 0.1 : -0.1;
    return {
      lang: input.lang ?? 'und',
      langSource: 'source',
      sentiment: { label, score, confidence: 0.6 },
      intent: {
        label: 'other',
        confidence: 0.5,
        flags: { complaint: t.includes('broken'), question: t.includes('?'), praise: false },
      },
      ...(input.lang === 'en' ? { emotion: { label: 'joy', confidence: 0.7 } } : {}),
    };
  },
};

const row = (
  id: string,
  text: string,
  label: string | string[],
  extra: Partial<LabelledRow> = {},
): LabelledRow => ({
  id,
  text,
  label,
  lang: 'en',
  ...extra,
});

describe('TaskScorer', () => {
  it('scores binary sentiment gold strictly (neutral wrong) and by the score sign', () => {
    const s = new TaskScorer('sentiment', fake);
    s.add(row('1', 'good', 'positive'));
    s.add(row('2', 'meh+', 'positive')); // neutral, score > 0
    s.add(row('3', 'meh', 'negative')); // neutral, score < 0
    s.add(row('4', 'bad', 'negative'));
    const r = s.result();
    expect(r.report.accuracy).toBe(0.5);
    expect(r.binary!.accuracy).toBe(1);
  });

  it('has no binary figure once a neutral gold row is seen, and rejects unknown labels', () => {
    const s = new TaskScorer('sentiment', fake);
    expect(s.add(row('1', 'meh', 'neutral'))).toBeUndefined();
    expect(s.add(row('2', 'x', 'sideways'))).toMatch(/unknown sentiment label/);
    expect(s.result().binary).toBeUndefined();
    expect(s.result().report.total).toBe(1);
  });

  it('scores emotion on single-group rows and counts multi-group rows apart', () => {
    const s = new TaskScorer('emotion', fake);
    s.add(row('1', 'x', ['joy', 'love'])); // one group: joy
    s.add(row('2', 'x', ['anger']));
    s.add(row('3', 'x', ['fear', 'optimism'])); // fear + joy: prediction joy is one of them
    expect(s.add(row('4', 'x', 'joy'))).toMatch(/list/);
    const r = s.result();
    expect(r.report.total).toBe(2);
    expect(r.report.accuracy).toBe(0.5);
    expect(r.multiLabel).toEqual({ total: 1, anyMatch: 1 });
  });

  it('passes the row domain to the classifier when it is review or social', () => {
    expect(inputOf(row('1', 't', 'x', { domain: 'review' }))).toEqual({
      text: 't',
      lang: 'en',
      domain: 'review',
    });
    expect(inputOf(row('1', 't', 'x', { domain: 'apparel' }))).toEqual({ text: 't', lang: 'en' });
    expect(inputOf(row('1', 't', 'x'), true)).toEqual({ text: 't' });
  });
});

describe('runSuite', () => {
  it('evaluates only held-out rows, one row per file and language, and skips missing files', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `id-${i}`);
    const rows = ids.map((id, i) =>
      row(id, i % 2 ? 'good' : 'bad', i % 2 ? 'positive' : 'negative', { lang: i % 3 ? 'ro' : 'pl' }),
    );
    const heldOut = rows.filter((r) => splitOf(r) === 'holdout');
    const out = runSuite((file) => (file === 'sentiment-ro-laroseda-train.jsonl' ? rows : undefined), fake);
    expect(out.map((r) => r.lang)).toEqual(['pl', 'ro']);
    expect(out.every((r) => r.kind === 'review')).toBe(true);
    expect(out[0]!.score.report.total + out[1]!.score.report.total).toBe(heldOut.length);
    expect(out[0]!.score.report.accuracy).toBe(1);
    expect(formatSuite(out)).toContain('acc(neutral wrong) 1.000');
    expect(EVAL_SUITE.some((e) => e.task === 'emotion')).toBe(true);
  });
});
