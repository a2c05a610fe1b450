import { MAX_MENTION_TEXT_LENGTH } from '@crumbtrail/contracts';
import { compile } from 'html-to-text';

/**
 * Text clean-up shared by the sources: HTML to plain text, length caps on code-point boundaries, language tags.
 */

const convertHtml = compile({
  wordwrap: false,
  decodeEntities: true,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
});

/** Plain text of an HTML fragment (Mastodon content, Stack Exchange bodies, RSS descriptions, HN comments). */
export function htmlToText(html: string): string {
  if (html.trim() === '') return '';
  return convertHtml(html)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** At most `max` UTF-16 units without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut);
}

export const capText = (text: string): string => truncate(text, MAX_MENTION_TEXT_LENGTH);

/** `en-US` -> `en`; anything that is not an ISO 639 code -> undefined. */
export function normalizeLang(tag: string | null | undefined): string | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return /^([a-z]{2,3}|und)$/.test(primary) ? primary : undefined;
}

/** Seconds since the epoch -> RFC 3339. */
export const fromEpochSeconds = (s: number): string => new Date(s * 1000).toISOString();

/** A date string in any format Date.parse accepts -> RFC 3339, or undefined. */
export function toIso(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
