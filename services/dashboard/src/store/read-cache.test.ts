import { ReadCache } from './read-cache';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ReadCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  it('serves a value until its time to live has passed, then reads again', async () => {
    const cache = new ReadCache<number>(10, clock);
    let reads = 0;
    const load = () => Promise.resolve(++reads);
    expect(await cache.get('a', () => 100, load)).toBe(1);
    now += 99;
    expect(await cache.get('a', () => 100, load)).toBe(1);
    now += 1;
    expect(await cache.get('a', () => 100, load)).toBe(2);
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 1, misses: 2 });
  });

  it('shares one read between concurrent misses of a key', async () => {
    const cache = new ReadCache<string>(10, clock);
    const d = deferred<string>();
    let reads = 0;
    const load = () => {
      reads += 1;
      return d.promise;
    };
    const both = Promise.all([cache.get('k', () => 50, load), cache.get('k', () => 50, load)]);
    d.resolve('doc');
    expect(await both).toEqual(['doc', 'doc']);
    expect(reads).toBe(1);
  });

  it('does not keep what a read that was under way at an invalidation returned', async () => {
    const cache = new ReadCache<string>(10, clock);
    const old = deferred<string>();
    const first = cache.get(
      'k',
      () => 1_000,
      () => old.promise,
    );
    cache.invalidate('k');
    const second = cache.get(
      'k',
      () => 1_000,
      () => Promise.resolve('new'),
    );
    old.resolve('old');
    expect(await first).toBe('old');
    expect(await second).toBe('new');
    expect(
      await cache.get(
        'k',
        () => 1_000,
        () => Promise.resolve('unexpected read'),
      ),
    ).toBe('new');
  });

  it('keeps nothing for a zero time to live, and nothing from a failed read', async () => {
    const cache = new ReadCache<string | null>(10, clock);
    await cache.get(
      'missing',
      (v) => (v === null ? 0 : 1_000),
      () => Promise.resolve(null),
    );
    expect(cache.size).toBe(0);
    await expect(
      cache.get(
        'k',
        () => 1_000,
        () => Promise.reject(new Error('server gone')),
      ),
    ).rejects.toThrow('server gone');
    expect(
      await cache.get(
        'k',
        () => 1_000,
        () => Promise.resolve('read again'),
      ),
    ).toBe('read again');
  });

  it('drops the least recently used entry at its size limit', async () => {
    const cache = new ReadCache<string>(2, clock);
    await cache.get(
      'a',
      () => 1_000,
      () => Promise.resolve('a'),
    );
    await cache.get(
      'b',
      () => 1_000,
      () => Promise.resolve('b'),
    );
    await cache.get(
      'a',
      () => 1_000,
      () => Promise.resolve('a again'),
    ); // a is now the most recent
    await cache.get(
      'c',
      () => 1_000,
      () => Promise.resolve('c'),
    );
    expect(cache.size).toBe(2);
    expect(
      await cache.get(
        'a',
        () => 1_000,
        () => Promise.resolve('a reread'),
      ),
    ).toBe('a');
    expect(
      await cache.get(
        'b',
        () => 1_000,
        () => Promise.resolve('b reread'),
      ),
    ).toBe('b reread');
  });

  it('shortens the life of an entry that may have changed elsewhere', async () => {
    const cache = new ReadCache<string>(10, clock);
    await cache.get(
      'h',
      () => 600_000,
      () => Promise.resolve('closed hour'),
    );
    cache.expireWithin('h', 5_000);
    now += 5_000;
    expect(
      await cache.get(
        'h',
        () => 600_000,
        () => Promise.resolve('late mention counted'),
      ),
    ).toBe('late mention counted');
  });
});

describe('ReadCache.peek', () => {
  it('answers only from a fresh entry, without reading', async () => {
    let now = 0;
    const cache = new ReadCache<string>(10, () => now);
    expect(cache.peek('k')).toBeUndefined();
    await cache.get(
      'k',
      () => 100,
      () => Promise.resolve('doc'),
    );
    expect(cache.peek('k')).toEqual({ value: 'doc' });
    now = 100;
    expect(cache.peek('k')).toBeUndefined();
  });
});
