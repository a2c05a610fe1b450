import { bucketsOf, rollupUpdate } from './contributions';
import { EVIDENCE_PER_SLOT } from './rollup';
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

  it('groups a batch into the (brand, hour) documents it touches', () => {
    const later = mention('5', 0, 14);
    later.minute = new Date(Date.UTC(2026, 10, 1, 12, 0));
    const other = { ...mention('6', 1, 15), brand: 'globex' };
    const buckets = bucketsOf([...batch, later, other]);
    expect(buckets.map((b) => `${b.brand} ${b.hour.toISOString()} ${b.mentions.length}`)).toEqual([
      'acme 2026-11-01T11:00:00.000Z 4',
      'acme 2026-11-01T12:00:00.000Z 1',
      'globex 2026-11-01T11:00:00.000Z 1',
    ]);
  });

  it('adds everything to a new document and records the highest offset per partition', () => {
    const [hour] = bucketsOf(batch);
    const update = rollupUpdate(hour!, null)!;
    expect(update.watermarks).toEqual({ '0': 12, '1': 13 });
    expect(update.inc).toMatchObject({
      total: 4,
      'sentiment.negative': 2,
      'minutes.58.total': 2,
      'minutes.59.total': 2,
      'minutes.59.negative': 1,
    });
    expect(update.inc['sentiment.neutral']).toBeUndefined(); // zero counts are not written
    // Minutes 58 and 59 share the slot that starts at minute 55.
    expect(update.evidence?.['55.0']?.map((c) => c.id)).toEqual([batch[0]!._id, batch[2]!._id]);
    expect(Object.keys(update.evidence ?? {})).toEqual(['55.0']);
  });

  it('leaves out what the watermarks say is counted, per partition', () => {
    const hour = bucketsOf(batch)[0]!;
    const update = rollupUpdate(hour, { watermarks: { '0': 11 } })!;
    expect(update.inc).toMatchObject({ total: 2, 'minutes.59.total': 2 });
    expect(update.inc['minutes.58.total']).toBeUndefined();
    expect(update.watermarks).toEqual({ '0': 12, '1': 13 });
    expect(rollupUpdate(hour, { watermarks: { '0': 12, '1': 13 } })).toBeUndefined();
  });

  it('keeps each slot’s most negative mentions per partition as evidence, merged with the stored ones', () => {
    const hour = bucketsOf([batch[0]!, batch[1]!, mention('7', 3, 20, true)])[0]!;
    const update = rollupUpdate(hour, {
      evidence: { '55.0': [{ id: 'old', sc: -0.95, e: 0 }], '55.1': [{ id: 'other', sc: -1, e: 0 }] },
    })!;
    // Only partition 0's lists change: each partition's consumer writes its own lists.
    expect(Object.keys(update.evidence ?? {}).sort()).toEqual(['0.0', '55.0']);
    expect(update.evidence?.['55.0']?.map((c) => c.id)).toEqual(['old', batch[0]!._id]);
    expect(update.evidence?.['0.0']?.map((c) => c.id)).toEqual([hour.mentions[2]!._id]);
  });

  it('keeps at most EVIDENCE_PER_SLOT candidates a list, the most negative', () => {
    const many = Array.from({ length: EVIDENCE_PER_SLOT + 5 }, (_, i) => mention(`n${i}`, 10, 100 + i, true));
    many.forEach((m, i) => (m.score = -i / 100));
    const update = rollupUpdate(bucketsOf(many)[0]!, null)!;
    const kept = update.evidence?.['10.0'] ?? [];
    expect(kept).toHaveLength(EVIDENCE_PER_SLOT);
    expect(kept[0]!.sc).toBe(-(EVIDENCE_PER_SLOT + 4) / 100);
  });
});
