import {
  chunkId,
  decodeCursor,
  fillChunks,
  encodeCursor,
  entryMatches,
  isAfter,
  queryWords,
  slotFromKey,
  slotKey,
  slotMayMatch,
  slotStart,
  dayOf,
  type IndexEntry,
} from './mention-index';

const T = Date.parse('2026-12-06T13:57:12Z');
const entry: IndexEntry = {
  t: T,
  s: 'negative',
  i: 'complaint',
  src: 'reddit',
  l: 'en',
  x: 'my order is late again',
  sc: 0.9,
  ic: 0.8,
};

it('addresses a slot by its day and a three-digit key, and back', () => {
  const slot = slotStart(T);
  expect(new Date(slot).toISOString()).toBe('2026-12-06T13:50:00.000Z');
  expect(slotKey(slot)).toBe('135');
  expect(slotFromKey(dayOf(slot), '135')).toBe(slot);
  expect(slotKey(Date.parse('2026-12-06T00:05:00Z'))).toBe('000');
});

it('matches entries on time range, every facet and all words', () => {
  const base = { from: T - 1000, to: T + 1 };
  expect(entryMatches(entry, base)).toBe(true);
  expect(entryMatches(entry, { ...base, to: T })).toBe(false); // `to` is exclusive
  expect(entryMatches(entry, { ...base, sentiment: ['negative', 'neutral'] })).toBe(true);
  expect(entryMatches(entry, { ...base, sentiment: ['positive'] })).toBe(false);
  expect(entryMatches(entry, { ...base, intent: ['question'] })).toBe(false);
  expect(entryMatches(entry, { ...base, source: ['reddit'], lang: ['en'] })).toBe(true);
  expect(entryMatches(entry, { ...base, lang: ['de'] })).toBe(false);
  expect(entryMatches(entry, { ...base, words: ['order', 'late'] })).toBe(true);
  expect(entryMatches(entry, { ...base, words: ['order', 'early'] })).toBe(false);
});

it('skips a slot whose directory flags cannot match', () => {
  const flags = { s: { negative: true as const }, src: { reddit: true as const } };
  expect(slotMayMatch(flags, { from: 0, to: 1, sentiment: ['negative'] })).toBe(true);
  expect(slotMayMatch(flags, { from: 0, to: 1, sentiment: ['positive'] })).toBe(false);
  expect(slotMayMatch(flags, { from: 0, to: 1, source: ['x'] })).toBe(false);
  expect(slotMayMatch(flags, { from: 0, to: 1 })).toBe(true);
});

it('orders newest first by time then id, and round-trips cursors', () => {
  expect(isAfter(T - 1, 'z', { t: T, id: 'a' })).toBe(true);
  expect(isAfter(T, 'a', { t: T, id: 'b' })).toBe(true);
  expect(isAfter(T, 'b', { t: T, id: 'b' })).toBe(false);
  expect(decodeCursor(encodeCursor({ t: T, id: 'abc' }))).toEqual({ t: T, id: 'abc' });
  expect(decodeCursor('not-a-cursor')).toBeNull();
  expect(decodeCursor(Buffer.from('{"t":1}').toString('base64url'))).toBeNull();
});

it('splits a query into at most ten lowercase words', () => {
  expect(queryWords('  Late  ORDER ')).toEqual(['late', 'order']);
  expect(queryWords(undefined)).toEqual([]);
});

describe('chunks of a slot', () => {
  it('fills a chunk up to its cap, then the next', () => {
    expect(fillChunks({ chunk: 0, count: 0 }, 3, 5)).toEqual({
      parts: [{ chunk: 0, count: 3 }],
      fill: { chunk: 0, count: 3 },
    });
    expect(fillChunks({ chunk: 0, count: 3 }, 9, 5)).toEqual({
      parts: [
        { chunk: 0, count: 2 },
        { chunk: 1, count: 5 },
        { chunk: 2, count: 2 },
      ],
      fill: { chunk: 2, count: 2 },
    });
    expect(fillChunks({ chunk: 1, count: 5 }, 1, 5)).toEqual({
      parts: [{ chunk: 2, count: 1 }],
      fill: { chunk: 2, count: 1 },
    });
    expect(fillChunks({ chunk: 4, count: 1 }, 0, 5)).toEqual({ parts: [], fill: { chunk: 4, count: 1 } });
  });

  it('keeps the slot id for chunk 0', () => {
    expect(chunkId('acme|2026-12-06T13:50:00.000Z', 0)).toBe('acme|2026-12-06T13:50:00.000Z');
    expect(chunkId('acme|2026-12-06T13:50:00.000Z', 3)).toBe('acme|2026-12-06T13:50:00.000Z|3');
  });
});
