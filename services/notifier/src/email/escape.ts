import escapeHtml from 'escape-html';
import { domainToASCII } from 'node:url';

export { escapeHtml };

export interface SafeLink {
  /** Attribute-safe href, or undefined when the URL must not be linked. */
  href?: string;
  /** What to show a reader: the host in ASCII (punycode), so a lookalike domain cannot pass for the real one. */
  display: string;
}

/**
 * Mention links come from strangers. Only http(s) is linked; the visible host is the punycode form, so
 * "аcme.com" (Cyrillic а) shows as "xn--cme-5cd.com" rather than impersonating acme.com.
 */
export function safeLink(raw: string): SafeLink {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { display: '(invalid link)' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { display: `(${url.protocol.replace(':', '')} link removed)` };
  }
  const asciiHost = domainToASCII(url.hostname) || url.hostname;
  const display = `${asciiHost}${url.pathname.length > 1 ? url.pathname : ''}`;
  return { href: url.href, display: display.length > 80 ? `${display.slice(0, 79)}…` : display };
}

/** What mail clients turn into links on their own in text: a run starting with http(s):// or www. */
const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/giu;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"…]+$/u;
/** Scheme and user info, the host, the rest (port, path, query, fragment). */
const URL_PARTS = /^((?:https?:\/\/)?(?:[^@/?#]*@)?)([^/?#:]*)(.*)$/su;

/**
 * Mention text is shown as text, but mail clients link URLs they find in it by themselves, so a lookalike domain in
 * the text would become a clickable "аcme.com". Every URL-like run whose host is not plain ASCII gets the host in
 * punycode, as links do (an unconvertible host is replaced by "(invalid host)").
 */
export function punycodeHostsInText(text: string): string {
  return text.replace(URL_IN_TEXT, (match) => {
    // Punctuation after a URL ends the sentence, not the host ("see https://аcme.com, it is fake").
    const run = match.replace(TRAILING_PUNCTUATION, '');
    const parts = URL_PARTS.exec(run);
    const host = parts?.[2] ?? '';
    if (!parts || !/[^\x20-\x7e]/.test(host)) return match;
    return `${parts[1]}${domainToASCII(host) || '(invalid host)'}${parts[3]}${match.slice(run.length)}`;
  });
}
