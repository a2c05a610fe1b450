/**
 * Ingest benchmark on the local stack's MongoDB-wire server (FerretDB): stores batches of classified mentions with
 * their hourly rollups, as the consumer does, and prints mentions/s and the time per step.
 *   npm run bench:aggregate -w @crumbtrail/aggregator   (needs MONGO_URL, e.g. eval "$(bash deploy/local/stack.sh env)")
 * Env: BENCH_MENTIONS (default 20000), BENCH_BATCH (500), BENCH_BRANDS (20), BENCH_SPREAD_MINUTES (10),
 * BENCH_SCATTER (false: publishedAt grows with the mention's index; true: each mention at a random point of the
 * spread, as a live stream with late posts gives, so every batch touches every brand's hours).
 */
import { MongoClient } from 'mongodb';
import { ingest } from '../src/ingest';
import { toMentionDoc } from '../src/mention-doc';
import { createMentionsRepo, type MentionsRepo } from '../src/store/mentions-repo';
import { createRollupsRepo, type RollupsRepo } from '../src/store/rollups-repo';
import { classified } from '../src/test-support/fixtures';

const total = Number(process.env.BENCH_MENTIONS ?? 20_000);
const batchSize = Number(process.env.BENCH_BATCH ?? 500);
const brandCount = Number(process.env.BENCH_BRANDS ?? 20);
const spreadMinutes = Number(process.env.BENCH_SPREAD_MINUTES ?? 10);
const scatter = process.env.BENCH_SCATTER === 'true';

/** Deterministic position in [0, 1) for mention i (a multiplicative hash), so runs are comparable. */
function scattered(i: number): number {
  return (Math.imul(i + 1, 2654435761) >>> 0) / 4294967296;
}

function timed<T extends object>(target: T, times: Record<string, number>, prefix: string): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args);
        } finally {
          const key = `${prefix}.${String(prop)}`;
          times[key] = (times[key] ?? 0) + performance.now() - started;
          times[`${key}#calls`] = (times[`${key}#calls`] ?? 0) + 1;
        }
      };
    },
  });
}

async function main(): Promise<void> {
  const url = process.env.MONGO_URL;
  if (!url) throw new Error('MONGO_URL is not set: eval "$(bash deploy/local/stack.sh env)"');
  const client = await MongoClient.connect(url);
  const dbName = `bench_aggregate_${Date.now().toString(36)}`;
  const db = client.db(dbName);
  const times: Record<string, number> = {};
  try {
    const mentions = timed<MentionsRepo>(createMentionsRepo(db), times, 'mentions');
    const rollups = timed<RollupsRepo>(createRollupsRepo(db), times, 'rollups');
    await mentions.ensureIndexes();
    await rollups.ensureIndexes();
    const now = new Date();
    const start = now.getTime() - spreadMinutes * 60_000;
    const docs = Array.from({ length: total }, (_, i) =>
      toMentionDoc(
        classified({
          brand: `brand-${i % brandCount}`,
          id: String(i),
          at: new Date(start + Math.floor((scatter ? scattered(i) : i / total) * spreadMinutes * 60_000)),
          negative: i % 5 === 0,
          complaint: i % 7 === 0,
        }),
        now,
        { partition: 0, offset: i },
      ),
    );
    const begun = performance.now();
    for (let i = 0; i < docs.length; i += batchSize) {
      await ingest(docs.slice(i, i + batchSize), { mentions, rollups }, now);
    }
    const seconds = (performance.now() - begun) / 1000;
    const replayBegun = performance.now();
    for (let i = 0; i < Math.min(docs.length, 5 * batchSize); i += batchSize) {
      await ingest(docs.slice(i, i + batchSize), { mentions, rollups }, now);
    }
    const replaySeconds = (performance.now() - replayBegun) / 1000;
    console.log(
      JSON.stringify(
        {
          mentions: total,
          batchSize,
          brands: brandCount,
          spreadMinutes,
          scatter,
          seconds: round(seconds),
          mentionsPerSecond: Math.round(total / seconds),
          replayMentionsPerSecond: Math.round(Math.min(docs.length, 5 * batchSize) / replaySeconds),
          msPerStep: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(v)])),
        },
        null,
        2,
      ),
    );
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
