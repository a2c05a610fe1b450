import { bucketsOf, rollupUpdate } from './contributions';
import type { MentionDoc } from './mention-doc';
import type { MentionsRepo } from './store/mentions-repo';
import type { RollupsRepo, RollupWrite } from './store/rollups-repo';

export interface IngestDeps {
  mentions: MentionsRepo;
  rollups: RollupsRepo;
}

export interface IngestResult {
  inserted: number;
  duplicates: number;
  /** Hour documents updated. */
  rollupWrites: number;
  brands: string[];
}

/**
 * Stores a batch of mentions (each with its partition and offset) and adds them to their (brand, hour) rollups,
 * which hold the hour's minutes too, exactly once per mention, without transactions:
 *  1. one unordered insert into `mentions` with _id = eventId; a document that was stored before is a duplicate;
 *  2. a mention counts if this message stored it: inserted now, or stored by this same partition/offset before
 *     (a redelivery after a crash). A copy of an eventId stored from another offset never counts;
 *  3. per touched rollup document: read its watermarks, `$inc` the counts of the counting mentions above them
 *     and raise the watermarks, in one single-document update (all of them sent in one unordered bulk).
 * A crash anywhere leaves each rollup document either with a message's contribution and the watermark past it, or
 * with neither; the redelivered batch then adds exactly what is missing. Replays add nothing.
 */
export async function ingest(docs: MentionDoc[], deps: IngestDeps, now: Date): Promise<IngestResult> {
  const { inserted, duplicates } = await deps.mentions.insert(docs);
  const counting = await countingMentions(docs, duplicates, deps.mentions);
  // States come from the cache after the first batch (misses are one _id read each: FerretDB scans for `$in`);
  // the updates go in one bulk, so the round trips per batch do not grow with the documents it touches.
  const writes: RollupWrite[] = [];
  for (const target of bucketsOf(counting)) {
    const update = rollupUpdate(target, await deps.rollups.state(target.brand, target.hour));
    if (update) writes.push({ brand: target.brand, hour: target.hour, update });
  }
  await deps.rollups.applyAll(writes, now);
  return {
    inserted,
    duplicates: duplicates.length,
    rollupWrites: writes.length,
    brands: [...new Set(counting.map((d) => d.brand))],
  };
}

/** The batch's mentions minus duplicates stored from another message (step 2 above). */
async function countingMentions(
  docs: MentionDoc[],
  duplicateIndexes: number[],
  mentions: MentionsRepo,
): Promise<MentionDoc[]> {
  if (duplicateIndexes.length === 0) return docs;
  const duplicate = new Set(duplicateIndexes);
  const storedAt = await mentions.positions([
    ...new Set(duplicateIndexes.map((i) => (docs[i] as MentionDoc)._id)),
  ]);
  return docs.filter((doc, i) => {
    if (!duplicate.has(i)) return true;
    const at = storedAt.get(doc._id);
    return at?.partition === doc.kafka.partition && at.offset === doc.kafka.offset;
  });
}
