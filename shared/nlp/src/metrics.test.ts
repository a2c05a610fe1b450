import { ConfusionCounter, formatReport } from './metrics';

describe('metrics', () => {
  // gold/predicted pairs, counted by hand:
  //            pred neg  neu  pos
  // gold neg        3    1    0     (4)
  // gold neu        1    2    1     (4)
  // gold pos        0    1    2     (3)
  const pairs: [string, string][] = [
    ...Array<[string, string]>(3).fill(['negative', 'negative']),
    ['negative', 'neutral'],
    ['neutral', 'negative'],
    ...Array<[string, string]>(2).fill(['neutral', 'neutral']),
    ['neutral', 'positive'],
    ['positive', 'neutral'],
    ...Array<[string, string]>(2).fill(['positive', 'positive']),
  ];
  const cm = new ConfusionCounter(['negative', 'neutral', 'positive']);
  for (const [g, p] of pairs) cm.add(g, p);
  const r = cm.report();

  it('builds the confusion matrix (rows gold, columns predicted)', () => {
    expect(r.confusion).toEqual([
      [3, 1, 0],
      [1, 2, 1],
      [0, 1, 2],
    ]);
    expect(r.total).toBe(11);
  });

  it('computes accuracy, per-class precision/recall/F1 and macro averages', () => {
    expect(r.accuracy).toBeCloseTo(7 / 11, 10);
    const [neg, neu, pos] = r.perClass;
    expect(neg).toMatchObject({ precision: 3 / 4, recall: 3 / 4, support: 4 });
    expect(neu!.precision).toBeCloseTo(2 / 4, 10);
    expect(neu!.recall).toBeCloseTo(2 / 4, 10);
    expect(pos!.precision).toBeCloseTo(2 / 3, 10);
    expect(pos!.recall).toBeCloseTo(2 / 3, 10);
    expect(pos!.f1).toBeCloseTo(2 / 3, 10);
    expect(r.macroRecall).toBeCloseTo((3 / 4 + 1 / 2 + 2 / 3) / 3, 10);
    expect(r.macroF1).toBeCloseTo((3 / 4 + 1 / 2 + 2 / 3) / 3, 10);
  });

  it('leaves classes absent from the gold data out of the macro averages, and never divides by zero', () => {
    const c = new ConfusionCounter(['negative', 'neutral', 'positive']);
    c.add('negative', 'neutral');
    c.add('positive', 'positive');
    const rep = c.report();
    expect(rep.macroRecall).toBeCloseTo(0.5, 10);
    expect(rep.perClass[1]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('renders a text report', () => {
    const text = formatReport(r);
    expect(text).toContain('accuracy: 0.6364');
    expect(text).toContain('confusion matrix');
  });
});
