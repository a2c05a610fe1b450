import type { Db } from 'mongodb';
import { connectTestDb } from '../../../../test/support';
import { InboxRepo } from './inbox-repo';

let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ db, drop } = await connectTestDb('inbox_repo'));
});

afterAll(async () => {
  await drop?.();
});

const T = Date.parse('2026-12-01T10:00:00Z');
const H = 3_600_000;

it('adds a batch, keeps triage across a redelivery of it, and counts open items per brand', async () => {
  const inbox = new InboxRepo(db);
  const batch = [
    { id: 'a1', brand: 'acme', t: T, kind: 'complaint' as const },
    { id: 'a2', brand: 'acme', t: T + H, kind: 'question' as const },
    { id: 'a3', brand: 'acme', t: T + 30 * H, kind: 'complaint' as const },
    { id: 'g1', brand: 'globex', t: T, kind: 'question' as const },
  ];
  await inbox.add(batch);
  await inbox.setState('acme', ['a1'], 'handled', 'ana', new Date(T + 2 * H));
  // The same batch again (a redelivery after a crash), plus one new item.
  await inbox.add([...batch, { id: 'a4', brand: 'acme', t: T + 2 * H, kind: 'question' as const }]);

  const now = T + 40 * H;
  expect(await inbox.openCount('acme', now)).toBe(3);
  expect(await inbox.openCount('globex', now)).toBe(1);
  const open = await inbox.list('acme', 'open', undefined, undefined, 10, now);
  expect(open.items.map((i) => i.id)).toEqual(['a2', 'a4', 'a3']);
  const handled = await inbox.list('acme', 'handled', undefined, undefined, 10, now);
  expect(handled.items).toMatchObject([{ id: 'a1', state: 'handled', by: 'ana' }]);
  expect(await db.collection('dashboard_inbox_items').countDocuments({})).toBe(5);
});
