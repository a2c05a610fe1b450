import { buildQuery, pickDate, pickFlag, pickOne, pickText, withQuery } from './query';

describe('buildQuery', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(
      buildQuery({
        q: 'refund & late',
        sentiment: 'negative',
        intent: '',
        lang: undefined,
        compare: true,
        x: false,
      }),
    ).toBe('?q=refund+%26+late&sentiment=negative&compare=1');
  });

  it('is empty without values and repeats array keys', () => {
    expect(buildQuery({})).toBe('');
    expect(withQuery('/inbox', { id: ['a', 'b'] })).toBe('/inbox?id=a&id=b');
  });
});

describe('pick helpers', () => {
  const params = new URLSearchParams(
    'sentiment=negative&intent=bogus&from=2026-12-01T10:00:00Z&to=yesterday&q=%20late%20&compare=1',
  );

  it('accepts only allowed values', () => {
    expect(pickOne(params, 'sentiment', ['negative', 'neutral', 'positive'] as const)).toBe('negative');
    expect(pickOne(params, 'intent', ['complaint', 'question'] as const)).toBeUndefined();
  });

  it('reads dates as ISO and ignores what is not a date', () => {
    expect(pickDate(params, 'from')).toBe('2026-12-01T10:00:00.000Z');
    expect(pickDate(params, 'to')).toBeUndefined();
    expect(pickDate(params, 'missing')).toBeUndefined();
  });

  it('trims text and reads flags', () => {
    expect(pickText(params, 'q')).toBe('late');
    expect(pickText(new URLSearchParams('q=%20%20'), 'q')).toBeUndefined();
    expect(pickFlag(params, 'compare')).toBe(true);
    expect(pickFlag(params, 'other')).toBe(false);
  });
});
