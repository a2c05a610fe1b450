import { classified } from './test-support/fixtures';
import { toMentionDoc } from './mention-doc';
import { countMembers, fieldKey, mergeMinutes, sumCounts, toMember } from './rollup';

const NOW = new Date('2026-11-01T12:00:30Z');

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
    ),
    toMentionDoc(
      classified({ brand: 'b', id: '2', at: new Date('2026-11-01T11:59:50Z'), source: 'reddit', lang: 'de' }),
      NOW,
    ),
    toMentionDoc(
      classified({ brand: 'b', id: '3', at: new Date('2026-11-01T11:59:20Z'), lang: 'pt.br' }),
      NOW,
    ),
  ];

  it('counts totals, labels, complaint flags, sources, languages and the score sum', () => {
    const c = countMembers(docs.map(toMember));
    expect(c).toEqual({
      total: 3,
      sentiment: { negative: 1, neutral: 0, positive: 2 },
      intent: { complaint: 1, question: 0, praise: 0, other: 2 },
      complaints: 1,
      sources: { mastodon: 2, reddit: 1 },
      langs: { en: 1, de: 1, pt_br: 1 },
      scoreSum: 0.4,
    });
  });

  it('sums minutes into hours, and a merge never lowers a minute', () => {
    const one = countMembers([toMember(docs[0]!)]);
    const three = countMembers(docs.map(toMember));
    expect(sumCounts([one, three]).total).toBe(4);
    expect(mergeMinutes({ '5': three }, { '5': one, '6': one })).toEqual({ '5': three, '6': one });
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
    );
    expect(future.minute.toISOString()).toBe('2026-11-01T12:00:00.000Z');
    expect(future.futureClamped).toBe(true);
  });
});
