import { hourOf, MINUTE_MS, type MentionDoc } from './mention-doc';
import { countMembers, mergeMinutes, toMember, type Member, type RollupCounts } from './rollup';
import type { MentionsRepo } from './store/mentions-repo';
import type { RollupsRepo } from './store/rollups-repo';

const CONCURRENCY = 8;

export interface IngestDeps {
  mentions: MentionsRepo;
  rollups: RollupsRepo;
}

export interface IngestResult {
  inserted: number;
  duplicates: number;
  minuteWrites: number;
  hourWrites: number;
  brands: string[];
}

/**
 * Stores mentions and brings the rollups of every bucket they touch up to date, exactly once per mention, with no
 * transaction and no increment:
 *  1. unordered insert into `mentions` with _id = eventId (an already-stored mention is a duplicate key);
 *  2. per touched (brand, minute): $set `m.<eventId>` = the mention's rollup fields in the minute document, a set
 *     keyed by eventId, so adding a mention again changes nothing;
 *  3. read that minute document, count its member set, $set the absolute counts;
 *  4. per touched (brand, hour): merge the fresh minute counts into the hour's per-minute map, $set hour totals.
 * Every step is idempotent and each derives from the step before, so a replay, or a redelivery after a crash
 * between any two writes, recomputes the same values: nothing is counted twice or lost.
 */
export async function ingest(docs: MentionDoc[], deps: IngestDeps, now: Date): Promise<IngestResult> {
  const { inserted, duplicates } = await deps.mentions.insert(docs);
  // brand -> minute (ms) -> eventId -> member
  const touched = new Map<string, Map<number, Record<string, Member>>>();
  for (const d of docs) {
    let perMinute = touched.get(d.brand);
    if (!perMinute) touched.set(d.brand, (perMinute = new Map<number, Record<string, Member>>()));
    const key = d.minute.getTime();
    let members = perMinute.get(key);
    if (!members) perMinute.set(key, (members = {}));
    members[d._id] = toMember(d);
  }
  let minuteWrites = 0;
  let hourWrites = 0;
  // Different buckets are different documents: recount them concurrently (FerretDB answers each in a few ms,
  // so latency, not work, bounds a sequential loop).
  const minuteJobs = [...touched].flatMap(([brand, perMinute]) =>
    [...perMinute].map(([minuteMs, members]) => ({ brand, minuteMs, members })),
  );
  const counted = await mapLimit(minuteJobs, CONCURRENCY, async ({ brand, minuteMs, members }) => {
    const minute = new Date(minuteMs);
    await deps.rollups.addMembers(brand, minute, members, now);
    const doc = await deps.rollups.minute(brand, minute);
    const counts = countMembers(Object.values(doc?.m ?? members));
    if (await deps.rollups.writeMinuteCounts(brand, minute, counts, now, doc?.total)) minuteWrites += 1;
    return { brand, minuteMs, counts };
  });
  const freshByHour = new Map<string, { brand: string; hour: number; fresh: Record<string, RollupCounts> }>();
  for (const { brand, minuteMs, counts } of counted) {
    const hour = hourOf(new Date(minuteMs)).getTime();
    const key = `${brand}|${hour}`;
    let entry = freshByHour.get(key);
    if (!entry) freshByHour.set(key, (entry = { brand, hour, fresh: {} }));
    entry.fresh[String((minuteMs - hour) / MINUTE_MS)] = counts;
  }
  await mapLimit([...freshByHour.values()], CONCURRENCY, async ({ brand, hour, fresh }) => {
    const stored = await deps.rollups.hour(brand, new Date(hour));
    if (await deps.rollups.writeHour(brand, new Date(hour), mergeMinutes(stored?.minutes, fresh), now)) {
      hourWrites += 1;
    }
  });
  return { inserted, duplicates, minuteWrites, hourWrites, brands: [...touched.keys()] };
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
