import { createLogger } from './logger';
import { connectMongo } from './mongo';
import { stackEnv, uniqueName } from './test-support/stack';

const logger = createLogger({ service: 'runtime-int-test', level: 'silent' });

it('connects, pings, writes and closes', async () => {
  const conn = await connectMongo(
    stackEnv().mongoUrl,
    uniqueName('rt_mongo').replace(/[^A-Za-z0-9_-]/g, '_'),
    logger,
  );
  try {
    expect(await conn.ping()).toBe(true);
    const things = conn.db.collection<{ _id: string; n: number }>('things');
    await things.updateOne({ _id: 'a' }, { $inc: { n: 1 } }, { upsert: true });
    await things.updateOne({ _id: 'a' }, { $inc: { n: 1 } }, { upsert: true });
    expect(await things.find().toArray()).toEqual([{ _id: 'a', n: 2 }]);
    await conn.db.dropDatabase();
  } finally {
    await Promise.all([conn.close(), conn.close()]);
  }
});

it('fails fast with the URL redacted when the server is unreachable', async () => {
  const url = 'mongodb://alice:hunter2@127.0.0.1:1/';
  const attempt = connectMongo(url, 'x', logger, { serverSelectionTimeoutMS: 300 });
  await expect(attempt).rejects.toThrow('cannot reach MongoDB at mongodb://***:***@127.0.0.1:1/');
  await expect(attempt).rejects.not.toThrow('hunter2');
});
