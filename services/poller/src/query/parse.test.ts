import { QueryError } from './ast';
import { MAX_QUERY_CLAUSES, parseQuery } from './parse';

const clauses = (q: string): string[] =>
  parseQuery(q).clauses.map(
    (c) =>
      [...c.include.map((a) => (a.type === 'phrase' ? `"${a.value}"` : a.value))].join(' ') +
      c.exclude.map((a) => (a.type === 'phrase' ? ` -"${a.value}"` : ` -${a.value}`)).join(''),
  );

describe('parseQuery', () => {
  it('parses words, phrases, OR, NOT and -', () => {
    expect(parseQuery('acme "acme corp" OR acmecorp NOT recruiter -"job offer"').ast).toEqual({
      type: 'or',
      children: [
        {
          type: 'and',
          children: [
            { type: 'term', value: 'acme' },
            { type: 'phrase', value: 'acme corp' },
          ],
        },
        {
          type: 'and',
          children: [
            { type: 'term', value: 'acmecorp' },
            { type: 'not', child: { type: 'term', value: 'recruiter' } },
            { type: 'not', child: { type: 'phrase', value: 'job offer' } },
          ],
        },
      ],
    });
  });

  it('treats lower-case or/and/not as words and AND as implicit', () => {
    expect(parseQuery('salt and pepper').ast).toEqual({
      type: 'and',
      children: ['salt', 'and', 'pepper'].map((value) => ({ type: 'term', value })),
    });
    expect(parseQuery('salt AND pepper').ast).toEqual(parseQuery('salt pepper').ast);
  });

  it('keeps hyphens inside words and collapses whitespace in phrases', () => {
    expect(parseQuery('e-mail').ast).toEqual({ type: 'term', value: 'e-mail' });
    expect(parseQuery('"  acme   corp "').ast).toEqual({ type: 'phrase', value: 'acme corp' });
  });

  it('expands groups and negated groups to disjunctive normal form', () => {
    expect(clauses('(acme OR "acme corp") -(hiring OR recruiter)')).toEqual([
      'acme -hiring -recruiter',
      '"acme corp" -hiring -recruiter',
    ]);
    expect(clauses('acme NOT (cheap deal)')).toEqual(['acme -cheap', 'acme -deal']);
    expect(clauses('acme NOT NOT anvil')).toEqual(['acme anvil']);
  });

  it('drops branches that contradict themselves and duplicate branches', () => {
    expect(clauses('(acme -acme) OR anvil OR anvil')).toEqual(['anvil']);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['"acme', /unterminated phrase/],
    ['""', /empty phrase/],
    ['acme OR', /OR at position 6 needs/],
    ['OR acme', /OR at position 1 needs a word, phrase or group before it/],
    ['(acme', /never closed/],
    ['acme)', /unexpected "\)"/],
    ['()', /empty group/],
    ['acme - x', /"-" at position 6 must be followed/],
    ['NOT acme', /every OR-branch needs at least one word/],
    ['acme OR -anvil', /every OR-branch needs/],
    ['acme -acme', /can never match/],
  ])('rejects %j', (q, message) => {
    expect(() => parseQuery(q)).toThrow(QueryError);
    expect(() => parseQuery(q)).toThrow(message);
  });

  it('limits the number of OR-branches', () => {
    const many = Array.from({ length: 5 }, (_, i) => `(a${i} OR b${i})`).join(' ');
    expect(() => parseQuery(many)).toThrow(`at most ${MAX_QUERY_CLAUSES}`);
    expect(
      parseQuery(Array.from({ length: 4 }, (_, i) => `(a${i} OR b${i})`).join(' ')).clauses,
    ).toHaveLength(16);
  });
});
