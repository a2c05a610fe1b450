import { appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { eventId } from '@crumbtrail/contracts';
import { createPollerHarness, withoutFetchedAt } from '../test-support/harness';
import type { PollerHarness } from '../test-support/harness';

jest.setTimeout(60_000);

const NOW = new Date('2025-06-01T12:00:00Z');
const lines = [
  { id: 'demo-1', text: 'Acme anvils are great', author: '@alice', publishedAt: '2025-05-01T09:00:00Z' },
  {
    id: 'demo-2',
    text: 'acme support never answers',
    author: { handle: '@bob', name: 'Bob' },
    publishedAt: '2025-05-01T10:00:00Z',
    url: 'https://example.com/posts/2',
    lang: 'en',
  },
];
const file = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"id": "broken"\n`;

describe('replay source against the real broker and store', () => {
  let h: PollerHarness;

  beforeAll(async () => {
    h = await createPollerHarness({
      name: 'replay',
      brandsYaml: `
brands:
  - id: acme
    name: Acme
    query: acme
    sources:
      replay: { schedule: "0 0 1 1 *", file: demo.jsonl, shiftToNow: true }
`,
      env: {},
      now: () => NOW,
      files: { 'demo.jsonl': file },
    });
  });
  afterAll(() => h?.close());

  it('publishes every valid line, shifted so the newest is now, and skips the bad one', async () => {
    await h.startApp();
    expect(await h.poll()).toEqual([expect.objectContaining({ outcome: 'ok', published: 2, malformed: 1 })]);
    const consumed = await h.consumed();
    expect(consumed.map((m) => withoutFetchedAt(m.value))).toEqual(
      expect.arrayContaining([
        {
          schemaVersion: 1,
          eventId: eventId('replay', 'demo-1'),
          brand: 'acme',
          source: 'replay',
          externalId: 'demo-1',
          url: 'https://replay.invalid/demo-1',
          author: { handle: '@alice' },
          text: 'Acme anvils are great',
          publishedAt: '2025-06-01T11:00:00.000Z',
          matchedQuery: 'acme',
        },
        {
          schemaVersion: 1,
          eventId: eventId('replay', 'demo-2'),
          brand: 'acme',
          source: 'replay',
          externalId: 'demo-2',
          url: 'https://example.com/posts/2',
          author: { handle: '@bob', name: 'Bob' },
          text: 'acme support never answers',
          lang: 'en',
          publishedAt: '2025-06-01T12:00:00.000Z',
          matchedQuery: 'acme',
        },
      ]),
    );
    expect(consumed).toHaveLength(2);
    expect((await h.cursor('acme', 'replay'))?.cursor).toEqual({
      line: 3,
      shiftMs: NOW.getTime() - Date.parse('2025-05-01T10:00:00Z'),
    });
  });

  it('after a restart reads only lines appended since, with the same shift', async () => {
    await h.stopApp();
    appendFileSync(
      join(dirname(h.brandsFile), 'demo.jsonl'),
      `${JSON.stringify({ externalId: 'demo-3', text: 'new acme post', author: 'carol', publishedAt: '2025-05-01T10:30:00Z' })}\n`,
    );
    await h.startApp();
    expect(await h.poll()).toEqual([expect.objectContaining({ outcome: 'ok', published: 1 })]);
    expect(await h.poll()).toEqual([expect.objectContaining({ outcome: 'ok', published: 0 })]);
    const consumed = await h.consumed();
    expect(consumed).toHaveLength(3);
    expect(consumed[2]!.value).toMatchObject({
      externalId: 'demo-3',
      publishedAt: '2025-06-01T12:30:00.000Z',
    });
    expect((await h.cursor('acme', 'replay'))?.cursor).toMatchObject({ line: 4 });
  });
});
