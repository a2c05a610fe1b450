import type { Collection, Db } from 'mongodb';

/**
 * The record of every alert email, written BEFORE the send is attempted, under a unique key per alert episode,
 * state and recipient. It makes delivery at-most-once across redelivery and restarts:
 *   pending  -> a send is in progress, or the process died mid-send: never resent automatically (the mail may
 *               have left); counted as "unknown" when met again.
 *   sent     -> done; redelivery skips it.
 *   failed   -> SMTP never accepted it (connection error or 4xx after retries): safe to try again.
 *   rejected -> permanent SMTP refusal (5xx), or a webhook's 4xx: not retried.
 *   dead     -> a Slack/Teams/webhook delivery that failed its last attempt: dead-lettered with the reason, not retried.
 *   muted    -> not sent because the brand was muted (BrandMutes) when the alert came: final.
 * Chat and webhook deliveries use the same ledger, keyed per channel and endpoint (`channelSendKey`).
 */
export type SendState = 'pending' | 'sent' | 'failed' | 'rejected' | 'dead' | 'muted';

/** Where a send goes: email to a recipient, or one Slack/Teams/webhook endpoint. */
export type SendChannel = 'email' | 'slack' | 'teams' | 'webhook';

export interface SendRecord {
  _id: string;
  alertId: string;
  /** The alert state ('open', 'resolved'); for a digest, the period kind ('daily', 'weekly'). */
  alertState: string;
  brand: string;
  /** The email address, or `<channel>:<endpoint name>`. */
  recipient: string;
  /** Absent on records written before channels existed: email. */
  channel?: SendChannel;
  state: SendState;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
  messageId?: string;
  error?: string;
}

export type ClaimResult = { claimed: true } | { claimed: false; existing: SendState };

export function sendKey(alertId: string, alertState: string, recipient: string): string {
  return `${alertId}:${alertState}:${recipient.toLowerCase()}`;
}

/** One delivery per alert episode, state, channel and endpoint. */
export function channelSendKey(
  alertId: string,
  alertState: string,
  channel: string,
  endpoint: string,
): string {
  return `${alertId}:${alertState}:${channel}:${endpoint}`;
}

export class SendLedger {
  private readonly sends: Collection<SendRecord>;

  constructor(db: Db, collectionName = 'email_sends') {
    this.sends = db.collection<SendRecord>(collectionName);
  }

  async ensureIndexes(): Promise<void> {
    // Serves: the digest and the ops question "what did we send to this brand lately?"
    await this.sends.createIndex({ brand: 1, createdAt: -1 }, { name: 'brand_createdAt' });
  }

  /** Takes the right to send: inserts a pending record, or re-opens a failed one. Only one caller ever wins. */
  async claim(
    record: Omit<SendRecord, 'state' | 'attempts' | 'createdAt' | 'updatedAt'>,
    now: Date,
  ): Promise<ClaimResult> {
    try {
      await this.sends.insertOne({
        ...record,
        state: 'pending',
        attempts: 1,
        createdAt: now,
        updatedAt: now,
      });
      return { claimed: true };
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    const reopened = await this.sends.findOneAndUpdate(
      { _id: record._id, state: 'failed' },
      { $set: { state: 'pending', updatedAt: now }, $inc: { attempts: 1 } },
    );
    if (reopened) return { claimed: true };
    const existing = await this.sends.findOne({ _id: record._id }, { projection: { state: 1 } });
    return { claimed: false, existing: existing?.state ?? 'pending' };
  }

  async markSent(id: string, messageId: string | undefined, now: Date): Promise<void> {
    await this.sends.updateOne(
      { _id: id },
      { $set: { state: 'sent', updatedAt: now, ...(messageId ? { messageId } : {}) }, $unset: { error: '' } },
    );
  }

  async markFailed(
    id: string,
    state: 'failed' | 'rejected' | 'dead' | 'muted',
    error: string,
    now: Date,
  ): Promise<void> {
    await this.sends.updateOne({ _id: id }, { $set: { state, error: error.slice(0, 500), updatedAt: now } });
  }

  async find(id: string): Promise<SendRecord | null> {
    return this.sends.findOne({ _id: id });
  }
}
