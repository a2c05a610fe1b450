import { mergeConcurrentBatches } from './merge-batches';

/** A handler that records each call's messages and answers `<message>:ok`, released by hand. */
function gatedHandler() {
  const calls: string[][] = [];
  const gates: (() => void)[] = [];
  let fail: Error | undefined;
  const handle = async (messages: string[]) => {
    calls.push(messages);
    await new Promise<void>((release) => gates.push(release));
    if (fail) throw fail;
    return messages.map((m) => `${m}:ok`);
  };
  return {
    calls,
    handle,
    releaseNext: () => gates.shift()?.(),
    failWith: (err: Error | undefined) => (fail = err),
    waitForCalls: async (n: number) => {
      while (calls.length < n) await new Promise((r) => setImmediate(r));
    },
  };
}

describe('mergeConcurrentBatches', () => {
  it('handles batches handed over in the same turn in one call and gives each caller its own outcomes', async () => {
    const h = gatedHandler();
    const merged = mergeConcurrentBatches(h.handle);
    const a = merged(['a1', 'a2']);
    const b = merged(['b1']);
    const c = merged(['c1', 'c2', 'c3']);
    await h.waitForCalls(1);
    h.releaseNext();
    expect(await a).toEqual(['a1:ok', 'a2:ok']);
    expect(await b).toEqual(['b1:ok']);
    expect(await c).toEqual(['c1:ok', 'c2:ok', 'c3:ok']);
    expect(h.calls).toEqual([['a1', 'a2', 'b1', 'c1', 'c2', 'c3']]);
  });

  it('queues batches that arrive while a call runs and handles them together after it', async () => {
    const h = gatedHandler();
    const merged = mergeConcurrentBatches(h.handle);
    const first = merged(['a']);
    await h.waitForCalls(1);
    const second = merged(['b']);
    const third = merged(['c']);
    h.releaseNext();
    expect(await first).toEqual(['a:ok']);
    await h.waitForCalls(2);
    h.releaseNext();
    expect(await Promise.all([second, third])).toEqual([['b:ok'], ['c:ok']]);
    expect(h.calls).toEqual([['a'], ['b', 'c']]);
  });

  it('rejects every merged caller when the call throws, and keeps serving later batches', async () => {
    const h = gatedHandler();
    const merged = mergeConcurrentBatches(h.handle);
    h.failWith(new Error('database down'));
    const a = merged(['a']);
    const b = merged(['b']);
    await h.waitForCalls(1);
    h.releaseNext();
    await expect(a).rejects.toThrow('database down');
    await expect(b).rejects.toThrow('database down');
    h.failWith(undefined);
    const c = merged(['c']);
    await h.waitForCalls(2);
    h.releaseNext();
    expect(await c).toEqual(['c:ok']);
    expect(h.calls).toEqual([['a', 'b'], ['c']]);
  });
});
