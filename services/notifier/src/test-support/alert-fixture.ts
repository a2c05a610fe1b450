import { alertId, eventId, type Alert, type AlertSample } from '@crumbtrail/contracts';

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
      sample('acme-1', 'ana_m', 'Acme Cloud is down AGAIN. Third outage this week 😡', -0.92, 120),
      sample(
        'acme-2',
        'devops_dan',
        'Our whole CI is stuck because Acme Drive will not sync. Status page says all green?!',
        -0.88,
        45,
      ),
      sample(
        'acme-3',
        'lena.k',
        'Asked @AcmeCloud for a refund after the outage, no answer for 3 days.',
        -0.81,
        310,
      ),
      sample('acme-4', 'ana_m_repost', 'Acme Cloud is down AGAIN. Third outage this week 😡', -0.92, 4),
      sample('acme-5', 'pt_ops', 'Acme Cloud caiu de novo, terceira vez esta semana.', -0.79, 12),
      sample('acme-6', 'mira', 'Support chat just closes on me. Acme, what is going on?', -0.74, 8),
      sample('acme-7', 'quiet_one', 'meh, acme drive slow again', -0.41, 0),
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
    breakdown: {
      from: '2026-11-22T10:00:00.000Z',
      to: '2026-11-22T11:00:00.000Z',
      sources: { mastodon: 142, reddit: 77, hackernews: 31, bluesky: 20 },
      languages: { en: 231, de: 24, pt: 15 },
      intents: { complaint: 201, question: 38, other: 31 },
    },
    ...overrides,
  };
}

function sample(id: string, author: string, text: string, score: number, engagement: number): AlertSample {
  return {
    eventId: eventId('replay', id),
    source: 'replay',
    url: `https://social.example/@${author}/${id}`,
    author,
    text,
    sentimentScore: score,
    publishedAt: '2026-11-22T10:58:00.000Z',
    engagement,
  };
}
