import { breakdownOf, toSamples } from './alert-event';

describe('breakdownOf', () => {
  it('sums sources, languages and intents of the whole hours overlapping the window', () => {
    const hour = (iso: string, n: number) => ({
      bucket: new Date(iso),
      sources: { reddit: n, mastodon: 2 * n },
      langs: { en: 3 * n },
      intent: { complaint: n, other: 2 * n, question: 0 },
    });
    const breakdown = breakdownOf(
      [hour('2026-11-22T09:00:00Z', 100), hour('2026-11-22T10:00:00Z', 1), hour('2026-11-22T11:00:00Z', 2)],
      new Date('2026-11-22T10:15:00Z'),
      new Date('2026-11-22T11:30:00Z'),
    );
    expect(breakdown).toEqual({
      from: '2026-11-22T10:00:00.000Z',
      to: '2026-11-22T12:00:00.000Z',
      sources: { reddit: 3, mastodon: 6 },
      languages: { en: 9 },
      intents: { complaint: 3, other: 6 },
    });
  });
});

describe('toSamples', () => {
  it('keeps one mention per text, the most negative and most engaged, and fills up with the next ones', () => {
    const m = (id: string, text: string, score: number, engagement: number) => ({
      _id: id.repeat(32).slice(0, 32),
      source: 'replay' as const,
      url: `https://social.example/${id}`,
      author: id,
      text,
      score,
      engagement,
      publishedAt: new Date('2026-11-22T10:00:00Z'),
    });
    const samples = toSamples(
      [
        m('a', 'Down again!', -0.9, 1),
        m('b', 'down AGAIN https://x.example', -0.9, 7),
        m('c', 'Refund please', -0.8, 0),
        m('d', 'Slow today', -0.5, 0),
      ],
      3,
    );
    expect(samples.map((s) => s.author)).toEqual(['b', 'c', 'd']);
    expect(samples[0]).toMatchObject({ engagement: 7 });
  });
});
