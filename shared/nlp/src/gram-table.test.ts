import { GRAM_SEED, gramStep, GramTable } from './gram-table';

describe('GramTable', () => {
  const table = new GramTable([
    ['ab', 1],
    [' ab ', 2],
    ['é', 3],
    ['', 4],
  ]);

  it('finds whole keys and misses others', () => {
    expect(table.get('ab')).toBe(1);
    expect(table.get(' ab ')).toBe(2);
    expect(table.get('é')).toBe(3);
    expect(table.get('')).toBe(4);
    expect(table.get('a')).toBeUndefined();
    expect(table.get('abc')).toBeUndefined();
  });

  it('finds a window of a longer string from its incremental hash', () => {
    const s = 'xx ab yy';
    let h = GRAM_SEED;
    for (let i = 2; i < 6; i++) h = gramStep(h, s.charCodeAt(i));
    expect(table.find(h, s, 2, 4)).toBe(2);
    expect(table.find(h, 'xx ac yy', 2, 4)).toBeUndefined(); // same hash passed, different text
  });

  it('survives many colliding slots', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `k${i}`);
    const big = new GramTable(keys.map((k, i) => [k, i] as const));
    expect(keys.every((k, i) => big.get(k) === i)).toBe(true);
    expect(big.get('k5000')).toBeUndefined();
  });
});
