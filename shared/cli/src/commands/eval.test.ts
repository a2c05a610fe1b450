import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClassifier, loadModel, type Classifier } from '@crumbtrail/nlp';
import { evaluate, formatEval, formatFeedback, parseFeedback, runEval, scoreFeedback } from './eval';

const classifier = createClassifier(loadModel());

describe('crumbtrail eval', () => {
  it('scores sentiment rows and names bad lines by number without stopping', () => {
    const data = [
      '{"id":"1","text":"I love this so much, amazing!","label":"positive","lang":"en","source":"a"}',
      '{"id":"2","text":"This is awful, worst ever","label":"negative","lang":"en","source":"a"}',
      '{broken',
      '{"id":"4","text":"meh","label":"sideways"}',
      '{"id":"5","text":"The meeting is at 5pm","label":"neutral","lang":"en","source":"b"}',
    ].join('\n');
    const r = evaluate(data, { task: 'sentiment' }, classifier);
    expect(r.report.total).toBe(3);
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0]).toMatch(/^line 3: not valid JSON/);
    expect(r.errors[1]).toMatch(/^line 4: unknown sentiment label "sideways"/);
    expect(r.binary).toBeUndefined();
    expect(formatEval(r)).toContain('confusion matrix');
  });

  it('filters by source and language', () => {
    const data = [
      '{"id":"1","text":"great","label":"positive","lang":"en","source":"a"}',
      '{"id":"2","text":"genial","label":"positive","lang":"es","source":"b"}',
    ].join('\n');
    expect(evaluate(data, { task: 'sentiment', source: 'b' }, classifier).report.total).toBe(1);
    expect(evaluate(data, { task: 'sentiment', lang: 'en' }, classifier).report.total).toBe(1);
  });

  it('adds binary accuracy for data without a neutral class', () => {
    const data = [
      '{"id":"1","text":"Świetny produkt, polecam!","label":"positive","lang":"pl"}',
      '{"id":"2","text":"Fatalna obsługa, nikt nie odpowiada","label":"negative","lang":"pl"}',
    ].join('\n');
    const r = evaluate(data, { task: 'sentiment' }, classifier);
    expect(r.binary).toBeDefined();
    expect(r.binary!.total).toBe(2);
    expect(formatEval(r)).toContain('binary accuracy');
  });

  it('evaluates complaint and question flags as binary tasks', () => {
    const complaints = [
      '{"id":"1","text":"@acme my order never arrived and nobody answers, terrible service","label":"complaint"}',
      '{"id":"2","text":"@acme happy birthday to the whole team","label":"not_complaint"}',
    ].join('\n');
    const c = evaluate(complaints, { task: 'complaint' }, classifier);
    expect(c.report.labels).toEqual(['complaint', 'not_complaint']);
    expect(c.report.total).toBe(2);
    const questions = '{"id":"1","text":"what time do you open tomorrow?","label":"question"}';
    const q = evaluate(questions, { task: 'question' }, classifier);
    expect(q.report.confusion[0]).toEqual([1, 0]);
  });

  it('scores emotion rows (GoEmotions label lists)', () => {
    const data = [
      '{"id":"1","text":"I am scared of the new update","label":["fear","nervousness"],"lang":"en"}',
      '{"id":"2","text":"Thank you so much, this made my day","label":["gratitude","joy"],"lang":"en"}',
      '{"id":"3","text":"whatever","label":["fear","joy"],"lang":"en"}',
    ].join('\n');
    const r = evaluate(data, { task: 'emotion' }, classifier);
    expect(r.report.total).toBe(2);
    expect(r.report.accuracy).toBe(1);
    expect(r.multiLabel!.total).toBe(1);
    expect(formatEval(r)).toContain('several Ekman groups');
  });
});

describe('crumbtrail eval --feedback', () => {
  const corrections = readFileSync(
    path.join(__dirname, '..', '..', '..', 'nlp', 'src', 'test-support', 'corrections.jsonl'),
    'utf8',
  );

  it('counts the corrections a model agrees with, per aspect', () => {
    const errors: string[] = [];
    const rows = parseFeedback(`${corrections}\n{"id":"x","text":"t","label":"praise"}\n`, errors);
    expect(errors).toEqual([expect.stringMatching(/unknown correction label "praise"/)]);
    const score = scoreFeedback(rows, classifier);
    expect(score.total).toBe(rows.length);
    expect(Object.values(score.byAspect).reduce((n, a) => n + a.total, 0)).toBe(rows.length);
    // A classifier that says neutral / no intent to everything agrees exactly with the neutral and "other"
    // corrections and with not_question.
    const flat: Pick<Classifier, 'classify'> = {
      classify: () => ({
        lang: 'en',
        langSource: 'source',
        sentiment: { label: 'neutral', score: 0, confidence: 1 },
        intent: {
          label: 'other',
          confidence: 1,
          flags: { complaint: false, question: false, praise: false },
        },
      }),
    };
    const expected = rows.filter((r) =>
      ['neutral', 'other', 'not_question', 'not_complaint'].includes(r.label as string),
    );
    expect(scoreFeedback(rows, flat).agree).toBe(expected.length);
    expect(formatFeedback([{ name: 'model', version: 'v', score }])).toContain('model v');
  });

  it('runs from the command line with a model before retraining', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ct-eval-'));
    try {
      const file = path.join(dir, 'fb.jsonl');
      writeFileSync(file, corrections);
      const logs: string[] = [];
      const spy = jest.spyOn(console, 'log').mockImplementation((m: string) => logs.push(m));
      const code = runEval([
        '--feedback',
        file,
        '--before',
        path.join(__dirname, '..', '..', '..', 'nlp', 'model', 'crumbtrail-nlp.model.gz'),
      ]);
      spy.mockRestore();
      expect(code).toBe(0);
      expect(logs.join('\n')).toMatch(/before \S+ +24 /);
      expect(logs.join('\n')).toMatch(/model \S+ +24 /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the suite over a data directory, one row per file and language', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ct-suite-'));
    try {
      const rows = Array.from({ length: 300 }, (_, i) =>
        JSON.stringify({
          id: `r${i}`,
          text: i % 2 ? 'Świetny produkt, polecam!' : 'Fatalna obsługa, nie polecam',
          label: i % 2 ? 'positive' : 'negative',
          lang: 'pl',
          domain: 'review',
        }),
      );
      writeFileSync(path.join(dir, 'sentiment-pl-allegro_reviews-train.jsonl'), rows.join('\n'));
      const logs: string[] = [];
      const spy = jest.spyOn(console, 'log').mockImplementation((m: string) => logs.push(m));
      const code = runEval(['--suite', dir]);
      spy.mockRestore();
      expect(code).toBe(0);
      const table = logs.join('\n');
      expect(table).toMatch(/sentiment +pl +review .*acc\(neutral wrong\)/);
      expect(table.split('\n').filter((l) => l.startsWith('sentiment'))).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
