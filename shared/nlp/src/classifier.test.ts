import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClassifier, lexiconsFromModel } from './classifier';
import { extractFeatures, SLOT } from './features';
import { resolveLanguage } from './language';
import { HEAD_COUNT, LEGACY_HEAD_COUNT, loadModel } from './model';
import { softmax3 } from './sentiment';
import { tokenize } from './tokenizer';

// The committed model file (shared/nlp/model); tests never read ../shared/data.
const model = loadModel();
const classifier = createClassifier(model);

interface RegressionRow {
  text: string;
  lang: string;
  sentiment: string;
  intent?: string;
  question?: boolean;
}
const regression = readFileSync(join(__dirname, 'test-support', 'regression.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as RegressionRow);

describe('classifier on the committed model', () => {
  it('has a version of the form date-hash', () => {
    expect(classifier.modelVersion).toMatch(/^\d{8}-[0-9a-f]{12}$/);
  });

  it.each([
    ['I absolutely love this, best purchase ever! 😍', 'positive'],
    ['This is terrible, worst service ever 😡', 'negative'],
    ['Me encanta, es genial', 'positive'],
    ['Es horrible, odio este servicio', 'negative'],
    ['Adorei, muito bom!', 'positive'],
    ['Das ist furchtbar schlecht', 'negative'],
    ["C'est vraiment génial, merci !", 'positive'],
    ['Это ужасно, ничего не работает', 'negative'],
    ['Świetny produkt, polecam!', 'positive'],
  ])('labels %s as %s', (text, label) => {
    expect(classifier.classify({ text }).sentiment.label).toBe(label);
  });

  it('handles negation of positive words', () => {
    const plain = classifier.classify({ text: 'the service was good', lang: 'en' }).sentiment.score;
    const negated = classifier.classify({ text: 'the service was not good', lang: 'en' }).sentiment.score;
    expect(negated).toBeLessThan(plain);
    expect(negated).toBeLessThan(0);
  });

  it('resolves "why is my order still not here?!" to complaint with the question flag too', () => {
    const r = classifier.classify({ text: 'why is my order still not here?!' });
    expect(r.intent.label).toBe('complaint');
    expect(r.intent.flags).toEqual({ complaint: true, question: true, praise: false });
    expect(r.sentiment.label).toBe('negative');
  });

  it('returns scores and confidences in range and reports where the language came from', () => {
    const r = classifier.classify({ text: 'Great job team', lang: 'en-GB' });
    expect(r.lang).toBe('en');
    expect(r.langSource).toBe('source');
    expect(r.sentiment.score).toBeGreaterThanOrEqual(-1);
    expect(r.sentiment.score).toBeLessThanOrEqual(1);
    expect(r.sentiment.confidence).toBeGreaterThan(0);
    expect(r.intent.confidence).toBeLessThanOrEqual(1);
    expect(classifier.classify({ text: '👍' }).lang).toBe('und');
  });

  it('uses the title together with the text', () => {
    const r = classifier.classify({ title: 'Terrible experience, never again', text: 'see below' });
    expect(r.sentiment.label).toBe('negative');
  });

  it('computes the same logits as the plain sparse dot product used in training', () => {
    const lex = lexiconsFromModel(model);
    const rows = [
      ...regression,
      { text: 'I m a b c fan, x y z !!!', lang: 'en' },
      { text: 'Es ist NICHT gut, aber okay :)', lang: 'de' },
      { text: 'soooo goooood #Love @acme', lang: undefined },
    ];
    // Twice: the second pass reads the classifier's per-word cache.
    for (const row of [...rows, ...rows]) {
      const tokens = tokenize(row.text);
      const { lang } = resolveLanguage(tokens, row.lang);
      const f = extractFeatures(tokens, lang, lex, model.hashBits);
      const z = [0, 1, 2].map((k) => {
        let s = 0;
        f.idx.forEach((ix, i) => {
          s +=
            ix < 32
              ? model.dense[ix * HEAD_COUNT + k]! * f.val[i]!
              : model.weights[(ix - 32) * HEAD_COUNT + k]! * model.scales[k]! * f.val[i]!;
        });
        return s;
      }) as [number, number, number];
      // The decision adds the language's calibration offsets (social domain) to the logits.
      const o = model.calibration?.[`${lang}/social`] ?? model.calibration?.[lang] ?? [0, 0, 0];
      const p = softmax3([z[0] + o[0], z[1] + o[1], z[2] + o[2]]);
      const got = classifier.classify(row.lang ? { text: row.text, lang: row.lang } : { text: row.text });
      expect(got.sentiment.score).toBeCloseTo(p[2] - p[0], 3);
      expect(SLOT.pNeg).toBeGreaterThan(0);
    }
  });

  // Floors well below observed performance: these catch a broken or mismatched model file.
  it('passes the multilingual regression set above its floor', () => {
    let sentimentOk = 0;
    let intentOk = 0;
    let intentTotal = 0;
    let langOk = 0;
    const misses: string[] = [];
    for (const row of regression) {
      const tagged = classifier.classify({ text: row.text, lang: row.lang });
      if (tagged.sentiment.label === row.sentiment) sentimentOk++;
      else misses.push(`sentiment ${tagged.sentiment.label} != ${row.sentiment}: ${row.text}`);
      if (row.intent !== undefined) {
        intentTotal++;
        if (tagged.intent.label === row.intent) intentOk++;
        else misses.push(`intent ${tagged.intent.label} != ${row.intent}: ${row.text}`);
      }
      if (row.question !== undefined) expect(tagged.intent.flags.question).toBe(row.question);
      if (classifier.classify({ text: row.text }).lang === row.lang) langOk++;
    }
    if (misses.length > 0) console.log(`regression misses:\n${misses.join('\n')}`);
    expect(sentimentOk / regression.length).toBeGreaterThanOrEqual(0.75);
    expect(intentOk / intentTotal).toBeGreaterThanOrEqual(0.6);
    expect(langOk / regression.length).toBeGreaterThanOrEqual(0.85);
  });

  it('gives an emotion for English only, and none from a model file without emotion heads', () => {
    const en = classifier.classify({ text: 'I am scared of the new update', lang: 'en' });
    expect(en.emotion?.label).toBe('fear');
    expect(
      classifier.classify({ text: 'Thank you so much, this made my day', lang: 'en' }).emotion?.label,
    ).toBe('joy');
    expect(en.emotion!.confidence).toBeGreaterThan(0);
    expect(en.emotion!.confidence).toBeLessThanOrEqual(1);
    expect(classifier.classify({ text: 'Jestem bardzo zły', lang: 'pl' }).emotion).toBeUndefined();
    // A model written before the emotion heads: the first six heads only.
    const legacy = createClassifier({
      ...model,
      weights: model.weights.filter((_, i) => i % HEAD_COUNT < LEGACY_HEAD_COUNT),
      scales: model.scales.slice(0, LEGACY_HEAD_COUNT),
      dense: model.dense.filter((_, i) => i % HEAD_COUNT < LEGACY_HEAD_COUNT),
    });
    const old = legacy.classify({ text: 'I am scared of the new update', lang: 'en' });
    expect(old.emotion).toBeUndefined();
    expect(old.sentiment).toEqual(en.sentiment);
    expect(old.intent).toEqual(en.intent);
  });

  it("applies the calibration of the text's language and domain", () => {
    const text = 'Allegro ma nową aplikację';
    const calibrated = createClassifier({
      ...model,
      calibration: { 'pl/review': [0, 20, 0], pl: [0, -20, 0] },
    });
    expect(calibrated.classify({ text, lang: 'pl', domain: 'review' }).sentiment.label).toBe('neutral');
    expect(calibrated.classify({ text, lang: 'pl' }).sentiment.label).not.toBe('neutral');
    // Other languages are untouched.
    const en = { text: 'the store opens at 9', lang: 'en' };
    expect(calibrated.classify(en)).toEqual(classifier.classify(en));
  });

  it('reads the review domain as a feature', () => {
    const text = 'Produkt w porządku, dostawa trwała tydzień.';
    const social = classifier.classify({ text, lang: 'pl' });
    const review = classifier.classify({ text, lang: 'pl', domain: 'review' });
    expect(review.sentiment.score).not.toBe(social.sentiment.score);
    expect(classifier.classify({ text, lang: 'pl', domain: 'social' })).toEqual(social);
  });
});
