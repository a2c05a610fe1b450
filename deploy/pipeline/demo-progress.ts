import type { Admin } from 'kafkajs';
import type { Db } from 'mongodb';

/** What the demo shows at each tick; read from Kafka offsets, MongoDB and the mail catcher. */
export interface PipelineSnapshot {
  raw: number;
  classified: number;
  stored: number;
  dlq: number;
  alerts: { brand: string; kind: string; state: string; headline: string }[];
  trends: { brand: string; total: number; negativeShareLastHour: number; negativeShareBefore: number }[];
  mails: { subject: string; to: string; id: string }[];
}

/** Messages written to a topic since `baseline` (offsets summed over partitions). */
export async function topicCount(admin: Admin, topic: string, baseline = 0): Promise<number> {
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0) - baseline;
  } catch {
    return 0;
  }
}

export async function brandTrends(db: Db, brands: string[], now: Date): Promise<PipelineSnapshot['trends']> {
  const mentions = db.collection('mentions');
  const hourAgo = new Date(now.getTime() - 3_600_000);
  return Promise.all(
    brands.map(async (brand) => {
      const [total, recent, recentNegative, before, beforeNegative] = await Promise.all([
        mentions.countDocuments({ brand }),
        mentions.countDocuments({ brand, publishedAt: { $gte: hourAgo } }),
        mentions.countDocuments({ brand, publishedAt: { $gte: hourAgo }, sentiment: 'negative' }),
        mentions.countDocuments({ brand, publishedAt: { $lt: hourAgo } }),
        mentions.countDocuments({ brand, publishedAt: { $lt: hourAgo }, sentiment: 'negative' }),
      ]);
      return {
        brand,
        total,
        negativeShareLastHour: recent ? recentNegative / recent : 0,
        negativeShareBefore: before ? beforeNegative / before : 0,
      };
    }),
  );
}

export async function storedAlerts(db: Db): Promise<PipelineSnapshot['alerts']> {
  const docs = await db.collection('alerts').find({}).sort({ openedAt: 1 }).limit(20).toArray();
  return docs.map((stored) => {
    // The aggregator keeps the published event under `alert`, beside its own bookkeeping.
    const doc = (stored.alert ?? stored) as Record<string, unknown>;
    const observed = (doc.observed ?? {}) as { mentions?: number; negatives?: number; complaints?: number };
    const baseline = (doc.baseline ?? {}) as { mentions?: number; negatives?: number };
    const share = (n?: number, d?: number) => (d ? `${Math.round((100 * (n ?? 0)) / d)}%` : 'n/a');
    return {
      brand: String(doc.brand),
      kind: String(doc.kind),
      state: String(doc.state),
      headline:
        `${observed.mentions ?? 0} mentions, ${share(observed.negatives, observed.mentions)} negative, ` +
        `${observed.complaints ?? 0} complaints (baseline ${share(baseline.negatives, baseline.mentions)} negative)`,
    };
  });
}

export async function caughtMail(
  mailUiUrl: string | undefined,
  since: Date,
): Promise<PipelineSnapshot['mails']> {
  if (!mailUiUrl) return [];
  try {
    const res = await fetch(new URL('messages', mailUiUrl));
    if (!res.ok) return [];
    const messages = (await res.json()) as { id: string; subject: string; to: unknown; receivedAt: string }[];
    return messages
      .filter((m) => Date.parse(m.receivedAt) >= since.getTime())
      .map((m) => ({
        id: m.id,
        subject: m.subject,
        to: Array.isArray(m.to) ? m.to.join(', ') : String(m.to),
      }));
  } catch {
    return [];
  }
}
