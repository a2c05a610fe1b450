import type { HourDoc } from '@crumbtrail/storage';
import { waitFor } from '../../../test/support';
import type { TrendResponse } from './api/schemas';
import { ADMIN, Client, classified, startDashboard, type Harness } from './test-support/harness';

// The dashboard keeps settled hour rollups in memory (store/readers.ts). This proves it does, and that a late
// mention seen on the classified topic makes it read the hour again once the aggregator has counted it.
jest.setTimeout(120_000);

const H = 3_600_000;
let h: Harness;
let admin: Client;

beforeAll(async () => {
  h = await startDashboard({ DASHBOARD_WARM_DAYS: '2' });
  await h.app.warmedUp();
  admin = new Client(h.base);
  expect((await admin.login(ADMIN.email, ADMIN.password)).status).toBe(200);
});

afterAll(async () => {
  await h?.stop();
});

/** acme's mentions in the hour that starts at `bucket`, as the 24-hour trend shows them. */
async function shownIn(bucket: number): Promise<number | undefined> {
  const res = await admin.get('/api/v1/brands/acme/trend?period=24h');
  expect(res.status).toBe(200);
  const t = res.json as TrendResponse;
  return t.series.find((p) => Date.parse(p.t) === bucket)?.total;
}

it('serves a settled hour from memory, and reads it again when a late mention of it has been counted', async () => {
  const bucket = Math.floor((Date.now() - 5 * H) / H) * H;
  const rollup = (total: number): HourDoc => ({
    _id: `acme|${new Date(bucket).toISOString()}`,
    brand: 'acme',
    bucket: new Date(bucket),
    // The aggregator's watermarks: every offset of every partition counted.
    wm: { '0': Number.MAX_SAFE_INTEGER },
    total,
    sentiment: { negative: 1, neutral: total - 1 },
    intent: { other: total },
    sources: { reddit: total },
    langs: { en: total },
    complaints: 0,
    updatedAt: new Date(),
  });
  // Written behind the dashboard's back, after its start-up read: the hour stays as it was read (empty).
  await h.db.collection<HourDoc>('rollups_hour').insertOne(rollup(10));
  expect(await shownIn(bucket)).toBe(0);
  expect(await shownIn(bucket)).toBe(0);

  // A late mention of that hour arrives; the aggregator has counted it (watermark above its offset).
  await h.db.collection<HourDoc>('rollups_hour').replaceOne({ _id: rollup(11)._id }, rollup(11));
  // A new live consumer reads from where it first fetches, so late mentions go on arriving until one is seen.
  let n = 0;
  await waitFor(
    async () => {
      n += 1;
      await h.publish([classified({ brand: 'acme', id: `late-${n}`, at: new Date(bucket + n * 1000) })]);
      return (await shownIn(bucket)) === 11;
    },
    { timeoutMs: 60_000, intervalMs: 500, description: 'the late hour read again' },
  );
});
