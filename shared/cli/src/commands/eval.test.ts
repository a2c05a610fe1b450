import { createClassifier, loadModel } from '@crumbtrail/nlp';
import { evaluate, formatEval } from './eval';

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
});
