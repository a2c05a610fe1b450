import stopwords from 'stopwords-iso';

const STOP = new Set<string>(Object.values(stopwords).flat());
const EXTRA = ['http', 'https', 'www', 'com', 'amp', 'rt', 'via'];
for (const w of EXTRA) STOP.add(w);

/**
 * The most frequent terms of some texts: lowercased words of 3+ letters, stopwords of every language removed,
 * URLs, mentions and numbers ignored, and the brand's own name words left out (they are in every mention).
 * Each term counts once per text. Ties break alphabetically, so the result is deterministic.
 */
export function topTerms(
  texts: readonly string[],
  o: { limit?: number; exclude?: readonly string[] } = {},
): { term: string; count: number }[] {
  const limit = o.limit ?? 10;
  const exclude = new Set((o.exclude ?? []).flatMap((e) => words(e)));
  const counts = new Map<string, number>();
  for (const text of texts) {
    const seen = new Set<string>();
    for (const w of words(text)) {
      if (w.length < 3 || STOP.has(w) || exclude.has(w) || seen.has(w)) continue;
      seen.add(w);
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .filter(([, count]) => count >= 2 || texts.length < 5)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([term, count]) => ({ term, count }));
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[@#][\p{L}\p{N}_]+/gu, ' ')
    .split(/[^\p{L}\p{N}']+/u)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w.length > 0 && !/^\p{N}+$/u.test(w));
}
