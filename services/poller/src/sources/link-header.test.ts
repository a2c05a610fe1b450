import { compareIds, maxId } from './ids';
import { parseLinkHeader } from './link-header';

describe('parseLinkHeader', () => {
  it('reads Mastodon pagination links', () => {
    expect(
      parseLinkHeader(
        '<https://mastodon.social/api/v1/timelines/tag/acme?max_id=114612345678901234>; rel="next", <https://mastodon.social/api/v1/timelines/tag/acme?min_id=114612399999999999>; rel="prev"',
      ),
    ).toEqual({
      next: 'https://mastodon.social/api/v1/timelines/tag/acme?max_id=114612345678901234',
      prev: 'https://mastodon.social/api/v1/timelines/tag/acme?min_id=114612399999999999',
    });
  });

  it('resolves relative links, takes several rels, ignores junk', () => {
    expect(parseLinkHeader('</p?page=2>; rel="next last"; title="x", garbage', 'https://a.test/q')).toEqual({
      next: 'https://a.test/p?page=2',
      last: 'https://a.test/p?page=2',
    });
    expect(parseLinkHeader(null)).toEqual({});
  });
});

describe('compareIds', () => {
  it('compares snowflakes beyond 2^53 exactly', () => {
    expect(compareIds('1798765432109876544', '1798765432109876543')).toBe(1);
    expect(compareIds('99', '100')).toBe(-1);
    expect(maxId(['5', '1798765432109876543', '42'])).toBe('1798765432109876543');
    expect(maxId([], '7')).toBe('7');
  });
});
