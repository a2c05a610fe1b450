import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import { requireEnv, uniqueDbName } from '../../../test/support';
import { AlertAcknowledgements } from './acks-repo';
import { BrandMutes } from './mutes-repo';

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = await MongoClient.connect(requireEnv('MONGO_URL'));
  db = client.db(uniqueDbName('alert_actions'));
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe('BrandMutes', () => {
  const t0 = new Date('2026-12-06T10:00:00Z');
  const hours = (n: number) => new Date(t0.getTime() + n * 3_600_000);

  it('is in force until it expires, by itself', async () => {
    const mutes = new BrandMutes(db);
    expect(await mutes.activeMute('acme', t0)).toBeNull();
    await mutes.mute({ brand: 'acme', until: hours(8), by: 'ana', note: 'known outage' }, t0);
    expect(await mutes.activeMute('acme', hours(7))).toMatchObject({
      _id: 'acme',
      by: 'ana',
      note: 'known outage',
    });
    expect(await mutes.activeMute('acme', hours(8))).toBeNull();
    expect(await mutes.activeMute('other', hours(1))).toBeNull();
  });

  it('takes the latest decision, and can be lifted', async () => {
    const mutes = new BrandMutes(db);
    await mutes.mute({ brand: 'beta', until: hours(24), by: 'ana' }, t0);
    await mutes.mute({ brand: 'beta', until: hours(1), by: 'ben' }, hours(0.5));
    expect(await mutes.activeMute('beta', hours(2))).toBeNull();
    await mutes.mute({ brand: 'beta', until: hours(24), by: 'ana' }, hours(2));
    expect(await mutes.unmute('beta')).toBe(true);
    expect(await mutes.unmute('beta')).toBe(false);
    expect(await mutes.activeMute('beta', hours(3))).toBeNull();
  });
});

describe('AlertAcknowledgements', () => {
  const now = new Date('2026-12-06T10:00:00Z');

  it('keeps the first acknowledgement of an alert', async () => {
    const acks = new AlertAcknowledgements(db);
    const first = await acks.acknowledge({ alertId: 'a1', brand: 'acme', by: 'ana', note: 'on it' }, now);
    const second = await acks.acknowledge({ alertId: 'a1', brand: 'acme', by: 'email:ben@example.com' }, now);
    expect(first.created).toBe(true);
    expect(second).toEqual({ created: false, acknowledgement: first.acknowledgement });
    expect(await acks.get('a1')).toEqual(first.acknowledgement);
  });

  it('looks several up at once, leaving out the unacknowledged', async () => {
    const acks = new AlertAcknowledgements(db);
    await acks.acknowledge({ alertId: 'm1', brand: 'acme', by: 'ana' }, now);
    await acks.acknowledge({ alertId: 'm2', brand: 'acme', by: 'ana' }, now);
    const found = await acks.getMany(['m1', 'm2', 'm3', 'm1']);
    expect([...found.keys()].sort()).toEqual(['m1', 'm2']);
  });
});
