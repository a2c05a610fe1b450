import type { SourceName } from '@crumbtrail/contracts';
import { createBlueskySource } from './bluesky';
import { hackernews } from './hackernews';
import { mastodon } from './mastodon';
import { createRedditSource } from './reddit';
import { replay } from './replay';
import { rss } from './rss';
import { stackexchange } from './stackexchange';
import type { Source } from './types';
import { x } from './x';
import { youtube } from './youtube';

export type SourceRegistry = { [S in SourceName]: Source<S, unknown> };

/** One instance of every source; sources with sessions (Reddit, Bluesky) keep their tokens per instance. */
export function createSources(): SourceRegistry {
  return {
    hackernews,
    reddit: createRedditSource(),
    mastodon,
    bluesky: createBlueskySource(),
    stackexchange,
    rss,
    x,
    youtube,
    replay,
  };
}

export type { MentionCandidate, Source, SourceContext, SourceSettings, FetchResult } from './types';
