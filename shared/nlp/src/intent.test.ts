import { decideIntent } from './intent';
import type { SentimentResult } from './sentiment';

const thresholds = { complaint: 0.5, question: 0.5, praise: 0.5 };
const neg: SentimentResult = { label: 'negative', score: -0.8, confidence: 0.85 };
const pos: SentimentResult = { label: 'positive', score: 0.8, confidence: 0.85 };
const noCues = {
  questionMark: false,
  questionWord: false,
  clauseQuestion: false,
  praise: 0,
  complaint: 0,
  lexicon: 0,
};

describe('decideIntent', () => {
  it('makes complaint the primary label when complaint and question both hold, keeping both flags', () => {
    const r = decideIntent({ complaint: 0.9, question: 0.8, praise: 0.01 }, neg, noCues, thresholds);
    expect(r.label).toBe('complaint');
    expect(r.confidence).toBeCloseTo(0.9, 4);
    expect(r.flags).toEqual({ complaint: true, question: true, praise: false });
  });

  it('halves the question threshold for a clause that opens with an interrogative and ends in ?', () => {
    const cues = { ...noCues, questionMark: true, questionWord: true, clauseQuestion: true };
    const r = decideIntent({ complaint: 0.1, question: 0.3, praise: 0.1 }, neg, cues, thresholds);
    expect(r.label).toBe('question');
    expect(r.flags.question).toBe(true);
    expect(
      decideIntent({ complaint: 0.1, question: 0.3, praise: 0.1 }, neg, noCues, thresholds).flags.question,
    ).toBe(false);
  });

  it('needs non-negative sentiment for praise from the model, or positive sentiment with a praise cue', () => {
    expect(
      decideIntent({ complaint: 0.1, question: 0.1, praise: 0.9 }, neg, noCues, thresholds).flags.praise,
    ).toBe(false);
    expect(decideIntent({ complaint: 0.1, question: 0.1, praise: 0.9 }, pos, noCues, thresholds).label).toBe(
      'praise',
    );
    const cue = decideIntent(
      { complaint: 0.1, question: 0.1, praise: 0.2 },
      pos,
      { ...noCues, praise: 1 },
      thresholds,
    );
    expect(cue.label).toBe('praise');
  });

  it('falls back to other with the complement of the strongest intent as confidence', () => {
    const r = decideIntent({ complaint: 0.2, question: 0.3, praise: 0.1 }, pos, noCues, thresholds);
    expect(r.label).toBe('other');
    expect(r.confidence).toBeCloseTo(0.7, 4);
  });
});
