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
 * "аcme.com" (Cyrillic а) shows as "xn--cme-8cd.com" rather than impersonating acme.com.
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
