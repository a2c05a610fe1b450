import { feedbackLine, type MentionFeedbackDoc } from './feedback';

const doc: MentionFeedbackDoc = {
  _id: 'a'.repeat(32),
  brand: 'acme',
  text: 'why is my order still not here?',
  lang: 'en',
  source: 'reddit',
  model: { sentiment: 'neutral', intent: 'question', version: 'm1' },
  corrected: { sentiment: 'negative', intent: 'complaint' },
  by: 'pm@example.com',
  at: new Date('2026-12-06T10:00:00Z'),
};

it('writes the corrected labels in each task vocabulary of the training files', () => {
  expect(feedbackLine(doc, 'sentiment')).toEqual({
    id: `feedback-${doc._id}`,
    text: doc.text,
    label: 'negative',
    lang: 'en',
    source: 'crumbtrail-feedback',
    domain: 'acme',
  });
  expect(feedbackLine(doc, 'complaint').label).toBe('complaint');
  expect(feedbackLine(doc, 'question').label).toBe('statement');
  const question = { ...doc, corrected: { sentiment: 'neutral' as const, intent: 'question' as const } };
  expect(feedbackLine(question, 'complaint').label).toBe('not_complaint');
  expect(feedbackLine(question, 'question').label).toBe('question');
});
