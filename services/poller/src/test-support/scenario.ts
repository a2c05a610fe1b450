import type { RawMention, SourceName } from '@crumbtrail/contracts';
import type { PollReport } from '../poll/run-poll';
import type { FakeApi, Handler, RecordedRequest } from './fake-api';
import { startFakeApi } from './fake-api';
import type { PollerHarness } from './harness';
import { createPollerHarness, withoutFetchedAt } from './harness';

export type ExpectedMention = Omit<RawMention, 'fetchedAt'>;
type Expect<T> = T | ((api: string) => T);
const resolveExpect = <T>(e: Expect<T>, api: string): T =>
  typeof e === 'function' ? (e as (api: string) => T)(api) : e;

export interface SourceScenario {
  source: SourceName;
  brandsYaml: Expect<string>;
  env: (api: string) => Record<string, string>;
  now?: Date;
  files?: Record<string, string>;
  /** Poll 1: pagination across pages, a 429 with Retry-After on one request and a 500 on another. */
  first: Handler;
  /** Values may depend on the fake API's URL (its host appears in some ids and cursor keys). */
  expectFirst: Expect<ExpectedMention[]>;
  /** The cursor document's `cursor` after poll 1. */
  expectCursor: Expect<unknown>;
  /** Poll 2, after a restart: a malformed body. Nothing is published and the cursor stays. */
  malformed: Handler;
  /** Poll 3: old and new posts; only the new ones are published. */
  next: Handler;
  expectNext: Expect<ExpectedMention[]>;
  /** Poll 4: an empty result. */
  empty: Handler;
  /** Extra checks of the requests of poll 1. */
  checkFirstRequests?: (requests: RecordedRequest[]) => void;
  /** Extra checks of the requests of poll 3 (e.g. that the cursor was sent). */
  checkNextRequests?: (requests: RecordedRequest[]) => void;
}

const byEventId = (a: { eventId: string }, b: { eventId: string }) => a.eventId.localeCompare(b.eventId);

/** Asserts that every request answered with 429 was retried no sooner than its Retry-After. */
export function expectRetryAfterHonoured(requests: RecordedRequest[], retryAfterMs: number): void {
  const limited = requests.filter((r) => r.status === 429);
  expect(limited.length).toBeGreaterThan(0);
  for (const r of limited) {
    const same = (x: RecordedRequest) => x.path === r.path && x.query.toString() === r.query.toString();
    const retry = requests.find(
      (x) => x.at >= r.at && x !== r && same(x) && requests.indexOf(x) > requests.indexOf(r),
    );
    expect(retry).toBeDefined();
    expect(retry!.at - r.at).toBeGreaterThanOrEqual(retryAfterMs);
  }
}

/**
 * The acceptance scenario every source runs against a local server speaking its API: paged first poll with a 429
 * and a 500, exact mentions on the real topic, the cursor in the MongoDB-wire store, then a restart, a malformed
 * body, new posts mixed with old ones, and an empty result — with nothing ever published twice.
 */
export function runSourceScenario(s: SourceScenario): void {
  jest.setTimeout(60_000);
  let api: FakeApi;
  let h: PollerHarness;
  const reports: PollReport[][] = [];
  let expectFirst: ExpectedMention[] = [];
  let expectNext: ExpectedMention[] = [];
  let expectCursor: unknown;

  beforeAll(async () => {
    api = await startFakeApi(s.first);
    h = await createPollerHarness({
      name: s.source,
      brandsYaml: resolveExpect(s.brandsYaml, api.url),
      env: s.env(api.url),
      now: s.now ? () => s.now! : undefined,
      files: s.files,
    });
    expectFirst = resolveExpect(s.expectFirst, api.url);
    expectNext = resolveExpect(s.expectNext, api.url);
    expectCursor = resolveExpect(s.expectCursor, api.url);
  });

  afterAll(async () => {
    await h?.close();
    await api?.close();
  });

  it('first poll: reads every page through a 429 and a 500, publishes exactly the matching mentions', async () => {
    await h.startApp();
    reports.push(await h.poll());
    expect(reports[0]).toEqual([expect.objectContaining({ source: s.source, outcome: 'ok' })]);
    const consumed = await h.consumed();
    expect(consumed.map((m) => withoutFetchedAt(m.value)).sort(byEventId)).toEqual(
      [...expectFirst].sort(byEventId),
    );
    for (const m of consumed) expect(m.key).toBe(m.value.eventId);
    expect(api.requests.some((r) => r.status === 500)).toBe(true);
    expectRetryAfterHonoured(api.requests, 1000);
    s.checkFirstRequests?.(api.requests);
  });

  it('stores the cursor in the MongoDB-wire store', async () => {
    const doc = await h.cursor('acme', s.source);
    expect(doc).toEqual({
      _id: `acme:${s.source}`,
      brand: 'acme',
      source: s.source,
      cursor: expectCursor,
      updatedAt: expect.any(Date) as unknown,
    });
  });

  it('after a restart, skips a malformed body without publishing or moving the cursor', async () => {
    await h.stopApp();
    api.setHandler(s.malformed);
    await h.startApp();
    const report = await h.poll();
    expect(report).toEqual([expect.objectContaining({ published: 0 })]);
    expect(report[0]!.malformed + (report[0]!.outcome === 'failed' ? 1 : 0)).toBeGreaterThan(0);
    expect((await h.consumed()).length).toBe(expectFirst.length);
    expect((await h.cursor('acme', s.source))?.cursor).toEqual(expectCursor);
  });

  it('publishes only what is new since the cursor', async () => {
    api.setHandler(s.next);
    const start = api.requests.length;
    const report = await h.poll();
    expect(report).toEqual([expect.objectContaining({ outcome: 'ok', published: expectNext.length })]);
    const consumed = await h.consumed();
    expect(
      consumed
        .slice(expectFirst.length)
        .map((m) => withoutFetchedAt(m.value))
        .sort(byEventId),
    ).toEqual([...expectNext].sort(byEventId));
    s.checkNextRequests?.(api.requests.slice(start));
  });

  it('handles an empty result, and never published anything twice', async () => {
    api.setHandler(s.empty);
    const before = await h.cursor('acme', s.source);
    expect(await h.poll()).toEqual([expect.objectContaining({ outcome: 'ok', published: 0 })]);
    expect((await h.cursor('acme', s.source))?.cursor).toEqual(before?.cursor);
    await h.stopApp();
    const consumed = await h.consumed();
    expect(consumed).toHaveLength(expectFirst.length + expectNext.length);
    expect(new Set(consumed.map((m) => m.value.eventId)).size).toBe(consumed.length);
  });
}
