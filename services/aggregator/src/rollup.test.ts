import { classified } from './test-support/fixtures';
import { toMentionDoc } from './mention-doc';
import { countMentions, fieldKey, incPaths, mergeEvidence, minuteSummaryPaths } from './rollup';

const NOW = new Date('2026-11-01T12:00:30Z');
const AT = { partition: 0, offset: 0 };

describe('rollup counting', () => {
  const docs = [
    toMentionDoc(
      classified({
        brand: 'b',
        id: '1',
        at: new Date('2026-11-01T11:59:10Z'),
        negative: true,
        complaint: true,
      }),
      NOW,
      AT,
    ),
    toMentionDoc(
      classified({ brand: 'b', id: '2', at: new Date('2026-11-01T11:59:50Z'), source: 'reddit', lang: 'de' }),
      NOW,
      AT,
    ),
    toMentionDoc(
      classified({ brand: 'b', id: '3', at: new Date('2026-11-01T11:59:20Z'), lang: 'pt.br' }),
      NOW,
      AT,
    ),
  ];

  it('counts totals, labels, complaint flags, sources, languages and the score sum', () => {
    expect(countMentions(docs)).toEqual({
      total: 3,
      sentiment: { negative: 1, neutral: 0, positive: 2 },
      intent: { complaint: 1, question: 0, praise: 0, other: 2 },
      complaints: 1,
      sources: { mastodon: 2, reddit: 1 },
      langs: { en: 1, de: 1, pt_br: 1 },
      scoreSum: 0.4,
    });
  });

  it('turns counts into $inc paths without zeros, and minutes into hour summaries', () => {
    const one = countMentions(docs.slice(0, 1));
    expect(incPaths(one)).toEqual({
      total: 1,
      complaints: 1,
      scoreSum: -0.8,
      'sentiment.negative': 1,
      'intent.complaint': 1,
      'sources.mastodon': 1,
      'langs.en': 1,
    });
    expect(minuteSummaryPaths(59, one)).toEqual({
      'minutes.59.total': 1,
      'minutes.59.negative': 1,
      'minutes.59.complaints': 1,
    });
  });

  it('keeps the most negative, then most engaged evidence, each id once, whatever the merge order', () => {
    const a = [
      { id: 'x', sc: -0.9, e: 1 },
      { id: 'y', sc: -0.5, e: 9 },
    ];
    const b = [
      { id: 'z', sc: -0.9, e: 5 },
      { id: 'x', sc: -0.9, e: 1 },
      { id: 'w', sc: -0.1, e: 99 },
    ];
    expect(mergeEvidence(a, b, 3).map((c) => c.id)).toEqual(['z', 'x', 'y']);
    expect(mergeEvidence(b, a, 3)).toEqual(mergeEvidence(a, b, 3));
  });

  it('sanitises field names', () => {
    expect(fieldKey('a.b$c d')).toBe('a_b_c_d');
    expect(fieldKey('')).toBe('_');
  });

  it('buckets by publishedAt minute and clamps future timestamps to now', () => {
    expect(docs[0]!.minute.toISOString()).toBe('2026-11-01T11:59:00.000Z');
    const future = toMentionDoc(
      classified({ brand: 'b', id: '9', at: new Date('2026-11-01T15:00:00Z') }),
      NOW,
      AT,
    );
    expect(future.minute.toISOString()).toBe('2026-11-01T12:00:00.000Z');
    expect(future.futureClamped).toBe(true);
  });
});
