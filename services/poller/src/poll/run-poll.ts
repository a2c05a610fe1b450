import type { BrandConfig, RawMention, SourceName } from '@crumbtrail/contracts';
import type { Logger } from 'pino';
import { AbortedError, ApiError, redactUrl } from '../http/client';
import type { HttpClient } from '../http/client';
import type { BrandQuery } from '../query';
import type { SourceRegistry } from '../sources';
import { UnreadablePageError } from '../sources/parsing';
import type { SourceContext, SourceSettings } from '../sources/types';
import type { SourceHealth } from '../source-health';
import { createMentionFilter } from './filter';
import type { FilterReason } from './filter';
import { toRawMention } from './to-raw-mention';

export interface CursorStore {
  load(brand: string, source: SourceName): Promise<unknown>;
  save(brand: string, source: SourceName, cursor: unknown): Promise<void>;
}

/** Publishes mentions and resolves only once the broker acknowledged all of them. */
export interface MentionPublisher {
  publish(mentions: RawMention[]): Promise<void>;
}

export interface PollObserver {
  fetched(source: SourceName, brand: string, count: number): void;
  published(source: SourceName, brand: string, count: number): void;
  filtered(source: SourceName, brand: string, reason: FilterReason, count: number): void;
  malformed(source: SourceName, brand: string): void;
  /** Cursor times clamped to the fetch time (a poster's clock was ahead). */
  clamped(source: SourceName, brand: string, count: number): void;
  linkNotFollowed(source: SourceName, brand: string): void;
  movedPermanently(source: SourceName, brand: string): void;
  finished(source: SourceName, brand: string, outcome: PollOutcome, seconds: number): void;
}

export type PollOutcome = 'ok' | 'partial' | 'failed' | 'aborted';

export interface PollReport {
  brand: string;
  source: SourceName;
  outcome: PollOutcome;
  fetched: number;
  published: number;
  filtered: Partial<Record<FilterReason, number>>;
  malformed: number;
  error?: string;
  /**
   * Set when the source's API still holds requests back after this poll (a 429 or throttle with a wait longer than
   * a poll sits through, an exhausted rate-limit window, a `backoff`, a used-up daily quota): the earliest time the
   * next poll can go through. Absent when nothing holds the source back, e.g. after a poll that waited out a short Retry-After.
   */
  rateLimitedUntil?: Date;
}

export interface PollDeps {
  sources: SourceRegistry;
  settings: SourceSettings;
  http: HttpClient;
  cursors: CursorStore;
  publisher: MentionPublisher;
  health: SourceHealth;
  observer: PollObserver;
  logger: Logger;
  now: () => Date;
  maxPages: number;
  lookbackMs: number;
}

export interface PollJob {
  brand: BrandConfig;
  source: SourceName;
  query: BrandQuery;
}

const describeError = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** What a failed poll or search reports to health and logs: the URL (credentials redacted) and the reason. */
export function failureOf(err: unknown): { url?: string; reason: string } {
  if (err instanceof UnreadablePageError) return { url: err.url, reason: err.reason };
  if (err instanceof ApiError && err.detail) return { url: err.detail.url, reason: err.detail.reason };
  return { reason: describeError(err) };
}

/**
 * One poll of one brand on one source: load the cursor, fetch everything new since it, filter locally, publish to
 * mentions.raw.v1, and only after the broker acknowledged the publish, store the new cursor. A crash anywhere before
 * that leaves the old cursor, so the next poll fetches the same mentions again (same eventIds: harmless downstream).
 */
export async function runPoll(deps: PollDeps, job: PollJob): Promise<PollReport> {
  const { brand, source: name } = job;
  const source = deps.sources[name];
  const started = process.hrtime.bigint();
  const log = deps.logger.child({ brand: brand.id, source: name });
  const report: PollReport = {
    brand: brand.id,
    source: name,
    outcome: 'ok',
    fetched: 0,
    published: 0,
    filtered: {},
    malformed: 0,
  };
  const options = brand.sources[name];

  try {
    if (!options) throw new Error(`brand ${brand.id} has no ${name} source configured`);
    const stored = await deps.cursors.load(brand.id, name);
    let cursor: unknown;
    if (stored !== undefined) {
      const parsed = source.cursorSchema.safeParse(stored);
      if (parsed.success) cursor = parsed.data;
      else
        log.warn(
          { issues: parsed.error.issues.slice(0, 3) },
          'stored cursor has an unknown shape; starting afresh',
        );
    }

    const ctx: SourceContext<SourceName> = {
      source: name,
      brand,
      query: job.query,
      options,
      settings: deps.settings[name],
      http: deps.http,
      logger: log,
      now: deps.now,
      maxPages: options.maxPages ?? deps.maxPages,
      lookbackMs: options.lookbackHours !== undefined ? options.lookbackHours * 3600_000 : deps.lookbackMs,
      malformed: ({ url, reason }) => {
        report.malformed += 1;
        deps.observer.malformed(name, brand.id);
        log.warn({ url: url && redactUrl(url), reason }, 'malformed response or item skipped');
      },
      notices: {
        clampedToFetchTime: (count) => {
          deps.observer.clamped(name, brand.id, count);
          log.warn(
            { count },
            'items dated after the fetch time: the cursor uses the fetch time for them (a poster-set clock is ahead)',
          );
        },
        linkNotFollowed: ({ url, reason }) => {
          deps.observer.linkNotFollowed(name, brand.id);
          log.warn(
            { url: redactUrl(url), reason },
            'next-page link not followed: results beyond it are not read',
          );
        },
        movedPermanently: ({ from, to, status }) => {
          deps.observer.movedPermanently(name, brand.id);
          log.warn(
            { from: redactUrl(from), to: redactUrl(to), status },
            'moved permanently: followed; update the URL in the brands file',
          );
        },
      },
    };
    const result = await (source.fetch as (c: typeof ctx, cur: unknown) => ReturnType<typeof source.fetch>)(
      ctx,
      cursor,
    );
    report.fetched = result.candidates.length;
    deps.observer.fetched(name, brand.id, result.candidates.length);

    const filter = createMentionFilter(
      brand,
      job.query,
      (source.matchQuery as (o: unknown) => boolean)(options),
    );
    const fetchedAt = deps.now();
    const mentions = new Map<string, RawMention>();
    for (const candidate of result.candidates) {
      const reason = filter(candidate);
      if (reason) {
        report.filtered[reason] = (report.filtered[reason] ?? 0) + 1;
        continue;
      }
      try {
        const mention = toRawMention(candidate, brand, name, fetchedAt);
        mentions.set(mention.eventId, mention);
      } catch (err) {
        ctx.malformed({ reason: `${candidate.externalId}: ${describeError(err)}` });
      }
    }
    for (const [reason, count] of Object.entries(report.filtered)) {
      deps.observer.filtered(name, brand.id, reason as FilterReason, count);
    }

    if (mentions.size > 0) await deps.publisher.publish([...mentions.values()]);
    report.published = mentions.size;
    deps.observer.published(name, brand.id, mentions.size);
    await deps.cursors.save(brand.id, name, result.cursor);

    if (result.errors.length > 0) {
      report.outcome = 'partial';
      report.error = result.errors.map(describeError).join('; ');
      deps.health.failure(brand.id, name, report.error, deps.now(), failureOf(result.errors[0]));
    } else {
      deps.health.success(brand.id, name, deps.now());
    }
  } catch (err) {
    if (err instanceof AbortedError) {
      report.outcome = 'aborted';
    } else {
      report.outcome = 'failed';
      report.error = describeError(err);
      const failure = failureOf(err);
      deps.health.failure(brand.id, name, report.error, deps.now(), failure);
      log.error(
        { err, url: failure.url, reason: failure.reason },
        'poll failed; the cursor is unchanged and the next poll tries again',
      );
    }
  }
  if (report.outcome !== 'aborted') {
    const until = deps.http.cooldownUntil(name);
    if (until !== undefined) report.rateLimitedUntil = new Date(until);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  deps.observer.finished(name, brand.id, report.outcome, seconds);
  log[report.outcome === 'ok' ? 'info' : 'warn'](
    {
      outcome: report.outcome,
      fetched: report.fetched,
      published: report.published,
      filtered: report.filtered,
      malformed: report.malformed,
      ...(report.rateLimitedUntil && { rateLimitedUntil: report.rateLimitedUntil.toISOString() }),
      seconds: Math.round(seconds * 1000) / 1000,
    },
    'poll finished',
  );
  return report;
}
