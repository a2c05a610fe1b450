/** Compares numeric string ids (snowflakes: Mastodon, X) without losing precision; non-numeric ids by length, then text. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function maxId(ids: Iterable<string>, start?: string): string | undefined {
  let best = start;
  for (const id of ids) if (best === undefined || compareIds(id, best) > 0) best = id;
  return best;
}
