import type { HttpObserver } from './client';
import { ApiError, createHttpClient, redactUrl } from './client';

type Reply = { status: number; body: string; headers?: Record<string, string> } | Error | DOMException;

function fakeFetch(replies: Reply[]) {
  const calls: { url: string; init: RequestInit | undefined; at: number }[] = [];
  let clock = 0;
  const impl = ((url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: url instanceof Request ? url.url : url.toString(), init, at: clock });
    const reply = replies.shift();
    if (!reply) return Promise.reject(new Error('no more replies'));
    if (reply instanceof Error || reply instanceof DOMException) return Promise.reject(reply);
    return Promise.resolve(new Response(reply.body, { status: reply.status, headers: reply.headers }));
  }) as typeof fetch;
  const sleeps: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    sleeps.push(ms);
    clock += ms;
    return Promise.resolve();
  };
  return { impl, calls, sleeps, sleep, now: () => 1_700_000_000_000 + clock };
}

const observer = (): HttpObserver & { waits: number[]; errors: string[] } => {
  const waits: number[] = [];
  const errors: string[] = [];
  return {
    waits,
    errors,
    onRateLimitWait: (_s, ms) => waits.push(ms),
    onApiError: (_s, kind) => errors.push(kind),
  };
};

function client(replies: Reply[]) {
  const f = fakeFetch(replies);
  const obs = observer();
  const http = createHttpClient({
    timeoutMs: 1000,
    userAgent: 'test',
    fetch: f.impl,
    sleep: f.sleep,
    now: f.now,
    random: () => 0.5,
    observer: obs,
    policy: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1000, maxWaitMs: 10_000 },
  });
  return { http, ...f, obs };
}

describe('createHttpClient', () => {
  it('returns parsed JSON', async () => {
    const c = client([{ status: 200, body: '{"a":1}' }]);
    await expect(c.http.request({ source: 'x', url: 'https://api.test/a' })).resolves.toMatchObject({
      status: 200,
      body: { a: 1 },
    });
    expect((c.calls[0]!.init!.headers as Record<string, string>)['user-agent']).toBe('test');
  });

  it('waits Retry-After after a 429 and retries', async () => {
    const c = client([
      { status: 429, body: '{}', headers: { 'retry-after': '1' } },
      { status: 200, body: '[]' },
    ]);
    await c.http.request({ source: 'x', url: 'https://api.test/a' });
    expect(c.calls.map((x) => x.at)).toEqual([0, 1000]);
    expect(c.obs.waits).toEqual([1000]);
    expect(c.obs.errors).toEqual(['rate_limited']);
  });

  it('retries a 500 then succeeds', async () => {
    const c = client([
      { status: 500, body: 'Internal Server Error' },
      { status: 200, body: '{}' },
    ]);
    await expect(c.http.request({ source: 'x', url: 'https://api.test/a' })).resolves.toMatchObject({
      status: 200,
    });
    expect(c.sleeps).toEqual([75]);
    expect(c.obs.waits).toEqual([]);
  });

  it('retries network errors and gives up after the last retry', async () => {
    const c = client([
      new TypeError('fetch failed'),
      new TypeError('fetch failed'),
      new TypeError('fetch failed'),
    ]);
    const err = await c.http.request({ source: 'x', url: 'https://api.test/a' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: 'network' });
    expect(c.calls).toHaveLength(3);
  });

  it('retries a timeout and reports it by kind', async () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const c = client([timeout, { status: 200, body: '{}' }]);
    await expect(c.http.request({ source: 'x', url: 'https://api.test/a' })).resolves.toMatchObject({
      status: 200,
    });
    expect(c.obs.errors).toEqual(['timeout']);
  });

  it('reports a malformed JSON body without retrying', async () => {
    const c = client([{ status: 200, body: '{"items": [' }]);
    await expect(
      c.http.request({ source: 'stackexchange', url: 'https://api.test/a' }),
    ).rejects.toMatchObject({
      kind: 'malformed',
    });
    expect(c.calls).toHaveLength(1);
    expect(c.obs.errors).toEqual([]);
  });

  it('holds the next request to the same method while a backoff is in force', async () => {
    const c = client([
      { status: 200, body: '{"items":[],"backoff":2}' },
      { status: 200, body: '{"items":[]}' },
      { status: 200, body: '{"items":[]}' },
    ]);
    await c.http.request({ source: 'stackexchange', url: 'https://api.test/2.3/search/advanced?page=1' });
    await c.http.request({ source: 'stackexchange', url: 'https://api.test/2.3/questions?x=1' });
    await c.http.request({ source: 'stackexchange', url: 'https://api.test/2.3/search/advanced?page=2' });
    expect(c.calls.map((x) => x.at)).toEqual([0, 0, 2000]);
  });

  it('fails fast while cooling down for longer than the poll may wait', async () => {
    const c = client([{ status: 429, body: '{}', headers: { 'retry-after': '3600' } }]);
    await expect(c.http.request({ source: 'x', url: 'https://api.test/a' })).rejects.toMatchObject({
      kind: 'rate_limited',
    });
    await expect(c.http.request({ source: 'x', url: 'https://api.test/a' })).rejects.toThrow(/cooling down/);
    expect(c.calls).toHaveLength(1);
  });

  it('tells until when a source is held back, per source, and forgets a wait it sat through', async () => {
    const c = client([
      { status: 429, body: '{}', headers: { 'retry-after': '3600' } },
      { status: 429, body: '{}', headers: { 'retry-after': '1' } },
      { status: 200, body: '{}' },
      { status: 200, body: '{}', headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30' } },
    ]);
    expect(c.http.cooldownUntil('x')).toBeUndefined();
    await expect(c.http.request({ source: 'x', url: 'https://api.test/a' })).rejects.toMatchObject({
      kind: 'rate_limited',
    });
    const start = c.now();
    expect(c.http.cooldownUntil('x')).toBe(start + 3_600_000);
    expect(c.http.cooldownUntil('reddit')).toBeUndefined();

    await c.http.request({ source: 'reddit', url: 'https://api.test/r' });
    expect(c.http.cooldownUntil('reddit')).toBeUndefined();
    await c.http.request({ source: 'reddit', url: 'https://api.test/r' });
    expect(c.http.cooldownUntil('reddit')).toBe(c.now() + 30_000);
    expect(c.http.cooldownUntil('x')).toBe(start + 3_600_000);
  });

  it('keeps the error body of a failed request', async () => {
    const c = client([{ status: 401, body: '{"error":"ExpiredToken","message":"Token has expired"}' }]);
    await expect(c.http.request({ source: 'bluesky', url: 'https://api.test/a' })).rejects.toMatchObject({
      kind: 'auth',
      status: 401,
      body: { error: 'ExpiredToken', message: 'Token has expired' },
    });
  });
});

describe('redactUrl', () => {
  it('hides credentials in query strings', () => {
    expect(redactUrl('https://g.test/youtube/v3/commentThreads?part=snippet&key=SECRET&videoId=1')).toBe(
      'https://g.test/youtube/v3/commentThreads?part=snippet&key=***&videoId=1',
    );
  });

  it('hides user:password@ and other usual secret parameters', () => {
    expect(redactUrl('https://user:pw@feeds.test/f?apikey=A&sig=B&x=1')).toBe(
      'https://***@feeds.test/f?apikey=***&sig=***&x=1',
    );
  });
});

describe('redirects', () => {
  it('follows a GET through 301 and 308, reports them, and decodes the final body', async () => {
    const c = client([
      { status: 301, body: '', headers: { location: '/moved' } },
      { status: 308, body: '', headers: { location: 'https://new.test/feed' } },
      { status: 200, body: '{"ok":true}' },
    ]);
    const res = await c.http.request({
      source: 'rss',
      url: 'https://old.test/feed',
      headers: { authorization: 'Bearer T' },
    });
    expect(res).toMatchObject({
      status: 200,
      body: { ok: true },
      url: 'https://new.test/feed',
      redirects: [
        { status: 301, from: 'https://old.test/feed', to: 'https://old.test/moved' },
        { status: 308, from: 'https://old.test/moved', to: 'https://new.test/feed' },
      ],
    });
    const auth = c.calls.map((x) => (x.init!.headers as Record<string, string>).authorization);
    expect(auth).toEqual(['Bearer T', 'Bearer T', undefined]); // never sent on to another origin
    expect(c.calls.map((x) => x.init!.redirect)).toEqual(['manual', 'manual', 'manual']);
  });
});
