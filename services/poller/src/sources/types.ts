import type { BrandConfig, BrandSources, Engagement, MentionAuthor, SourceName } from '@crumbtrail/contracts';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { HttpClient } from '../http/client';
import type { BrandQuery } from '../query';

/** A post as a source found it, normalised; the poll turns it into a RawMention (brand, eventId, fetchedAt). */
export interface MentionCandidate {
  externalId: string;
  url: string;
  author: MentionAuthor;
  title?: string;
  /** Plain text, never HTML. */
  text: string;
  lang?: string;
  publishedAt: string;
  engagement?: Engagement;
}

/** Base URLs and credentials of every source, from the service config. */
export interface SourceSettings {
  hackernews: { baseUrl: string };
  reddit: { baseUrl: string; authUrl: string; clientId?: string; clientSecret?: string };
  mastodon: { baseUrl: string; accessToken?: string };
  bluesky: { baseUrl: string; handle?: string; appPassword?: string };
  stackexchange: { baseUrl: string; key?: string };
  rss: Record<string, never>;
  x: { baseUrl: string; bearerToken?: string };
  youtube: { baseUrl: string; apiKey?: string };
  /**
   * `readersLog`: a file the replay source appends one line to per read (`reader`, brand, file, lines, start and
   * end times), so that tests can see which replica read what, and when.
   */
  replay: { baseDir: string; readersLog?: string; reader?: string };
}

export type SourceOptions<S extends SourceName> = NonNullable<BrandSources[S]>;

export interface SourceContext<S extends SourceName> {
  source: S;
  brand: BrandConfig;
  query: BrandQuery;
  options: SourceOptions<S>;
  settings: SourceSettings[S];
  http: HttpClient;
  logger: Logger;
  now: () => Date;
  /** Most result pages per search in this poll. */
  maxPages: number;
  /** How far back a search reaches when it has no cursor yet. */
  lookbackMs: number;
  /** Reports a response or an item that does not have the API's documented shape; it is skipped. */
  malformed(detail: { url?: string; reason: string }): void;
  /** Operational observations the poll logs and counts. */
  notices: SourceNotices;
}

/** Things a poll does that an operator should know of, though the poll goes on. */
export interface SourceNotices {
  /** Times later than the fetch time (set by a poster's clock) that a cursor would have taken were clamped to it. */
  clampedToFetchTime(count: number): void;
  /** A next-page link that was not followed (older or newer results beyond it are not read). */
  linkNotFollowed(detail: { url: string; reason: string }): void;
  /** A request was redirected for good (301/308): the configured URL should be updated. */
  movedPermanently(detail: { from: string; to: string; status: number }): void;
}

export interface FetchResult<C> {
  candidates: MentionCandidate[];
  /** The cursor to store once every candidate is published. */
  cursor: C;
  /** Searches (streams) of this source that failed; the others went on. */
  errors: Error[];
}

export interface Source<S extends SourceName, C> {
  name: S;
  /** Validates a stored cursor; a cursor that no longer parses is ignored (logged) and the source starts afresh. */
  cursorSchema: z.ZodType<C>;
  /** Environment variables this source needs but does not have; non-empty means the source is skipped. */
  missingCredentials(settings: SourceSettings[S], options: SourceOptions<S>): string[];
  /** Lines to log once at start-up about parts of the source that will not run (e.g. a search without a token). */
  startupNotes?(settings: SourceSettings[S], options: SourceOptions<S>): string[];
  /** Whether the brand query is applied locally to what this source returns. */
  matchQuery(options: SourceOptions<S>): boolean;
  fetch(ctx: SourceContext<S>, cursor: C | undefined): Promise<FetchResult<C>>;
}

export type AnySource = { [S in SourceName]: Source<S, unknown> }[SourceName];
