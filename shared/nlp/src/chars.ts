/**
 * Unicode character classes the tokenizer needs, by code point, answered from a table instead of a regex per
 * character. Each class is defined by the same Unicode property escape the regex tokenizer used, tested once
 * per code point on first sight and remembered (a 64 KiB table for the BMP, a map for the rest).
 */

/** \p{L}: letters. */
export const C_LETTER = 1;
/** \p{M}: combining marks. */
export const C_MARK = 2;
/** \p{N}: digits and other numerals. */
export const C_NUMBER = 4;
/** \p{Extended_Pictographic}: emoji and pictographs. */
export const C_PICTO = 8;
/** \s: white space (ends a URL). */
export const C_SPACE = 16;
/** Set on every entry once computed, so 0 means "not looked at yet". */
const KNOWN = 128;

const TESTS: readonly [RegExp, number][] = [
  [/^\p{L}$/u, C_LETTER],
  [/^\p{M}$/u, C_MARK],
  [/^\p{N}$/u, C_NUMBER],
  [/^\p{Extended_Pictographic}$/u, C_PICTO],
  [/^\s$/u, C_SPACE],
];

function compute(cp: number): number {
  // A lone surrogate is a code point of its own for the regex engine too (and in no class).
  const s = String.fromCodePoint(cp);
  let bits = KNOWN;
  for (const [re, bit] of TESTS) if (re.test(s)) bits |= bit;
  return bits;
}

const bmp = new Uint8Array(0x10000);
const astral = new Map<number, number>();
for (let c = 0; c < 0x80; c++) bmp[c] = compute(c);

/** The classes (C_* bits) of a code point. */
export function charClass(cp: number): number {
  if (cp < 0x10000) {
    const v = bmp[cp]!;
    if (v !== 0) return v;
    return (bmp[cp] = compute(cp));
  }
  let v = astral.get(cp);
  if (v === undefined) astral.set(cp, (v = compute(cp)));
  return v;
}

/** The code point that ends just before `i` (a surrogate pair read backwards, as a regex lookbehind does). */
export function codePointBefore(s: string, i: number): number {
  const lo = s.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = s.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
  }
  return lo;
}
