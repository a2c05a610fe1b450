import { C_LETTER, C_MARK, C_NUMBER, C_PICTO, C_SPACE, charClass, codePointBefore } from './chars';

describe('charClass', () => {
  it.each([
    ['a', C_LETTER],
    ['Я', C_LETTER],
    ['𝑥', C_LETTER],
    ['\u0301', C_MARK],
    ['7', C_NUMBER],
    ['½', C_NUMBER],
    ['😍', C_PICTO],
    ['©', C_PICTO],
    [' ', C_SPACE],
    ['\u00a0', C_SPACE],
    ['!', 0],
    ['\ud83d', 0], // a lone surrogate is in no class
  ])('classifies %j', (ch, bits) => {
    // Twice: computed, then read back from the table.
    expect(charClass(ch.codePointAt(0)!) & 0x7f).toBe(bits);
    expect(charClass(ch.codePointAt(0)!) & 0x7f).toBe(bits);
  });
});

describe('codePointBefore', () => {
  it('reads a surrogate pair backwards, and lone halves as themselves', () => {
    expect(codePointBefore('a😍', 3)).toBe(0x1f60d);
    expect(codePointBefore('ab', 2)).toBe(0x62);
    expect(codePointBefore('\udc00', 1)).toBe(0xdc00);
  });
});
