import { postWithRetry, retryAfterMs, type DeliveryPolicy } from './http-delivery';

const policy: DeliveryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  maxRetryAfterMs: 5000,
  timeoutMs: 1000,
};
const now = new Date('2026-11-22T11:00:00Z');

function scripted(responses: (Response | Error)[]) {
  const calls: RequestInit[] = [];
  const sleeps: number[] = [];
  const fetchFn = ((_url: string, init: RequestInit) => {
    calls.push(init);
    const next = responses.shift();
    if (!next) return Promise.reject(new Error('no more responses'));
    if (next instanceof Error) return Promise.reject(next);
    return Promise.resolve(next);
  }) as unknown as typeof fetch;
  return {
    calls,
    sleeps,
    io: {
      fetch: fetchFn,
      sleep: (ms: number) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      now: () => now,
      random: () => 1,
    },
  };
}

const request = () => ({ url: 'http://127.0.0.1:1/x', headers: {}, body: '{}' });

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Sun, 22 Nov 2026 11:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});

describe('postWithRetry', () => {
  it('retries 5xx with backoff and 429 after Retry-After, then succeeds', async () => {
    const s = scripted([
      new Response('busy', { status: 503 }),
      new Response('slow down', { status: 429, headers: { 'Retry-After': '2' } }),
      new Response('ok', { status: 200 }),
    ]);
    const result = await postWithRetry(request, policy, s.io);
    expect(result).toEqual({ ok: true, status: 200, attempts: 3 });
    expect(s.sleeps).toEqual([100, 2000]);
  });

  it('does not retry a 4xx', async () => {
    const s = scripted([new Response('no such hook', { status: 404 })]);
    const result = await postWithRetry(request, policy, s.io);
    expect(result).toEqual({
      ok: false,
      permanent: true,
      status: 404,
      error: 'HTTP 404: no such hook',
      attempts: 1,
    });
    expect(s.calls).toHaveLength(1);
  });

  it('gives up after the last attempt with the last reason', async () => {
    const s = scripted([
      new Error('ECONNREFUSED'),
      ...[1, 2, 3].map(() => new Response('', { status: 500 })),
    ]);
    const result = await postWithRetry(request, policy, s.io);
    expect(result).toEqual({
      ok: false,
      permanent: false,
      status: 500,
      error: 'HTTP 500 (after 4 attempts)',
      attempts: 4,
    });
    expect(s.sleeps).toEqual([100, 200, 400]);
  });

  it('stops at a Retry-After longer than allowed instead of blocking', async () => {
    const s = scripted([new Response('', { status: 429, headers: { 'Retry-After': '3600' } })]);
    const result = await postWithRetry(request, policy, s.io);
    expect(result).toMatchObject({ ok: false, permanent: false, attempts: 1 });
    expect(!result.ok && result.error).toContain('Retry-After 3600 s is longer than the 5 s allowed');
  });

  it('rebuilds the request for every attempt (fresh signature timestamps)', async () => {
    const s = scripted([new Response('', { status: 502 }), new Response(null, { status: 204 })]);
    let built = 0;
    await postWithRetry(() => ({ ...request(), body: String((built += 1)) }), policy, s.io);
    expect(s.calls.map((c) => c.body)).toEqual(['1', '2']);
  });
});
