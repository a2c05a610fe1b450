import { COLLECTIONS, type SourceStatusDoc } from '@crumbtrail/storage';
import { MongoClient } from 'mongodb';
import { hnEmpty } from './sources/__fixtures__/hackernews';
import { startFakeApi } from './test-support/fake-api';
import type { FakeApi, Reply } from './test-support/fake-api';
import { createPollerHarness } from './test-support/harness';
import type { PollerHarness } from './test-support/harness';

jest.setTimeout(60_000);

/**
 * The poller against a local Hacker News API that throttles it: the source_status document the dashboard reads shows
 * until when the source is held back, and loses that once the API answers normally again.
 */
describe('poller: rate-limit state in source_status', () => {
  let api: FakeApi;
  let h: PollerHarness;
  let mongo: MongoClient;
  let reply: Reply = { body: hnEmpty };

  const status = () =>
    mongo
      .db(h.dbName)
      .collection<SourceStatusDoc>(COLLECTIONS.sourceStatus)
      .findOne({ _id: 'acme:hackernews' });

  beforeAll(async () => {
    api = await startFakeApi(() => reply);
    h = await createPollerHarness({
      name: 'rate-limit-status',
      brandsYaml: `
brands:
  - id: acme
    name: Acme
    query: acme
    sources:
      hackernews: { schedule: "0 0 1 1 *" }
`,
      env: { HACKERNEWS_BASE_URL: api.url, RATE_LIMIT_MAX_WAIT_SECONDS: '5' },
    });
    mongo = await MongoClient.connect(process.env.MONGO_URL!);
  });

  afterAll(async () => {
    await h?.close();
    await api?.close();
    await mongo?.close();
  });

  it('a 429 with a Retry-After longer than a poll waits is recorded as rateLimitedUntil', async () => {
    reply = { status: 429, headers: { 'retry-after': '3600' }, body: { message: 'Too many requests' } };
    await h.startApp();
    const before = Date.now();
    expect(await h.poll()).toEqual([expect.objectContaining({ outcome: 'failed' })]);
    const after = Date.now();
    expect(api.requests.map((r) => r.status)).toEqual([429]);

    const doc = await status();
    expect(doc).toMatchObject({ consecutiveFailures: 1, lastError: expect.stringMatching(/HTTP 429/) });
    const until = doc!.rateLimitedUntil!.getTime();
    expect(until).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
    expect(until).toBeLessThanOrEqual(after + 3_600_000 + 1000);
  });

  it('the next poll keeps its hands off the API and keeps the same until-time', async () => {
    const first = (await status())!.rateLimitedUntil!;
    expect(await h.poll()).toEqual([expect.objectContaining({ outcome: 'failed' })]);
    expect(api.requests).toHaveLength(1);
    expect(await status()).toMatchObject({ rateLimitedUntil: first, consecutiveFailures: 2 });
  });

  it('a successful poll clears it', async () => {
    // A new process has no cooldown in memory; the API answers normally again.
    await h.stopApp();
    reply = { body: hnEmpty };
    await h.startApp();
    expect(await h.poll()).toEqual([expect.objectContaining({ outcome: 'ok' })]);
    const doc = await status();
    expect(doc).toMatchObject({ consecutiveFailures: 0, mentionsLastPoll: 0 });
    expect(doc).not.toHaveProperty('rateLimitedUntil');
  });

  it('a successful poll that used up the window records the reset time', async () => {
    reply = { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '600' }, body: hnEmpty };
    const before = Date.now();
    expect(await h.poll()).toEqual([expect.objectContaining({ outcome: 'ok' })]);
    const until = (await status())!.rateLimitedUntil!.getTime();
    expect(until).toBeGreaterThanOrEqual(before + 600_000 - 1000);
    expect(until).toBeLessThanOrEqual(Date.now() + 600_000 + 1000);
  });
});
