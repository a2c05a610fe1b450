import { createLogger } from '@crumbtrail/runtime';
import type { Db } from 'mongodb';
import { connectTestDb } from '../../../../test/support';
import { classified } from '../test-support/harness';
import { CHUNK_ENTRIES, slotId } from './mention-index';
import { InboxRepo } from './inbox-repo';
import { MentionIndexRepo } from './mention-index-repo';
import { dropExpiredReadModels } from './retention-job';

let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await connectTestDb('mention_index'));
});

afterAll(async () => {
  await drop?.();
});

const SLOT = Date.parse('2026-12-01T10:00:00Z');
const NOW = SLOT + 86_400_000;

it('splits a busy slot into chunks of bounded size, lists every mention once (replays too) and finds each one', async () => {
  const index = new MentionIndexRepo(db, () => NOW);
  const total = 2 * CHUNK_ENTRIES + 250;
  // One mention a third of a second for ~7 minutes: all in the 10:00 slot.
  const mentions = Array.from({ length: total }, (_, i) =>
    classified({
      brand: 'acme',
      id: String(i),
      at: new Date(SLOT + i * 333),
      sentiment: i % 4 === 0 ? 'negative' : 'neutral',
    }),
  );
  for (let i = 0; i < total; i += 300) await index.add(mentions.slice(i, i + 300), NOW);
  // A replay of a batch after a crash: its entries land in the chunk being filled now.
  await index.add(mentions.slice(0, 300), NOW);

  const chunks = await db
    .collection<{ _id: string; e: Record<string, unknown> }>('dashboard_mention_slots')
    .find({})
    .toArray();
  expect(chunks.map((c) => c._id).sort()).toEqual(
    [0, 1, 2, 3].map((c) => (c === 0 ? slotId('acme', SLOT) : `${slotId('acme', SLOT)}|${c}`)).sort(),
  );
  for (const c of chunks) expect(Object.keys(c.e).length).toBeLessThanOrEqual(CHUNK_ENTRIES);

  const seen: string[] = [];
  let after: { t: number; id: string } | undefined;
  for (;;) {
    const page = await index.list('acme', { from: SLOT, to: NOW }, after, 200);
    seen.push(...page.items.map((e) => e.id));
    if (!page.next) break;
    after = page.next;
  }
  expect(seen).toHaveLength(total);
  expect(new Set(seen).size).toBe(total);
  const negatives = await index.list(
    'acme',
    { from: SLOT, to: NOW, sentiment: ['negative'] },
    undefined,
    1000,
  );
  expect(negatives.items).toHaveLength(Math.ceil(total / 4));

  const last = mentions[total - 1]!;
  expect(await index.entry('acme', last.eventId, Date.parse(last.publishedAt))).toMatchObject({
    s: 'neutral',
  });
  const replayed = mentions[10]!;
  await index.markCorrected('acme', replayed.eventId, Date.parse(replayed.publishedAt));
  const listed = await index.list('acme', { from: SLOT, to: NOW }, undefined, total);
  expect(listed.items.find((e) => e.id === replayed.eventId)).toMatchObject({ c: 1 });
});

it('deletes what it holds of a day past retention, and keeps the days after it', async () => {
  const now = Date.parse('2026-12-06T08:00:00Z');
  const logger = createLogger({ service: 'retention-test', level: 'warn' });
  const index = new MentionIndexRepo(db, () => now);
  const inbox = new InboxRepo(db);
  const old = new Date('2026-11-03T12:00:00Z');
  const recent = new Date('2026-11-20T12:00:00Z');
  const mentions = [
    classified({ brand: 'globex', id: 'old-1', at: old, intent: 'complaint' }),
    classified({ brand: 'globex', id: 'old-2', at: new Date(old.getTime() + 3_600_000) }),
    classified({ brand: 'globex', id: 'new-1', at: recent, intent: 'complaint' }),
  ];
  await index.add(mentions, now);
  await inbox.add(
    mentions
      .filter((m) => m.classification.intent.label === 'complaint')
      .map((m) => ({
        id: m.eventId,
        brand: m.brand,
        t: Date.parse(m.publishedAt),
        kind: 'complaint' as const,
      })),
  );

  const dropExpired = () =>
    dropExpiredReadModels({ index, inbox, brands: ['globex'], retentionDays: 30, now, logger });
  const dropped = await dropExpired();
  expect(dropped).toEqual({ slots: 2, inboxItems: 1 });
  const listed = await index.list(
    'globex',
    { from: Date.parse('2026-10-01T00:00:00Z'), to: now },
    undefined,
    10,
  );
  expect(listed.items.map((e) => e.id)).toEqual([mentions[2]!.eventId]);
  expect(await inbox.openCount('globex', now)).toBe(1);
  expect(
    await db.collection('dashboard_inbox_items').findOne({ _id: mentions[0]!.eventId as never }),
  ).toBeNull();
  expect(
    await db.collection('dashboard_mention_days').findOne({ _id: 'globex|2026-11-03' as never }),
  ).toBeNull();
  // A second run finds nothing left to delete.
  expect(await dropExpired()).toEqual({ slots: 0, inboxItems: 0 });
});
