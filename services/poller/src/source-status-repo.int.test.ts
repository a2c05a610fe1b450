import type { SourceStatusDoc } from '@crumbtrail/storage';
import { MongoClient, type Db } from 'mongodb';
import { requireEnv, uniqueDbName } from '../../../test/support';
import type { PollReport } from './poll/run-poll';
import { SourceStatusRepo } from './source-status-repo';

let client: MongoClient;
let db: Db;
const report = (outcome: PollReport['outcome'], extra: Partial<PollReport> = {}): PollReport => ({
  brand: 'acme',
  source: 'reddit',
  outcome,
  fetched: 4,
  published: 3,
  filtered: {},
  malformed: 0,
  ...extra,
});

beforeAll(async () => {
  client = await MongoClient.connect(requireEnv('MONGO_URL'));
  db = client.db(uniqueDbName('source_status'));
});
afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

it('records successes and counts failures in a row until the next success', async () => {
  const repo = new SourceStatusRepo(db);
  const col = db.collection<SourceStatusDoc>('source_status');
  const t = (s: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, s));
  await repo.record(report('ok'), t(0));
  await repo.record(report('failed', { error: 'HTTP 503' }), t(1));
  await repo.record(report('partial', { error: 'page 2: timeout', published: 1 }), t(2));
  expect(await col.findOne({ _id: 'acme:reddit' })).toMatchObject({
    lastSuccessAt: t(0),
    lastErrorAt: t(2),
    lastError: 'page 2: timeout',
    consecutiveFailures: 2,
    mentionsLastPoll: 1,
  });
  await repo.record(report('aborted'), t(3));
  expect((await col.findOne({ _id: 'acme:reddit' }))?.lastPollAt).toEqual(t(2));
  await repo.record(report('ok'), t(4));
  expect(await col.findOne({ _id: 'acme:reddit' })).toMatchObject({
    lastSuccessAt: t(4),
    consecutiveFailures: 0,
    mentionsLastPoll: 3,
  });
});

it('writes rateLimitedUntil while the API holds the source back and removes it when it no longer does', async () => {
  const repo = new SourceStatusRepo(db);
  const col = db.collection<SourceStatusDoc>('source_status');
  const t = (s: number) => new Date(Date.UTC(2026, 11, 6, 13, 0, s));
  const id = { _id: 'acme:x' };
  const x = (outcome: PollReport['outcome'], extra: Partial<PollReport> = {}) =>
    report(outcome, { source: 'x', ...extra });

  // A first-ever poll that was throttled creates the document with the until-time.
  await repo.record(x('failed', { error: 'x: rate limited (HTTP 429)', rateLimitedUntil: t(900) }), t(0));
  expect(await col.findOne(id)).toMatchObject({ rateLimitedUntil: t(900), consecutiveFailures: 1 });
  // Still held back on the next poll: the later until-time replaces the earlier one.
  await repo.record(x('failed', { error: 'cooling down', rateLimitedUntil: t(1800) }), t(60));
  expect((await col.findOne(id))?.rateLimitedUntil).toEqual(t(1800));
  // A successful poll that used up the window records the reset, and the success.
  await repo.record(x('ok', { rateLimitedUntil: t(1900) }), t(1801));
  expect(await col.findOne(id)).toMatchObject({
    rateLimitedUntil: t(1900),
    lastSuccessAt: t(1801),
    consecutiveFailures: 0,
  });
  // A successful poll with nothing pending removes the field.
  await repo.record(x('ok'), t(1960));
  const cleared = await col.findOne(id);
  expect(cleared).toMatchObject({ lastSuccessAt: t(1960), consecutiveFailures: 0 });
  expect(cleared).not.toHaveProperty('rateLimitedUntil');
  // A failure that is not a rate limit (HTTP 503) does not bring it back.
  await repo.record(x('failed', { error: 'HTTP 503' }), t(2020));
  expect(await col.findOne(id)).not.toHaveProperty('rateLimitedUntil');
  // An aborted poll (shutdown) changes nothing.
  await repo.record(x('failed', { rateLimitedUntil: t(3000) }), t(2080));
  await repo.record(x('aborted'), t(2090));
  expect((await col.findOne(id))?.rateLimitedUntil).toEqual(t(3000));
});
