import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReplay, replay, replayToCandidate, shiftToNow } from './replay';
import { sourceContext } from '../test-support/source-context';

const line = (o: Record<string, unknown>): string => JSON.stringify(o);
const good1 = line({
  id: 'r1',
  text: 'Acme anvils rock',
  author: '@alice',
  publishedAt: '2025-05-01T10:00:00Z',
});
const good2 = line({
  externalId: 42,
  text: 'acme support is slow',
  author: { handle: '@bob', name: 'Bob' },
  publishedAt: '2025-05-01T11:00:00Z',
  url: 'https://example.com/p/42',
  lang: 'en',
});

describe('parseReplay', () => {
  it('reads valid lines and reports bad ones with their line number', () => {
    const content = [
      good1,
      '',
      '{oops',
      line({ id: 'x', author: 'a', publishedAt: 'yesterday', text: '' }),
      line({ text: 'no id', author: 'a', publishedAt: '2025-05-01T10:00:00Z' }),
      good2,
      '',
    ].join('\n');
    const out = parseReplay(content, 0);
    expect(out.entries.map((e) => e.line)).toEqual([1, 6]);
    expect(out.skipped).toEqual([
      expect.stringMatching(/^line 3: not JSON/),
      expect.stringMatching(/^line 4: publishedAt: /),
      'line 5: (line): needs "id" or "externalId"',
    ]);
    expect(out.lines).toBe(6);
    expect(parseReplay(content, 6).entries).toEqual([]);
  });

  it('leaves a half-written last line for the next read', () => {
    expect(parseReplay(`${good1}\n{"id":"r2","te`, 0).lines).toBe(1);
    expect(parseReplay(`${good1}\n${good2}`, 0).lines).toBe(2);
  });

  it('counts no line in an empty file, so the first line written to it later is read', () => {
    expect(parseReplay('', 0).lines).toBe(0);
    expect(parseReplay(`${good1}\n`, parseReplay('', 0).lines).entries).toHaveLength(1);
    expect(parseReplay(`${good1}\n\n`, 0).lines).toBe(2);
  });

  it('maps lines to mentions with a replay URL when none is given', () => {
    const [a, b] = parseReplay(`${good1}\n${good2}\n`, 0).entries;
    expect(replayToCandidate(a!.value, 0)).toEqual({
      externalId: 'r1',
      url: 'https://replay.invalid/r1',
      author: { handle: '@alice' },
      title: undefined,
      text: 'Acme anvils rock',
      lang: undefined,
      publishedAt: '2025-05-01T10:00:00.000Z',
      engagement: undefined,
    });
    expect(replayToCandidate(b!.value, 3600_000)).toMatchObject({
      externalId: '42',
      publishedAt: '2025-05-01T12:00:00.000Z',
      lang: 'en',
    });
  });

  it('computes the shift that makes the newest line "now"', () => {
    expect(shiftToNow(`${good1}\n${good2}\n`, new Date('2025-05-02T11:00:00Z'))).toBe(24 * 3600_000);
  });
});

describe('replay fetch', () => {
  it('resumes after the last line read and keeps the shift', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    writeFileSync(join(dir, 'm.jsonl'), `${good1}\n`);
    const { ctx } = sourceContext('replay', {
      options: { schedule: '* * * * *', file: 'm.jsonl', shiftToNow: true },
      settings: { baseDir: dir },
      now: new Date('2025-05-01T10:00:10Z'),
    });
    const first = await replay.fetch(ctx, undefined);
    expect(first.candidates.map((c) => c.publishedAt)).toEqual(['2025-05-01T10:00:10.000Z']);
    expect(first.cursor).toEqual({ line: 1, shiftMs: 10_000 });
    writeFileSync(join(dir, 'm.jsonl'), `${good1}\n${good2}\n`);
    const second = await replay.fetch(ctx, first.cursor);
    expect(second.candidates.map((c) => [c.externalId, c.publishedAt])).toEqual([
      ['42', '2025-05-01T11:00:10.000Z'],
    ]);
  });
});
