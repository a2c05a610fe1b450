import { BrandConfig } from '@crumbtrail/contracts';
import { parseQuery } from '../query';
import type { MentionCandidate } from '../sources/types';
import { createMentionFilter } from './filter';

const brand = BrandConfig.parse({
  id: 'acme',
  name: 'Acme',
  query: '(acme OR "road runner") -recruiter',
  exclude: { terms: ['giveaway', 'free crypto'], authors: ['@spambot', 'u/promo_acct', 'UC123'] },
  languages: ['en', 'de'],
});
const base: MentionCandidate = {
  externalId: '1',
  url: 'https://e.test/1',
  author: { handle: '@alice' },
  text: 'I like acme',
  publishedAt: '2025-06-01T00:00:00.000Z',
};
const filter = createMentionFilter(brand, parseQuery(brand.query), true);

describe('createMentionFilter', () => {
  it.each<[string, Partial<MentionCandidate>, string | undefined]>([
    ['a match', {}, undefined],
    ['a match in the title only', { title: 'Acme news', text: 'see inside' }, undefined],
    ['no match', { text: 'acmeville' }, 'query'],
    ['a NOT term', { text: 'acme recruiter here' }, 'query'],
    ['an excluded term', { text: 'ACME GIVEAWAY now' }, 'excluded_term'],
    ['an excluded phrase', { text: 'acme free  crypto' }, 'excluded_term'],
    ['an excluded handle', { author: { handle: 'spambot' } }, 'excluded_author'],
    [
      'an excluded handle with instance',
      { author: { handle: '@SpamBot@mastodon.social' } },
      'excluded_author',
    ],
    ['an excluded reddit user', { author: { handle: 'u/promo_acct' } }, 'excluded_author'],
    ['an excluded author id', { author: { handle: 'Nice Name', id: 'uc123' } }, 'excluded_author'],
    ['another language', { lang: 'fr' }, 'language'],
    ['a listed language', { lang: 'de' }, undefined],
    ['no language tag', { lang: undefined }, undefined],
    ['an undetermined language', { lang: 'und' }, undefined],
  ])('%s', (_name, patch, expected) => {
    expect(filter({ ...base, ...patch })).toBe(expected);
  });

  it('skips the query test for sources that are not filtered by it', () => {
    expect(
      createMentionFilter(brand, parseQuery(brand.query), false)({ ...base, text: 'unrelated' }),
    ).toBeUndefined();
  });
});
