/* eslint-disable no-control-regex -- matching control characters is the point of this module */

/** Invisible characters that reorder or hide text, letting "Acme\u200bSupport" pass for "AcmeSupport". */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Text that ends up in a mail header or a single line: control characters (CR and LF above all, which would start a
 * new header) become spaces, runs of white space collapse, and the result is capped.
 */
export function singleLine(value: string, maxLength = 200): string {
  const flat = value
    .replace(INVISIBLE, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

/** Multi-line body text: keeps newlines, drops every other control character (ANSI escapes, NUL, bidi overrides). */
export function bodyText(value: string, maxLength = 600): string {
  const clean = value
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '')
    .replace(INVISIBLE, '')
    .trim();
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}
