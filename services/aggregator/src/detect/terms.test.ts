import { topTerms } from './terms';

describe('topTerms', () => {
  it('counts terms once per text, drops stopwords, urls, handles, numbers and the brand name', () => {
    const terms = topTerms(
      [
        'Acme Cloud upload is failing again https://x.example/1 @acmehelp',
        'The upload keeps failing, refund please 2024',
        'upload upload failing refund',
        'Der Upload bei Acme Cloud ist kaputt und der Support antwortet nicht',
        'nothing works',
      ],
      { exclude: ['Acme Cloud'] },
    );
    expect(terms[0]).toEqual({ term: 'upload', count: 4 });
    expect(terms).toContainEqual({ term: 'failing', count: 3 });
    expect(terms).toContainEqual({ term: 'refund', count: 2 });
    const words = terms.map((t) => t.term);
    for (const dropped of ['acme', 'cloud', 'the', 'der', 'und', '2024', 'acmehelp', 'https']) {
      expect(words).not.toContain(dropped);
    }
  });
  it('is deterministic and limited', () => {
    const texts = ['alpha beta gamma delta', 'alpha beta gamma delta'];
    expect(topTerms(texts, { limit: 2 })).toEqual([
      { term: 'alpha', count: 2 },
      { term: 'beta', count: 2 },
    ]);
  });
});
