import { createAnyOfMatcher, createMatcher } from './matcher';
import { parseQuery } from './parse';

const matches = (query: string, text: string): boolean => createMatcher(parseQuery(query))(text);

describe('createMatcher', () => {
  it('matches whole words case-insensitively', () => {
    expect(matches('acme', 'I love ACME rockets')).toBe(true);
    expect(matches('acme', "Acme's new anvil")).toBe(true);
    expect(matches('acme', 'loving #acme today')).toBe(true);
    expect(matches('acme', 'acmeville is a town')).toBe(false);
    expect(matches('acme', 'the megaacme')).toBe(false);
  });

  it('matches phrases in order, across any whitespace', () => {
    expect(matches('"acme corp"', 'Acme\n  Corp. announced')).toBe(true);
    expect(matches('"acme corp"', 'corp acme')).toBe(false);
    expect(matches('"acme corp"', 'acme corporation')).toBe(false);
  });

  it('evaluates OR, NOT and groups', () => {
    const q = '(acme OR "road runner") -recruiter NOT "job offer"';
    expect(matches(q, 'Road Runner beats acme again')).toBe(true);
    expect(matches(q, 'acme recruiter called me')).toBe(false);
    expect(matches(q, 'an acme JOB   offer')).toBe(false);
    expect(matches(q, 'nothing here')).toBe(false);
  });

  it('is Unicode-aware: case folding, NFKC, letters of other scripts as word characters', () => {
    expect(matches('café', 'CAFÉ opening')).toBe(true);
    expect(matches('café', 'cafe\u0301 opening')).toBe(true); // decomposed é
    expect(matches('acme', 'ＡＣＭＥ rocks')).toBe(true); // full-width letters
    expect(matches('straße', 'STRASSE')).toBe(false);
    expect(matches('mökki', 'mökkiläinen')).toBe(false);
    expect(matches('Москва', 'в москве')).toBe(false);
    expect(matches('Москва', 'город МОСКВА!')).toBe(true);
  });

  it('matches terms of unspaced scripts as substrings', () => {
    expect(matches('東京', '東京都に行きました')).toBe(true);
    expect(matches('ソニー', '新しいソニーのカメラ')).toBe(true);
  });

  it('handles terms with punctuation', () => {
    expect(matches('c++', 'I write C++ daily')).toBe(true);
    expect(matches('acme.com', 'visit acme.com now')).toBe(true);
    expect(matches('acme.com', 'visit acmeXcom now')).toBe(false);
    expect(matches('@acme', 'hey @Acme help')).toBe(true);
  });
});

describe('createAnyOfMatcher', () => {
  it('matches any listed word or phrase', () => {
    const m = createAnyOfMatcher(['giveaway', 'free crypto']);
    expect(m('Huge GIVEAWAY!')).toBe(true);
    expect(m('get FREE   crypto')).toBe(true);
    expect(m('crypto for free')).toBe(false);
    expect(createAnyOfMatcher([])('anything')).toBe(false);
  });
});
