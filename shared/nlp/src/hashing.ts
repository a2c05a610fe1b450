/** FNV-1a 32-bit over UTF-16 code units, seeded per feature namespace. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** Mixes two hashes into one (for bigrams) without building the joined string. */
export function combine(a: number, b: number): number {
  let h = Math.imul(a ^ (b >>> 16), 0x85ebca6b);
  h ^= Math.imul(b, 0xc2b2ae35);
  h ^= h >>> 13;
  return h >>> 0;
}
