/**
 * A read-only table of short strings (n-grams) that is looked up by a window of a larger string, so scanning
 * every 1-5-gram of a text allocates nothing: the caller hashes the window incrementally (`GRAM_SEED`, then
 * `gramStep` per code unit) and the table compares code units only when the hash matches.
 */

/** FNV-1a offset basis, as a signed 32-bit integer like every later hash (they are stored in an Int32Array). */
export const GRAM_SEED = 0x811c9dc5 | 0;
/** FNV-1a step over one UTF-16 code unit. */
export function gramStep(h: number, c: number): number {
  return Math.imul(h ^ c, 16777619);
}

export class GramTable<T> {
  private readonly mask: number;
  /** Per slot: the key's hash, and 1 + its index in keys/values (0 = empty). */
  private readonly hashes: Int32Array;
  private readonly slots: Int32Array;
  private readonly keys: string[] = [];
  private readonly values: T[] = [];

  constructor(entries: Iterable<readonly [string, T]>) {
    const list = [...entries];
    let size = 16;
    while (size < list.length * 2) size *= 2;
    this.mask = size - 1;
    this.hashes = new Int32Array(size);
    this.slots = new Int32Array(size);
    for (const [key, value] of list) {
      let h = GRAM_SEED;
      for (let i = 0; i < key.length; i++) h = gramStep(h, key.charCodeAt(i));
      let i = h & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.keys.push(key);
      this.values.push(value);
      this.hashes[i] = h;
      this.slots[i] = this.keys.length;
    }
  }

  /** The value for `s.slice(start, start + len)`, whose hash is `h`. */
  find(h: number, s: string, start: number, len: number): T | undefined {
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return undefined;
      if (this.hashes[i] !== h) continue;
      const key = this.keys[slot - 1]!;
      if (key.length !== len) continue;
      let k = 0;
      while (k < len && key.charCodeAt(k) === s.charCodeAt(start + k)) k++;
      if (k === len) return this.values[slot - 1];
    }
  }

  /** The value for the whole string `key`. */
  get(key: string): T | undefined {
    let h = GRAM_SEED;
    for (let i = 0; i < key.length; i++) h = gramStep(h, key.charCodeAt(i));
    return this.find(h, key, 0, key.length);
  }
}
