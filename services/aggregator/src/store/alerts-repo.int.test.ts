import type { Alert } from '@crumbtrail/contracts';
import { MongoClient, type Db } from 'mongodb';
import { stackEnv, uniqueDbName } from '../test-support/fixtures';
import { COLLECTIONS } from './collections';
import { createAlertsRepo, type AlertDoc, type AlertsRepo } from './alerts-repo';

jest.setTimeout(60_000);

const T0 = new Date('2026-11-01T10:00:00Z');
const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);

/** The repo reads nothing of the event but its brand; the rest of an Alert is the detector's business. */
function openDoc(brand: string, id: string, openedAt: Date): AlertDoc {
  const alert = { alertId: id, brand, state: 'open' } as unknown as Alert;
  return {
    _id: id,
    brand,
    kind: 'negative_share',
    state: 'open',
    openedAt,
    published: false,
    alert,
    updatedAt: openedAt,
  };
}
const resolvedEvent = (doc: AlertDoc) => ({ ...doc.alert, state: 'resolved' }) as Alert;

describe('alerts repo (real MongoDB-wire server)', () => {
  const { MONGO_URL } = stackEnv();
  let client: MongoClient;
  let db: Db;
  let repo: AlertsRepo;

  beforeEach(async () => {
    client = await MongoClient.connect(MONGO_URL);
    db = client.db(uniqueDbName('agg_alerts'));
    repo = createAlertsRepo(db);
    await repo.ensureIndexes();
  });
  afterEach(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('remembers per brand the open alert, then its resolution', async () => {
    expect(await repo.current('acme')).toEqual({ open: null, rev: 0 });
    const doc = openDoc('acme', 'a1', minutes(0));
    expect(await repo.insert(doc, 0)).toBe(true);
    expect(await repo.insert(doc, 1)).toBe(false);
    expect((await repo.current('acme')).open?._id).toBe('a1');
    expect((await repo.current('other')).open).toBeNull();

    expect(await repo.resolve('a1', resolvedEvent(doc), minutes(30))).toBe(true);
    expect(await repo.resolve('a1', resolvedEvent(doc), minutes(31))).toBe(false);
    expect(await repo.current('acme')).toEqual({ open: null, lastResolvedAt: minutes(30), rev: 2 });

    expect(await repo.insert(openDoc('acme', 'a2', minutes(120)), 2)).toBe(true);
    const now = await repo.current('acme');
    expect(now.open?._id).toBe('a2');
    expect(now.lastResolvedAt).toEqual(minutes(30));
  });

  it('reads a resolution the head missed (crash after resolving the alert) from the alert itself', async () => {
    const doc = openDoc('acme', 'a1', minutes(0));
    await repo.insert(doc, 0);
    await db
      .collection<AlertDoc>(COLLECTIONS.alerts)
      .updateOne({ _id: 'a1' }, { $set: { state: 'resolved', resolvedAt: minutes(20) } });
    expect(await repo.current('acme')).toEqual({ open: null, lastResolvedAt: minutes(20), rev: 1 });
  });

  it('repairs a head that missed its alert (crash between the two writes), from the re-publish sweep', async () => {
    await db.collection<AlertDoc>(COLLECTIONS.alerts).insertOne(openDoc('acme', 'a1', minutes(0)));
    expect((await repo.current('acme')).open).toBeNull();
    const [pending] = await repo.unpublished();
    await repo.repairHead(pending as AlertDoc);
    expect((await repo.current('acme')).open?._id).toBe('a1');

    await db
      .collection<AlertDoc>(COLLECTIONS.alerts)
      .updateOne({ _id: 'a1' }, { $set: { state: 'resolved', resolvedAt: minutes(40), published: false } });
    const [resolved] = await repo.unpublished();
    await repo.repairHead(resolved as AlertDoc);
    await repo.repairHead(resolved as AlertDoc);
    expect(await db.collection(COLLECTIONS.alertHeads).findOne({ _id: 'acme' as never })).toMatchObject({
      lastResolvedAt: minutes(40),
    });
    expect(await repo.current('acme')).toMatchObject({ open: null, lastResolvedAt: minutes(40) });
  });

  it('repairs a head still naming a resolved alert when a newer open alert missed it', async () => {
    const alerts = db.collection<AlertDoc>(COLLECTIONS.alerts);
    await repo.insert(openDoc('acme', 'a1', minutes(0)), 0);
    await alerts.updateOne({ _id: 'a1' }, { $set: { state: 'resolved', resolvedAt: minutes(20) } });
    await alerts.insertOne(openDoc('acme', 'a2', minutes(90)));
    expect(await repo.repairHead((await alerts.findOne({ _id: 'a2' })) as AlertDoc)).toBe(true);
    expect(await repo.current('acme')).toMatchObject({ open: { _id: 'a2' }, lastResolvedAt: minutes(20) });
  });

  it('builds heads from alerts stored before heads existed, once', async () => {
    const alerts = db.collection<AlertDoc>(COLLECTIONS.alerts);
    await alerts.insertMany([
      { ...openDoc('acme', 'old', minutes(0)), state: 'resolved', resolvedAt: minutes(50) },
      { ...openDoc('acme', 'older', minutes(-200)), state: 'resolved', resolvedAt: minutes(-100) },
      openDoc('acme', 'now', minutes(90)),
      { ...openDoc('beta', 'b1', minutes(5)), state: 'resolved', resolvedAt: minutes(10) },
    ]);
    expect(await repo.migrateHeads()).toBe(2);
    expect((await repo.current('acme')).open?._id).toBe('now');
    expect((await repo.current('acme')).lastResolvedAt).toEqual(minutes(50));
    expect(await repo.current('beta')).toEqual({ open: null, lastResolvedAt: minutes(10), rev: 0 });
    expect(await repo.migrateHeads()).toBe(0);
  });

  it('two instances evaluating one brand at once open one alert: the head is a compare-and-set', async () => {
    const alerts = db.collection<AlertDoc>(COLLECTIONS.alerts);
    // Both read the head at the same revision, then each opens an alert for its own window end.
    const [seenByA, seenByB] = await Promise.all([repo.current('acme'), repo.current('acme')]);
    expect(seenByA.rev).toBe(seenByB.rev);
    const results = await Promise.all([
      repo.insert(openDoc('acme', 'from-a', minutes(0)), seenByA.rev),
      repo.insert(openDoc('acme', 'from-b', minutes(1)), seenByB.rev),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'from-a' : 'from-b';
    expect((await repo.current('acme')).open?._id).toBe(winner);
    // The loser's document is gone before anyone could publish it: one alert for the episode.
    expect((await alerts.find({ brand: 'acme' }).toArray()).map((d) => d._id)).toEqual([winner]);
    expect((await repo.unpublished()).map((d) => d._id)).toEqual([winner]);
  });

  it('the re-publish sweep removes an unpublished alert that another alert superseded', async () => {
    const alerts = db.collection<AlertDoc>(COLLECTIONS.alerts);
    expect(await repo.insert(openDoc('acme', 'head', minutes(0)), 0)).toBe(true);
    // A stale instance's alert that crashed between its insert and its head update.
    await alerts.insertOne(openDoc('acme', 'orphan', minutes(1)));
    const orphan = (await alerts.findOne({ _id: 'orphan' })) as AlertDoc;
    expect(await repo.repairHead(orphan)).toBe(false);
    expect(await alerts.findOne({ _id: 'orphan' })).toBeNull();
    expect((await repo.current('acme')).open?._id).toBe('head');
  });
});
