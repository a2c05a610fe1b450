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
