/**
 * Frequent words of short texts for the brand page's "top terms of negative mentions": lowercased words of 4+
 * letters, URLs, handles, hashtags and numbers ignored, common English function words and the brand's name words
 * left out; each word counts once per text. (The aggregator's alert evidence uses a fuller multi-language stopword
 * list; moving it to shared/ would let both use one — left for a later change.)
 */
const STOP = new Set(
  (
    'about above after again against all also and any are because been before being below between both but ' +
    'can cannot could did does doing down during each even ever every few from further had has have having here ' +
    'how into its itself just like more most much must need never only other ought over own same should some ' +
    'still such than that their them then there these they this those through too under until very want was ' +
    'were what when where which while who whom why will with would your yours yourself you the not for'
  ).split(' '),
);

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[@#][\p{L}\p{N}_]+/gu, ' ')
    .split(/[^\p{L}']+/u)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w.length >= 4);
}

export function topTerms(
  texts: readonly string[],
  exclude: string,
  limit = 15,
): { term: string; count: number }[] {
  const skip = new Set(words(exclude));
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const w of new Set(words(text))) {
      if (STOP.has(w) || skip.has(w)) continue;
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  return [...counts]
    .filter(([, n]) => n >= 2 || texts.length < 5)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([term, count]) => ({ term, count }));
}
