import { hourOf, MINUTE_MS, type MentionDoc } from './mention-doc';
import { countMembers, mergeMinutes, toMember, type Member, type RollupCounts } from './rollup';
import type { MentionsRepo } from './store/mentions-repo';
import type { RollupsRepo } from './store/rollups-repo';

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
    if (!perMinute) touched.set(d.brand, (perMinute = new Map()));
    const key = d.minute.getTime();
    let members = perMinute.get(key);
    if (!members) perMinute.set(key, (members = {}));
    members[d._id] = toMember(d);
  }
  let minuteWrites = 0;
  let hourWrites = 0;
  for (const [brand, perMinute] of touched) {
    const freshByHour = new Map<number, Record<string, RollupCounts>>();
    for (const [minuteMs, members] of [...perMinute].sort((a, b) => a[0] - b[0])) {
      const minute = new Date(minuteMs);
      await deps.rollups.addMembers(brand, minute, members, now);
      const doc = await deps.rollups.minute(brand, minute);
      const counts = countMembers(Object.values(doc?.m ?? members));
      if (await deps.rollups.writeMinuteCounts(brand, minute, counts, now, doc?.total)) minuteWrites += 1;
      const hour = hourOf(minute).getTime();
      let fresh = freshByHour.get(hour);
      if (!fresh) freshByHour.set(hour, (fresh = {}));
      fresh[String((minuteMs - hour) / MINUTE_MS)] = counts;
    }
    for (const [hourMs, fresh] of freshByHour) {
      const hour = new Date(hourMs);
      const stored = await deps.rollups.hour(brand, hour);
      if (await deps.rollups.writeHour(brand, hour, mergeMinutes(stored?.minutes, fresh), now)) hourWrites += 1;
    }
  }
  return { inserted, duplicates, minuteWrites, hourWrites, brands: [...touched.keys()] };
}
