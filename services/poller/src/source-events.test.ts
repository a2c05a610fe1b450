import { SourceHealthEvent, sourceHealthEventId } from '@crumbtrail/contracts';
import { toSourceHealthEvent } from './source-events';
import type { SourceHealthEntry } from './source-health';

const down: SourceHealthEntry = {
  brand: 'acme',
  source: 'rss',
  state: 'unhealthy',
  consecutiveFailures: 3,
  lastError: 'rss: page could not be read: feed is not well-formed XML (https://f.test/feed)',
  lastFailure: { url: 'https://f.test/feed', reason: 'feed is not well-formed XML' },
  failingSince: '2025-06-01T12:01:00.000Z',
  lastSuccessAt: '2025-06-01T12:00:00.000Z',
  lastAttemptAt: '2025-06-01T12:03:00.000Z',
};

describe('toSourceHealthEvent', () => {
  it('source_down names the source, the URL, the reason and since when', () => {
    const event = toSourceHealthEvent({ event: 'source_down', entry: down }, 3);
    expect(SourceHealthEvent.parse(event)).toEqual({
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
      url: 'https://f.test/feed',
      reason: 'feed is not well-formed XML',
    });
  });

  it('source_recovered tells what had failed, and its id differs from the down event of the same episode', () => {
    const healthy: SourceHealthEntry = {
      brand: 'acme',
      source: 'rss',
      state: 'healthy',
      consecutiveFailures: 0,
      lastSuccessAt: '2025-06-01T12:05:00.000Z',
      lastAttemptAt: '2025-06-01T12:05:00.000Z',
    };
    const event = toSourceHealthEvent(
      { event: 'source_recovered', entry: healthy, down: { ...down, consecutiveFailures: 5 } },
      3,
    );
    expect(event).toMatchObject({
      event: 'source_recovered',
      at: '2025-06-01T12:05:00.000Z',
      failingSince: '2025-06-01T12:01:00.000Z',
      consecutiveFailures: 5,
      lastSuccessAt: '2025-06-01T12:05:00.000Z',
      reason: 'feed is not well-formed XML',
    });
    expect(event.eventId).not.toBe(toSourceHealthEvent({ event: 'source_down', entry: down }, 3).eventId);
  });
});
