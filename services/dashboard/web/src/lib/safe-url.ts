/**
 * Mention links come from social APIs and are untrusted: only absolute http(s) URLs become links. Anything else
 * (javascript:, data:, relative paths, garbage) is shown as no link at all.
 */
export function safeHttpUrl(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.href;
}

/** The host shown beside a link, in its ASCII (punycode) form so lookalike domains are visible as such. */
export function displayHost(href: string): string {
  try {
    return new URL(href).host;
  } catch {
    return '';
  }
}
