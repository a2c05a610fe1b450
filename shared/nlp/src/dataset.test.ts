import { splitKey, splitOf } from './dataset';

describe('splitKey / splitOf', () => {
  it('splits a translated row by the id of its original, so a translation shares its split', () => {
    const original = { id: '22631081115127808', source: 'preotiuc2019' };
    const translated = { id: '22631081115127808-pl', source: 'preotiuc2019-translated-pl' };
    expect(splitKey(translated)).toBe('22631081115127808');
    expect(splitKey(original)).toBe('22631081115127808');
    // Over many ids, every translation lands in the split of its original.
    for (let i = 0; i < 500; i++) {
      const id = String(1_000_000 + i * 7919);
      for (const lang of ['pl', 'tr', 'ro', 'ru'])
        expect(splitOf({ id: `${id}-${lang}`, source: `preotiuc2019-translated-${lang}` })).toBe(
          splitOf({ id }),
        );
    }
  });

  it('keeps the id of rows that are not translations, or whose id does not end in the language', () => {
    expect(splitKey({ id: 'abc-pl', source: 'mozetic' })).toBe('abc-pl');
    expect(splitKey({ id: 'abc-ro', source: 'x-translated-pl' })).toBe('abc-ro');
    expect(splitKey({ id: 'abc' })).toBe('abc');
  });

  it('always holds out the official test source', () => {
    expect(splitOf({ id: 'anything', source: 'semeval-2016test' })).toBe('holdout');
  });
});
