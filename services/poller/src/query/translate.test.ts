import { SOURCE_NAMES } from '@crumbtrail/contracts';
import { parseQuery } from './parse';
import { translateQuery } from './translate';

const QUERY = '(acme OR "acme corp") -recruiter NOT "job offer"';

describe('translateQuery: one brand query with OR / NOT / phrase, in every source syntax', () => {
  const q = parseQuery(QUERY);
  const expected: Record<(typeof SOURCE_NAMES)[number], string[]> = {
    hackernews: ['acme -recruiter', '"acme corp" -recruiter'],
    reddit: ['(acme OR "acme corp") AND NOT recruiter AND NOT "job offer"'],
    mastodon: ['acme -recruiter -"job offer"', '"acme corp" -recruiter -"job offer"'],
    bluesky: ['acme -recruiter -"job offer"', '"acme corp" -recruiter -"job offer"'],
    stackexchange: ['acme', '"acme corp"'],
    x: ['(acme OR "acme corp") -recruiter -"job offer"'],
    youtube: ['acme', '"acme corp"'],
    rss: [],
    replay: [],
  };

  it.each(SOURCE_NAMES.map((s) => [s]))('%s', (source) => {
    expect(translateQuery(source, q)).toEqual(expected[source]);
  });

  it('negates groups in boolean syntaxes and quotes operator-like words', () => {
    const g = parseQuery('acme -(cheap OR "knock off") from:me');
    expect(translateQuery('x', g)).toEqual(['acme -(cheap OR "knock off") "from:me"']);
    expect(translateQuery('reddit', g)).toEqual(['acme AND NOT (cheap OR "knock off") AND "from:me"']);
  });

  it('keeps OR of ANDs grouped', () => {
    const g = parseQuery('acme anvil OR "road runner"');
    expect(translateQuery('x', g)).toEqual(['(acme anvil) OR "road runner"']);
    expect(translateQuery('reddit', g)).toEqual(['(acme AND anvil) OR "road runner"']);
    expect(translateQuery('hackernews', g)).toEqual(['acme anvil', '"road runner"']);
  });
});
