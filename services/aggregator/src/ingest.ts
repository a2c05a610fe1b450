import { HOUR_MS, hourOf, type MentionDoc } from './mention-doc';
import { countMentions, sumCounts, type RollupCounts } from './rollup';
import type { MentionsRepo } from './store/mentions-repo';
import type { RollupsRepo } from './store/rollups-repo';

export interface IngestDeps {
  mentions: MentionsRepo;
  rollups: RollupsRepo;
  /** Minute rollups older than this are deleted by retention; hours reaching back there are counted from mentions. */
  minuteRetentionMs: number;
}

export interface IngestResult {
  inserted: number;
  duplicates: number;
  minuteWrites: number;
  hourWrites: number;
  brands: string[];
}

/**
 * Stores mentions and brings the rollups of every bucket they touch up to date, exactly once per mention:
 *  1. unordered insert with _id = eventId (an already-stored mention is a duplicate key, not an error);
 *  2. for each touched (brand, minute), recount the bucket from the stored mentions and $set absolute counts;
 *  3. for each touched (brand, hour), sum its minute rollups and $set absolute counts.
 * No step increments anything, so running it again (a replay, or a redelivery after a crash between any two
 * writes) recomputes the same values from the same stored mentions: nothing is counted twice or lost.
 */
export async function ingest(docs: MentionDoc[], deps: IngestDeps, now: Date): Promise<IngestResult> {
  const { inserted, duplicates } = await deps.mentions.insert(docs);
  const byBrand = new Map<string, Set<number>>();
  for (const d of docs) {
    let minutes = byBrand.get(d.brand);
    if (!minutes) byBrand.set(d.brand, (minutes = new Set()));
    minutes.add(d.minute.getTime());
  }
  let minuteWrites = 0;
  let hourWrites = 0;
  for (const [brand, minuteSet] of byBrand) {
    const minutes = [...minuteSet].sort((a, b) => a - b).map((t) => new Date(t));
    const stored = await deps.mentions.rollupInputs(brand, minutes);
    const perMinute = new Map<number, typeof stored>();
    for (const m of stored) {
      const key = m.minute.getTime();
      const list = perMinute.get(key);
      if (list) list.push(m);
      else perMinute.set(key, [m]);
    }
    minuteWrites += await deps.rollups.write(
      'minute',
      brand,
      minutes.map((bucket) => ({ bucket, counts: countMentions(perMinute.get(bucket.getTime()) ?? []) })),
      now,
    );
    hourWrites += await deps.rollups.write('hour', brand, await hourCounts(brand, minutes, deps, now), now);
  }
  return { inserted, duplicates, minuteWrites, hourWrites, brands: [...byBrand.keys()] };
}

async function hourCounts(
  brand: string,
  minutes: Date[],
  deps: IngestDeps,
  now: Date,
): Promise<{ bucket: Date; counts: RollupCounts }[]> {
  const hours = [...new Set(minutes.map((m) => hourOf(m).getTime()))].sort((a, b) => a - b);
  const horizon = now.getTime() - deps.minuteRetentionMs;
  const fromMinutes = hours.filter((h) => h >= horizon);
  const fromMentions = hours.filter((h) => h < horizon);
  const result: { bucket: Date; counts: RollupCounts }[] = [];
  if (fromMinutes.length > 0) {
    const first = fromMinutes[0] as number;
    const last = fromMinutes[fromMinutes.length - 1] as number;
    const docs = await deps.rollups.read('minute', brand, new Date(first), new Date(last + HOUR_MS));
    const perHour = new Map<number, RollupCounts[]>();
    for (const d of docs) {
      const h = hourOf(d.bucket).getTime();
      const list = perHour.get(h);
      if (list) list.push(d);
      else perHour.set(h, [d]);
    }
    for (const h of fromMinutes) result.push({ bucket: new Date(h), counts: sumCounts(perHour.get(h) ?? []) });
  }
  // Late mentions for hours whose minute rollups may already be gone: count the hour from the mentions.
  for (const h of fromMentions) {
    const stored = await deps.mentions.rollupInputsBetween(brand, new Date(h), new Date(h + HOUR_MS));
    result.push({ bucket: new Date(h), counts: countMentions(stored) });
  }
  return result;
}
