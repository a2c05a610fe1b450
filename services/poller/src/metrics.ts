import type { SourceName } from '@crumbtrail/contracts';
import { counter, gauge, histogram } from '@crumbtrail/runtime';
import type { Registry } from 'prom-client';
import type { ApiErrorKind } from './http/rate-limit';
import type { HttpObserver } from './http/client';
import type { PollObserver } from './poll/run-poll';
import type { SourceHealthEntry, SourceTransition } from './source-health';

/** The poller's Prometheus metrics; label values are source names, brand ids and fixed enums only. */
export function createPollerMetrics(registry: Registry) {
  const fetched = counter(registry, {
    name: 'poller_mentions_fetched_total',
    help: 'Mentions returned by source searches (before local filtering)',
    labelNames: ['source', 'brand'],
  });
  const published = counter(registry, {
    name: 'poller_mentions_published_total',
    help: 'Mentions published to mentions.raw.v1 and acknowledged',
    labelNames: ['source', 'brand'],
  });
  const filtered = counter(registry, {
    name: 'poller_mentions_filtered_total',
    help: 'Mentions dropped by the local filter (query, excluded_term, excluded_author, language)',
    labelNames: ['source', 'brand', 'reason'],
  });
  const apiErrors = counter(registry, {
    name: 'poller_api_errors_total',
    help: 'API call problems by kind (rate_limited, quota, server_error, timeout, network, auth, client_error, malformed)',
    labelNames: ['source', 'kind'],
  });
  const rateLimitWaits = counter(registry, {
    name: 'poller_rate_limit_waits_total',
    help: 'Waits imposed by an API rate limit (Retry-After, reset headers, backoff)',
    labelNames: ['source'],
  });
  const rateLimitWaitSeconds = counter(registry, {
    name: 'poller_rate_limit_wait_seconds_total',
    help: 'Time spent waiting on API rate limits',
    labelNames: ['source'],
  });
  const pollDuration = histogram(registry, {
    name: 'poller_poll_duration_seconds',
    help: 'Duration of one poll of one brand on one source',
    labelNames: ['source', 'brand', 'outcome'],
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
  });
  const clampedTimes = counter(registry, {
    name: 'poller_cursor_times_clamped_total',
    help: 'Item times later than the fetch time (a poster-set clock) that a cursor took as the fetch time instead',
    labelNames: ['source', 'brand'],
  });
  const linksNotFollowed = counter(registry, {
    name: 'poller_links_not_followed_total',
    help: 'Next-page links not followed (e.g. to another origin); results beyond them were not read',
    labelNames: ['source', 'brand'],
  });
  const movedPermanently = counter(registry, {
    name: 'poller_moved_permanently_total',
    help: 'Requests answered with a permanent redirect (301/308): the configured URL should be updated',
    labelNames: ['source', 'brand'],
  });
  const sourceTransitions = counter(registry, {
    name: 'poller_source_transitions_total',
    help: 'Sources that went down (unhealthy after SOURCE_UNHEALTHY_AFTER failed polls) or recovered',
    labelNames: ['source', 'brand', 'event'],
  });
  const sourceHealthy = gauge(registry, {
    name: 'poller_source_healthy',
    help: '1 when the source works for the brand, 0 when it keeps failing or is skipped (missing credentials)',
    labelNames: ['source', 'brand'],
  });

  const http: HttpObserver = {
    onRateLimitWait(source: SourceName, waitMs: number) {
      rateLimitWaits.inc({ source });
      rateLimitWaitSeconds.inc({ source }, waitMs / 1000);
    },
    onApiError(source: SourceName, kind: ApiErrorKind) {
      apiErrors.inc({ source, kind });
    },
  };
  const poll: PollObserver = {
    fetched: (source, brand, n) => fetched.inc({ source, brand }, n),
    published: (source, brand, n) => published.inc({ source, brand }, n),
    filtered: (source, brand, reason, n) => filtered.inc({ source, brand, reason }, n),
    malformed: (source) => apiErrors.inc({ source, kind: 'malformed' }),
    clamped: (source, brand, n) => clampedTimes.inc({ source, brand }, n),
    linkNotFollowed: (source, brand) => linksNotFollowed.inc({ source, brand }),
    movedPermanently: (source, brand) => movedPermanently.inc({ source, brand }),
    finished: (source, brand, outcome, seconds) => pollDuration.observe({ source, brand, outcome }, seconds),
  };
  const onHealthChange = (e: SourceHealthEntry): void => {
    sourceHealthy.set(
      { source: e.source, brand: e.brand },
      e.state === 'unhealthy' || e.state === 'skipped' ? 0 : 1,
    );
  };
  const onTransition = (t: SourceTransition): void => {
    sourceTransitions.inc({ source: t.entry.source, brand: t.entry.brand, event: t.event });
  };
  return { http, poll, onHealthChange, onTransition };
}
