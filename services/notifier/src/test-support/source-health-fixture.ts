import { SourceHealthEvent, sourceHealthEventId } from '@crumbtrail/contracts';

/** Acme's RSS feed down after 3 failed polls since 12:01 (the poller's source_down event); override any field. */
export function sourceDownFixture(overrides: Partial<SourceHealthEvent> = {}): SourceHealthEvent {
  return SourceHealthEvent.parse({
    schemaVersion: 1,
    eventId: sourceHealthEventId('acme', 'rss', 'source_down', '2025-06-01T12:01:00.000Z'),
    event: 'source_down',
    brand: 'acme',
    source: 'rss',
    at: '2025-06-01T12:03:00.000Z',
    failingSince: '2025-06-01T12:01:00.000Z',
    consecutiveFailures: 3,
    tolerance: 3,
    lastSuccessAt: '2025-06-01T12:00:00.000Z',
    url: 'https://feeds.example.com/feed',
    reason: 'not an RSS or Atom feed',
    ...overrides,
  });
}
