import { ClassifiedMention, eventId, type RawMention } from '@crumbtrail/contracts';
import { createClassifier, loadModel } from '@crumbtrail/nlp';
import { classifyMention, type ClassifyPolicy } from './classify-mention';

const now = new Date('2026-11-22T12:00:00Z');

function raw(overrides: Partial<RawMention> = {}): RawMention {
  return {
    schemaVersion: 1,
    eventId: eventId('replay', '1'),
    brand: 'acme',
    source: 'replay',
    externalId: '1',
    url: 'https://example.com/1',
    author: { handle: 'alice' },
    text: 'Acme is down again, unacceptable',
    publishedAt: '2026-11-22T11:59:00Z',
    fetchedAt: '2026-11-22T12:00:00Z',
    ...overrides,
  };
}

const seenInputs: unknown[] = [];
const policy: ClassifyPolicy = {
  knownBrands: new Set(['acme']),
  maxFutureSkewMs: 60 * 60_000,
  classifier: {
    modelVersion: 'test-1',
    classify(input) {
      seenInputs.push(input);
      return {
        lang: input.lang ?? 'en',
        langSource: input.lang ? 'source' : 'detected',
        sentiment: { label: 'negative', score: -0.8, confidence: 0.9 },
        intent: {
          label: 'complaint',
          confidence: 0.85,
          flags: { complaint: true, question: false, praise: false },
        },
      };
    },
  },
};

describe('classifyMention', () => {
  it('adds the classification, model version and time to the raw mention', () => {
    const result = classifyMention(raw(), policy, now);
    expect(result).toEqual({
      kind: 'classified',
      event: expect.objectContaining({
        eventId: raw().eventId,
        text: raw().text,
        classification: expect.objectContaining({
          modelVersion: 'test-1',
          classifiedAt: now.toISOString(),
          sentiment: { label: 'negative', score: -0.8, confidence: 0.9 },
        }),
      }),
    });
  });

  it("passes the source's language tag and title to the classifier", () => {
    seenInputs.length = 0;
    classifyMention(raw({ lang: 'de', title: 'Ausfall' }), policy, now);
    expect(seenInputs).toEqual([{ text: raw().text, lang: 'de', title: 'Ausfall' }]);
  });

  it('rejects a brand that is not configured, naming it', () => {
    expect(classifyMention(raw({ brand: 'globex' }), policy, now)).toEqual({
      kind: 'rejected',
      errorKind: 'unknown_brand',
      reason: 'brand "globex" is not configured',
    });
  });

  it('rejects timestamps far in the future but accepts small clock skew', () => {
    expect(classifyMention(raw({ publishedAt: '2026-11-22T12:30:00Z' }), policy, now).kind).toBe(
      'classified',
    );
    const far = classifyMention(raw({ publishedAt: '2027-01-01T00:00:00Z' }), policy, now);
    expect(far).toMatchObject({ kind: 'rejected', errorKind: 'rejected' });
  });

  it('produces events that satisfy mentions.classified.v1 with the committed model, emotion included for English', () => {
    const real: ClassifyPolicy = { ...policy, classifier: createClassifier(loadModel()) };
    const en = classifyMention(
      raw({ lang: 'en', text: 'Thank you so much Acme, this made my day' }),
      real,
      now,
    );
    const pl = classifyMention(raw({ lang: 'pl', text: 'Allegro znowu nie działa, skandal' }), real, now);
    if (en.kind !== 'classified' || pl.kind !== 'classified') throw new Error('expected classified events');
    expect(ClassifiedMention.parse(en.event).classification.emotion?.label).toBe('joy');
    expect(ClassifiedMention.parse(pl.event).classification.emotion).toBeUndefined();
    // Consumers that predate the field still read the rest: the event without emotion is valid too.
    const { emotion: _emotion, ...withoutEmotion } = en.event.classification;
    expect(ClassifiedMention.safeParse({ ...en.event, classification: withoutEmotion }).success).toBe(true);
  });
});
