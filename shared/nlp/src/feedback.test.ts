import type { ClassificationResult } from './classifier';
import { correctionHolds, feedbackAspect, isFeedbackLabel } from './feedback';

function result(sentiment: 'negative' | 'neutral' | 'positive', complaint: boolean, question: boolean) {
  return {
    lang: 'en',
    langSource: 'source',
    sentiment: { label: sentiment, score: 0, confidence: 0.5 },
    intent: { label: 'other', confidence: 0.5, flags: { complaint, question, praise: false } },
  } as ClassificationResult;
}

describe('corrections', () => {
  it('knows the correction labels and what each is about', () => {
    expect(isFeedbackLabel('neutral')).toBe(true);
    expect(isFeedbackLabel('not_complaint')).toBe(true);
    expect(isFeedbackLabel('praise')).toBe(false);
    expect(isFeedbackLabel(['neutral'])).toBe(false);
    expect(feedbackAspect('positive')).toBe('sentiment');
    expect(feedbackAspect('not_question')).toBe('question');
    expect(feedbackAspect('other')).toBe('intent');
  });

  it('says whether a classification agrees with a correction', () => {
    const r = result('negative', true, false);
    expect(correctionHolds(r, 'negative')).toBe(true);
    expect(correctionHolds(r, 'neutral')).toBe(false);
    expect(correctionHolds(r, 'complaint')).toBe(true);
    expect(correctionHolds(r, 'not_complaint')).toBe(false);
    expect(correctionHolds(r, 'not_question')).toBe(true);
    expect(correctionHolds(r, 'other')).toBe(false);
    expect(correctionHolds(result('neutral', false, false), 'other')).toBe(true);
    expect(correctionHolds(r, 'bogus')).toBe(false);
  });
});
