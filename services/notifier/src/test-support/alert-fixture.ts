import { alertId, eventId, type Alert } from '@crumbtrail/contracts';

/** A realistic open negative-share alert for Acme Cloud; override any field. */
export function alertFixture(overrides: Partial<Alert> = {}): Alert {
  const opened = new Date('2026-11-22T11:00:00Z');
  return {
    schemaVersion: 1,
    alertId: alertId('acme-cloud', 'negative_share', opened),
    brand: 'acme-cloud',
    kind: 'negative_share',
    state: 'open',
    severity: 'warning',
    openedAt: opened.toISOString(),
    window: { start: '2026-11-22T10:15:00.000Z', end: '2026-11-22T11:00:00.000Z' },
    baseline: {
      start: '2026-11-22T04:15:00.000Z',
      end: '2026-11-22T10:15:00.000Z',
      mentions: 240,
      negatives: 22,
      complaints: 31,
    },
    observed: { mentions: 270, negatives: 189, complaints: 201 },
    statistic: {
      method: 'Wilson lower bound vs baseline share',
      observedValue: 0.7,
      baselineValue: 0.0917,
      zScore: 18.4,
      pValue: 1e-12,
    },
    samples: [
      {
        eventId: eventId('replay', 'acme-1'),
        source: 'replay',
        url: 'https://social.example/@ana/acme-1',
        author: 'ana_m',
        text: 'Acme Cloud is down AGAIN. Third outage this week 😡',
        sentimentScore: -0.92,
        publishedAt: '2026-11-22T10:58:00.000Z',
      },
    ],
    topTerms: [
      { term: 'down', count: 41 },
      { term: 'refund', count: 22 },
    ],
    series: Array.from({ length: 24 }, (_, i) => ({
      bucketStart: new Date(Date.parse('2026-11-21T12:00:00Z') + i * 3_600_000).toISOString(),
      mentions: i === 23 ? 270 : 40,
      negatives: i === 23 ? 189 : 4,
      complaints: i === 23 ? 201 : 6,
    })),
    ...overrides,
  };
}
