import { alertFixture } from '../test-support/alert-fixture';
import { formatPValue, percent, pickSamples, summarySentence } from './alert-view';

describe('summarySentence', () => {
  it('reads the intents from the breakdown when the event has one', () => {
    const questions = alertFixture({
      breakdown: { ...alertFixture().breakdown!, intents: { question: 150, complaint: 20, other: 100 } },
    });
    expect(summarySentence(questions, 'UTC')).toContain('; most are questions, mentioning');
    const mixed = alertFixture({
      breakdown: { ...alertFixture().breakdown!, intents: { question: 60, complaint: 40, other: 170 } },
    });
    expect(summarySentence(mixed, 'UTC')).toContain('; 22% are questions, mentioning');
  });

  it('falls back on the complaint count, and says nothing of terms when there are none', () => {
    const alert = alertFixture({
      breakdown: undefined,
      topTerms: [],
      observed: { mentions: 100, negatives: 60, complaints: 10 },
    });
    expect(summarySentence(alert, 'UTC')).toBe(
      '60% of the 100 mentions in the last 45 minutes are negative, against 9.2% usually.',
    );
  });

  it('quotes at most three terms', () => {
    const alert = alertFixture({
      topTerms: ['down', 'refund', 'sync', 'status'].map((term) => ({ term, count: 3 })),
    });
    expect(summarySentence(alert, 'UTC')).toContain('mentioning “down”, “refund” and “sync”.');
  });
});

describe('pickSamples', () => {
  it('keeps the most engaged copy of a repeated text, ignoring case, punctuation and links', () => {
    const base = alertFixture().samples[0]!;
    const picked = pickSamples([
      { ...base, eventId: 'a'.repeat(32), text: 'Down again!! https://x.example/1', engagement: 3 },
      { ...base, eventId: 'b'.repeat(32), text: 'down AGAIN', engagement: 9 },
      { ...base, eventId: 'c'.repeat(32), text: 'other', engagement: 1 },
    ]);
    expect(picked.map((s) => s.eventId)).toEqual(['b'.repeat(32), 'c'.repeat(32)]);
  });
});

describe('formatPValue', () => {
  it('reads like a sentence for brand managers', () => {
    expect(formatPValue(1e-9)).toBe('p < 0.001');
    expect(formatPValue(0.0042)).toBe('p = 0.004');
    expect(formatPValue(0.031)).toBe('p = 0.03');
  });
});

describe('percent', () => {
  it('keeps one decimal below 10% and none above', () => {
    expect(percent(22, 240)).toBe('9.2%');
    expect(percent(189, 270)).toBe('70%');
    expect(percent(1, 0)).toBe('n/a');
  });
});
