import { appendFile, readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { Engagement, IsoDateTime, LanguageCode } from '@crumbtrail/contracts';
import { z } from 'zod';
import { capText, normalizeLang, toIso } from './text';
import type { MentionCandidate, Source } from './types';

/**
 * Replays mentions from a JSONL file (one JSON object per line), for demos, backfills and tests.
 * Line format (see README): { "id" | "externalId", "text", "author" (handle or { handle, id?, name?, followers? }),
 * "publishedAt" (RFC 3339), "url"?, "title"?, "lang"?, "engagement"? }. Invalid lines are logged with their number
 * and skipped. The cursor is the number of lines consumed, so a restart goes on after the last line read and a file
 * that grows is read from where it was left. With `shiftToNow`, every timestamp moves by the same amount so the
 * newest line of the file is "now" (fixed at the first poll and kept in the cursor).
 */

const Author = z.union([
  z
    .string()
    .min(1)
    .max(256)
    .transform((handle) => ({ handle })),
  z.object({
    handle: z.string().min(1).max(256),
    id: z.string().max(256).optional(),
    name: z.string().max(256).optional(),
    followers: z.number().int().nonnegative().optional(),
  }),
]);

export const ReplayLine = z
  .object({
    id: z.union([z.string().min(1), z.number()]).optional(),
    externalId: z.union([z.string().min(1), z.number()]).optional(),
    text: z.string(),
    author: Author,
    publishedAt: IsoDateTime,
    url: z.url().optional(),
    title: z.string().max(1000).optional(),
    lang: LanguageCode.optional(),
    engagement: Engagement.optional(),
  })
  .refine((l) => l.externalId !== undefined || l.id !== undefined, 'needs "id" or "externalId"');
export type ReplayLine = z.infer<typeof ReplayLine>;

/** One line of REPLAY_READERS_LOG: which replica read which lines of a brand's file, and when (epoch ms). */
export interface ReaderLogEntry {
  reader?: string;
  brand: string;
  file: string;
  from: number;
  to: number;
  startedAt: number;
  endedAt: number;
}

export interface ReplayRead {
  candidates: MentionCandidate[];
  /** `line N: reason` for every line that was skipped. */
  skipped: string[];
  /** Lines consumed in total (the next cursor). */
  lines: number;
}

/** Lines of a JSONL file after `fromLine`; the last line counts only once it is complete (ends with a newline) or valid. */
export function parseReplay(
  content: string,
  fromLine: number,
): { entries: { line: number; value: ReplayLine }[]; skipped: string[]; lines: number } {
  const rows = content.split('\n');
  const complete = content.endsWith('\n') ? rows.length - 1 : rows.length;
  const entries: { line: number; value: ReplayLine }[] = [];
  const skipped: string[] = [];
  let consumed = fromLine;
  for (let i = fromLine; i < complete; i += 1) {
    const raw = rows[i]!.trim();
    const isLast = i === complete - 1 && !content.endsWith('\n');
    if (raw === '') {
      // A blank line counts once it ends; an empty, unterminated remainder (an empty file, a line being written)
      // is no line yet: counting it would skip the first line written there next.
      if (!isLast) consumed = i + 1;
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      if (isLast) break; // possibly half-written: read it again next time
      skipped.push(`line ${i + 1}: not JSON (${err instanceof Error ? err.message : String(err)})`);
      consumed = i + 1;
      continue;
    }
    const parsed = ReplayLine.safeParse(json);
    if (parsed.success) entries.push({ line: i + 1, value: parsed.data });
    else {
      const issue = parsed.error.issues[0];
      skipped.push(
        `line ${i + 1}: ${issue ? `${issue.path.join('.') || '(line)'}: ${issue.message}` : 'invalid'}`,
      );
    }
    consumed = i + 1;
  }
  return { entries, skipped, lines: consumed };
}

export function replayToCandidate(line: ReplayLine, shiftMs: number): MentionCandidate {
  const externalId = String(line.externalId ?? line.id);
  return {
    externalId,
    url: line.url ?? `https://replay.invalid/${encodeURIComponent(externalId)}`,
    author: line.author,
    title: line.title,
    text: capText(line.text),
    lang: normalizeLang(line.lang),
    publishedAt: new Date(Date.parse(line.publishedAt) + shiftMs).toISOString(),
    engagement: line.engagement,
  };
}

/** How far to move every timestamp so that the newest one in the file lands on `now`. */
export function shiftToNow(content: string, now: Date): number {
  let newest = -Infinity;
  for (const row of content.split('\n')) {
    const m = /"publishedAt"\s*:\s*"([^"]+)"/.exec(row);
    const at = m ? Date.parse(toIso(m[1]) ?? '') : NaN;
    if (!Number.isNaN(at) && at > newest) newest = at;
  }
  return Number.isFinite(newest) ? now.getTime() - newest : 0;
}

const Cursor = z.object({ line: z.number().int().nonnegative(), shiftMs: z.number().optional() });
type Cursor = z.infer<typeof Cursor>;

export const replay: Source<'replay', Cursor> = {
  name: 'replay',
  cursorSchema: Cursor,
  missingCredentials: () => [],
  matchQuery: (o) => o.matchQuery,
  async fetch(ctx, cursor) {
    const startedAt = Date.now();
    const file = isAbsolute(ctx.options.file)
      ? ctx.options.file
      : resolve(ctx.settings.baseDir, ctx.options.file);
    const content = await readFile(file, 'utf8');
    const shiftMs = ctx.options.shiftToNow ? (cursor?.shiftMs ?? shiftToNow(content, ctx.now())) : 0;
    const { entries, skipped, lines } = parseReplay(content, cursor?.line ?? 0);
    for (const reason of skipped) ctx.malformed({ url: file, reason });
    if (ctx.settings.readersLog) {
      const entry: ReaderLogEntry = {
        reader: ctx.settings.reader,
        brand: ctx.brand.id,
        file,
        from: cursor?.line ?? 0,
        to: lines,
        startedAt,
        endedAt: Date.now(),
      };
      await appendFile(ctx.settings.readersLog, `${JSON.stringify(entry)}\n`);
    }
    return {
      candidates: entries.map((e) => replayToCandidate(e.value, shiftMs)),
      cursor: { line: lines, ...(ctx.options.shiftToNow ? { shiftMs } : {}) },
      errors: [],
    };
  },
};
