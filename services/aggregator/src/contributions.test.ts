import { bucketsOf, rollupUpdate } from './contributions';
import { toMentionDoc, type MentionDoc } from './mention-doc';
import { classified } from './test-support/fixtures';

const NOW = new Date('2026-11-01T12:30:00Z');

function mention(id: string, minute: number, offset: number, negative = false, partition = 0): MentionDoc {
  const at = new Date(Date.UTC(2026, 10, 1, 11, minute, 5));
  return toMentionDoc(classified({ brand: 'acme', id, at, negative }), NOW, { partition, offset });
}

describe('rollup contributions', () => {
  const batch = [
    mention('1', 58, 10, true),
    mention('2', 58, 11),
    mention('3', 59, 12, true),
    mention('4', 59, 13, false, 1),
  ];

  it('groups a batch into the minute and hour documents it touches', () => {
    const buckets = bucketsOf(batch);
    expect(buckets.map((b) => `${b.granularity} ${b.bucket.toISOString()} ${b.mentions.length}`)).toEqual([
      'minute 2026-11-01T11:58:00.000Z 2',
      'hour 2026-11-01T11:00:00.000Z 4',
      'minute 2026-11-01T11:59:00.000Z 2',
    ]);
  });

  it('adds everything to a new document and records the highest offset per partition', () => {
    const hour = bucketsOf(batch).find((b) => b.granularity === 'hour')!;
    const update = rollupUpdate(hour, null)!;
    expect(update.watermarks).toEqual({ '0': 12, '1': 13 });
    expect(update.inc).toMatchObject({
      total: 4,
      'sentiment.negative': 2,
      'minutes.58.total': 2,
      'minutes.59.total': 2,
      'minutes.59.negative': 1,
    });
    expect(update.inc['sentiment.neutral']).toBeUndefined(); // zero counts are not written
    expect(update.evidence).toBeUndefined();
  });

  it('leaves out what the watermarks say is counted, per partition', () => {
    const hour = bucketsOf(batch).find((b) => b.granularity === 'hour')!;
    const update = rollupUpdate(hour, { watermarks: { '0': 11 } })!;
    expect(update.inc).toMatchObject({ total: 2, 'minutes.59.total': 2 });
    expect(update.inc['minutes.58.total']).toBeUndefined();
    expect(update.watermarks).toEqual({ '0': 12, '1': 13 });
    expect(rollupUpdate(hour, { watermarks: { '0': 12, '1': 13 } })).toBeUndefined();
  });

  it('keeps the minute’s most negative mentions as evidence, merged with the stored ones', () => {
    const minute = bucketsOf(batch).find(
      (b) => b.bucket.getUTCMinutes() === 58 && b.granularity === 'minute',
    )!;
    const update = rollupUpdate(minute, {
      evidence: { '0': [{ id: 'old', sc: -0.95, e: 0 }], '1': [{ id: 'other', sc: -1, e: 0 }] },
    })!;
    // Only partition 0's list changes: each partition's consumer writes its own list.
    expect(Object.keys(update.evidence ?? {})).toEqual(['0']);
    expect(update.evidence?.['0']?.map((c) => c.id)).toEqual(['old', batch[0]!._id]);
  });
});
