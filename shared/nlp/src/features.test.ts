import { extractFeatures, SLOT, type Lexicons } from './features';
import { tokenize } from './tokenizer';

const lexicons: Lexicons = {
  words: new Map([
    [
      'en',
      new Map([
        ['good', 0.75],
        ['bad', -0.75],
      ]),
    ],
  ]),
  emoji: new Map([['😍', 1]]),
};
const dense = (text: string, lang = 'en'): Map<number, number> => {
  const f = extractFeatures(tokenize(text), lang, lexicons, 12);
  const out = new Map<number, number>();
  f.idx.forEach((i, k) => {
    if (i < 32) out.set(i, f.val[k]!);
  });
  return out;
};

describe('negation scope', () => {
  it('flips lexicon polarity of words shortly after a negator', () => {
    const plain = dense('this is good');
    const negated = dense('this is not good');
    expect(plain.get(SLOT.lexPos)).toBeGreaterThan(0);
    expect(plain.get(SLOT.lexNeg)).toBeUndefined();
    expect(negated.get(SLOT.lexPos)).toBeUndefined();
    expect(negated.get(SLOT.lexNeg)).toBeGreaterThan(0);
    expect(negated.get(SLOT.negation)).toBe(1);
  });

  it("catches n't contractions", () => {
    expect(dense("it isn't bad").get(SLOT.lexPos)).toBeGreaterThan(0);
  });

  it('ends at punctuation and at "but"', () => {
    expect(dense('not now. good').get(SLOT.lexPos)).toBeGreaterThan(0);
    expect(dense('not cheap but good').get(SLOT.lexPos)).toBeGreaterThan(0);
  });

  it('ends after four words', () => {
    expect(dense('not one two three four good').get(SLOT.lexPos)).toBeGreaterThan(0);
    expect(dense('not one two three good').get(SLOT.lexNeg)).toBeGreaterThan(0);
  });

  it('marks negated words with different hashed features', () => {
    const a = extractFeatures(tokenize('good'), 'en', lexicons, 16).idx;
    const b = extractFeatures(tokenize('not good'), 'en', lexicons, 16).idx;
    expect(a.filter((i) => i >= 32)[0]).not.toBe(b.filter((i) => i >= 32)[1]);
  });
});

describe('dense cues', () => {
  it('scores intensified, elongated and capitalised words higher', () => {
    const base = dense('good').get(SLOT.lexPos)!;
    expect(dense('very good').get(SLOT.lexPos)!).toBeGreaterThan(base);
    expect(dense('gooood').get(SLOT.lexPos)!).toBeGreaterThan(base);
    expect(dense('GOOD').get(SLOT.lexPos)!).toBeGreaterThan(base);
  });

  it('counts emoji and emoticon polarity, question marks and interrogatives', () => {
    const d = dense('why is it broken? 😍 :(');
    expect(d.get(SLOT.emojiPos)).toBeGreaterThan(0);
    expect(d.get(SLOT.emoticonNeg)).toBeGreaterThan(0);
    expect(d.get(SLOT.questionMark)).toBe(1);
    expect(d.get(SLOT.questionWordStart)).toBe(1);
  });

  it('uses the English lexicon as a fallback for other languages', () => {
    expect(dense('muy good', 'es').get(SLOT.lexPos)).toBeGreaterThan(0);
  });
});

describe('question cues', () => {
  const cues = (text: string, lang = 'en') => extractFeatures(tokenize(text), lang, lexicons, 12).cues;

  it('finds an interrogative clause ending in ? across commas, openers, contractions and handles', () => {
    expect(cues("@acme what's your favourite, Twitter?").clauseQuestion).toBe(true);
    expect(cues('so, hey, can anyone help?').clauseQuestion).toBe(true);
    expect(cues('Sorry for asking, but did Ron give a speech?').clauseQuestion).toBe(true);
    expect(cues('¿A qué hora abre la tienda?', 'es').clauseQuestion).toBe(true);
    expect(cues('Czy ktoś wie, kiedy otwierają sklep?', 'pl').clauseQuestion).toBe(true);
  });

  it('does not carry an interrogative over a sentence boundary', () => {
    expect(cues('What a day. Really?').clauseQuestion).toBe(false);
    expect(cues('I love it?').clauseQuestion).toBe(false);
  });

  it('sees a final ? behind trailing URLs, hashtags and emoji, and counts ? runs', () => {
    expect(dense('is it down? https://t.co/x #fail 😡').get(SLOT.questionEnd)).toBe(1);
    expect(dense('is it down? no idea').get(SLOT.questionEnd)).toBeUndefined();
    expect(dense('what? why? how?').get(SLOT.questionCount)).toBe(1);
  });
});

describe('bracket smileys', () => {
  it('reads "))" as positive and "((" as negative, a lone bracket as neither', () => {
    expect(dense('всё отлично))', 'ru').get(SLOT.emoticonPos)).toBeGreaterThan(0);
    expect(dense('опять сломалось((', 'ru').get(SLOT.emoticonNeg)).toBeGreaterThan(0);
    const paren = dense('the store (on Main Street) opens at 9');
    expect(paren.get(SLOT.emoticonPos)).toBeUndefined();
    expect(paren.get(SLOT.emoticonNeg)).toBeUndefined();
  });
});
