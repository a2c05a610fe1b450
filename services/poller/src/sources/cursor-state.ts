import { z } from 'zod';
import { AbortedError } from '../http/client';
import type { SourceName } from '@crumbtrail/contracts';
import type { FetchResult, MentionCandidate, SourceContext } from './types';

/**
 * Building blocks for cursors. Stored cursors are plain JSON in MongoDB, so maps are arrays of `{ key, ... }`
 * (keys such as feed URLs contain '.', which MongoDB-wire servers refuse in field names).
 */

/**
 * Searches index posts late, so a time watermark alone would miss a post indexed after a newer one was seen.
 * Each time-ordered search asks again from `at - WATERMARK_OVERLAP_MS` and skips the ids it has already seen there.
 */
export const WATERMARK_OVERLAP_MS = 10 * 60 * 1000;
const MAX_SEEN = 2000;

export const Watermark = z.object({
  /** Newest publication time seen (ms since epoch). */
  at: z.number(),
  /** Ids published within the overlap window before `at`, with their time. */
  seen: z.array(z.object({ id: z.string(), at: z.number() })),
});
export type Watermark = z.infer<typeof Watermark>;

/** Where a time-ordered search starts: the overlap before the watermark, or the look-back on the first poll. */
export function searchSince(wm: Watermark | undefined, now: Date, lookbackMs: number): number {
  return wm ? wm.at - WATERMARK_OVERLAP_MS : now.getTime() - lookbackMs;
}

/** Not seen before: newer than the overlap window start and not among the ids seen in it. */
export function isUnseen(wm: Watermark | undefined, at: number, id: string): boolean {
  if (!wm) return true;
  if (at < wm.at - WATERMARK_OVERLAP_MS) return false;
  return !wm.seen.some((s) => s.id === id);
}

/** The watermark after also seeing `items`. */
export function advanceWatermark(
  wm: Watermark | undefined,
  items: { id: string; at: number }[],
): Watermark | undefined {
  if (!wm && items.length === 0) return undefined;
  const at = Math.max(wm?.at ?? -Infinity, ...items.map((i) => i.at));
  const byId = new Map<string, number>();
  for (const s of [...(wm?.seen ?? []), ...items]) byId.set(s.id, s.at);
  const seen = [...byId.entries()]
    .map(([id, t]) => ({ id, at: t }))
    .filter((s) => s.at >= at - WATERMARK_OVERLAP_MS)
    .sort((a, b) => b.at - a.at || a.id.localeCompare(b.id))
    .slice(0, MAX_SEEN);
  return { at, seen };
}

/**
 * Filters candidates by a watermark and returns the new watermark, given each candidate's time. A time later than
 * `now` (the fetch time) comes from a clock the poster controls: it counts as `now`, so that one post dated in the
 * future cannot move the watermark past every later real post. `clamped` says how many were.
 */
export function takeUnseen(
  wm: Watermark | undefined,
  candidates: MentionCandidate[],
  now: number,
): { fresh: MentionCandidate[]; watermark: Watermark | undefined; clamped: number } {
  let clamped = 0;
  const dated = candidates.map((c) => {
    const published = Date.parse(c.publishedAt);
    if (published > now) clamped += 1;
    return { c, at: Math.min(published, now) };
  });
  const fresh = dated.filter((d) => isUnseen(wm, d.at, d.c.externalId));
  return {
    fresh: fresh.map((d) => d.c),
    watermark: advanceWatermark(
      wm,
      fresh.map((d) => ({ id: d.c.externalId, at: d.at })),
    ),
    clamped,
  };
}

/** takeUnseen at the poll's fetch time, reporting clamped times as a notice. */
export function takeUnseenFor<N extends SourceName>(
  ctx: SourceContext<N>,
  wm: Watermark | undefined,
  candidates: MentionCandidate[],
): { fresh: MentionCandidate[]; watermark: Watermark | undefined } {
  const { fresh, watermark, clamped } = takeUnseen(wm, candidates, ctx.now().getTime());
  if (clamped > 0) ctx.notices.clampedToFetchTime(clamped);
  return { fresh, watermark };
}

/** Cursor of a source that runs several searches (one per query branch, hashtag, feed, video): one state each. */
export interface StreamCursor<S> {
  streams: { key: string; state: S }[];
}

export function streamCursorSchema<S>(state: z.ZodType<S>): z.ZodType<StreamCursor<S>> {
  return z.object({ streams: z.array(z.object({ key: z.string(), state })) });
}

/**
 * Runs a source's searches one after another (they share the API's rate limit). A failing search keeps its old
 * state and is reported; the others go on. Only when every search failed does the poll fail.
 */
export async function pollStreams<N extends SourceName, S>(
  ctx: SourceContext<N>,
  keys: string[],
  cursor: StreamCursor<S> | undefined,
  fetchStream: (
    key: string,
    previous: S | undefined,
  ) => Promise<{ candidates: MentionCandidate[]; state?: S }>,
): Promise<FetchResult<StreamCursor<S>>> {
  const previous = new Map((cursor?.streams ?? []).map((s) => [s.key, s.state]));
  const result: FetchResult<StreamCursor<S>> = { candidates: [], cursor: { streams: [] }, errors: [] };
  const seen = new Set<string>();
  const failed: { key: string; err: unknown }[] = [];
  for (const key of [...new Set(keys)]) {
    const before = previous.get(key);
    try {
      const { candidates, state } = await fetchStream(key, before);
      for (const c of candidates) {
        if (seen.has(c.externalId)) continue;
        seen.add(c.externalId);
        result.candidates.push(c);
      }
      const next = state ?? before;
      if (next !== undefined) result.cursor.streams.push({ key, state: next });
    } catch (err) {
      if (err instanceof AbortedError) throw err;
      failed.push({ key, err });
      result.errors.push(err instanceof Error ? err : new Error(String(err)));
      if (before !== undefined) result.cursor.streams.push({ key, state: before });
    }
  }
  // Every search failed: the poll fails and is logged once, by the poll. Some did: name them; the rest went on.
  if (keys.length > 0 && result.errors.length === new Set(keys).size) throw result.errors[0]!;
  for (const { key, err } of failed) {
    ctx.logger.warn({ err, stream: key }, 'one search of this source failed; the others went on');
  }
  return result;
}
