import { MongoClient } from 'mongodb';
async function main() {
  const c = await MongoClient.connect(process.env.MONGO_URL!);
  const db = c.db('probe_' + Date.now());
  const col = db.collection<any>('m');
  const docs = Array.from({ length: 20000 }, (_, i) => ({ _id: 'e' + i, brand: 'b' + (i % 20), sentiment: 'neg', score: 0.1 }));
  for (let i = 0; i < docs.length; i += 1000) await col.insertMany(docs.slice(i, i + 1000), { ordered: false });
  const r = db.collection<any>('r');
  const t = async (name: string, f: () => Promise<unknown>) => { const s = performance.now(); await f(); console.log(name, Math.round(performance.now() - s), 'ms'); };
  await t('20x _id eq', async () => { for (let i = 0; i < 20; i++) await col.findOne({ _id: 'e' + i * 7 }); });
  await t('_id $in 20', () => col.find({ _id: { $in: Array.from({ length: 20 }, (_, i) => 'e' + i * 7) } }).toArray());
  await t('20x fOAU members', async () => { for (let i = 0; i < 20; i++) await r.findOneAndUpdate({ _id: 'k' + (i % 4) }, { $set: { ['members.id' + i]: { s: 'n', sc: -0.5 } } }, { upsert: true, returnDocument: 'after' }); });
  await t('bulk 200 members set', () => r.bulkWrite(Array.from({ length: 200 }, (_, i) => ({ updateOne: { filter: { _id: 'k' + (i % 4) }, update: { $set: { ['members.x' + i]: { s: 'n', sc: -0.5 } } }, upsert: true } })), { ordered: false }));
  await t('1 update 200 paths', () => r.updateOne({ _id: 'k9' }, { $set: Object.fromEntries(Array.from({ length: 200 }, (_, i) => ['members.y' + i, { s: 'n', sc: -0.5 }])) }, { upsert: true }));
  const d = await r.findOne({ _id: 'k9' }); console.log(Object.keys(d.members).length);
  await t('20x findOne k', async () => { for (let i = 0; i < 20; i++) await r.findOne({ _id: 'k' + (i % 4) }); });
  await db.dropDatabase(); await c.close();
}
main();
