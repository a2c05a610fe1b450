import type { BrandConfig } from '@crumbtrail/contracts';
import type { Logger } from '@crumbtrail/runtime';
import type { Mailer } from '../send-alert';
import { fromAddress, listUnsubscribe } from '../send-alert';
import { singleLine } from '../email/sanitize';
import type { SendLedger } from '../sends/send-ledger';
import type { AlertLog } from './alert-log';
import { latestDuePeriod, type DigestKind, type DigestPeriod, type Weekday } from './periods';
import { last24h, renderDigest, summarize } from './render-digest';
import type { HourRollupsReader } from './rollups-read';

/** A digest missed for longer than this (the notifier was down) is skipped rather than sent late. */
export const CATCH_UP_MS = 12 * 3_600_000;

export interface DigestDeps {
  brands: readonly BrandConfig[];
  rollups: Pick<HourRollupsReader, 'between'>;
  alertLog: Pick<AlertLog, 'between'>;
  /** Its own collection (`digest_sends`): one record per brand, kind, period and recipient. */
  ledger: SendLedger;
  mailer: Mailer;
  from: string;
  clock: () => Date;
  logger: Logger;
  dashboardUrl?: string;
}

export interface DigestSchedule {
  brand: BrandConfig;
  kind: DigestKind;
  hour: number;
  weekday?: Weekday;
  timeZone: string;
}

/** The digests a brand asked for in brands.yaml (notify.dailyDigest, notify.digest). */
export function digestSchedules(brand: BrandConfig): DigestSchedule[] {
  const hour = brand.notify.digest?.hour ?? 8;
  const timeZone = brand.notify.timeZone ?? 'UTC';
  const out: DigestSchedule[] = [];
  if (brand.notify.dailyDigest) out.push({ brand, kind: 'daily', hour, timeZone });
  const weekday = brand.notify.digest?.weekly;
  if (weekday) out.push({ brand, kind: 'weekly', hour, weekday, timeZone });
  return out;
}

export function digestKey(kind: DigestKind, brand: string, periodKey: string, recipient: string): string {
  return `digest:${kind}:${brand}:${periodKey}:${recipient.toLowerCase()}`;
}

/**
 * Sends each brand's latest due digest, once per period and recipient (the ledger), whenever it is called: by the
 * cron job at the brand's local hour, and at start-up to catch up a digest missed while the notifier was down.
 */
export class DigestRunner {
  constructor(private readonly deps: DigestDeps) {}

  /** Returns the number of digest emails sent. */
  async tick(schedules?: readonly DigestSchedule[]): Promise<number> {
    const now = this.deps.clock();
    let sent = 0;
    for (const s of schedules ?? this.deps.brands.flatMap(digestSchedules)) {
      const period = latestDuePeriod(now, s.timeZone, s.hour, s.kind, s.weekday);
      if (now.getTime() - period.to.getTime() > CATCH_UP_MS) continue;
      try {
        sent += await this.send(s, period);
      } catch (err) {
        this.deps.logger.error({ err, brand: s.brand.id, kind: s.kind, period: period.key }, 'digest failed');
      }
    }
    return sent;
  }

  private async send(s: DigestSchedule, period: DigestPeriod): Promise<number> {
    const brand = s.brand;
    const recipients = brand.notify.recipients;
    if (recipients.length === 0) return 0;
    const pending = [];
    for (const r of recipients) {
      const existing = await this.deps.ledger.find(digestKey(s.kind, brand.id, period.key, r));
      if (existing?.state !== 'sent' && existing?.state !== 'pending') pending.push(r);
    }
    if (pending.length === 0) return 0;
    const [hours, before, alerts] = await Promise.all([
      this.deps.rollups.between(brand.id, period.from, period.to),
      this.deps.rollups.between(brand.id, period.previousFrom, period.from),
      this.deps.alertLog.between(brand.id, period.from, period.to),
    ]);
    const digest = renderDigest({
      brand: brand.id,
      brandName: brand.name,
      timeZone: s.timeZone,
      period,
      current: summarize(hours),
      previous: summarize(before),
      series: last24h(hours, period.to),
      alerts,
      ...(this.deps.dashboardUrl && { dashboardUrl: this.deps.dashboardUrl }),
    });
    const log = this.deps.logger.child({ brand: brand.id, kind: s.kind, period: period.key });
    if (digest.quiet && !brand.notify.digest?.sendWhenQuiet) {
      log.info('quiet period: no digest (notify.digest.sendWhenQuiet is off)');
      return 0;
    }
    let sent = 0;
    for (const recipient of pending) {
      const id = digestKey(s.kind, brand.id, period.key, recipient);
      const claim = await this.deps.ledger.claim(
        {
          _id: id,
          alertId: `${s.kind}:${period.key}`,
          alertState: s.kind,
          brand: brand.id,
          recipient,
          channel: 'email',
        },
        this.deps.clock(),
      );
      if (!claim.claimed) continue;
      try {
        const info = await this.deps.mailer.send({
          from: this.deps.from,
          to: singleLine(recipient, 254),
          subject: digest.subject,
          text: digest.text,
          html: digest.html,
          messageId: `<${id.replace(/[^A-Za-z0-9.:-]/g, '.')}@crumbtrail.digest>`,
          headers: {
            'Auto-Submitted': 'auto-generated',
            'List-Unsubscribe': listUnsubscribe(this.deps.from, brand.id, recipient),
            'List-Id': `Crumbtrail digest for ${brand.id} <${brand.id}.digest.${fromAddress(this.deps.from).split('@')[1] ?? 'crumbtrail'}>`,
          },
        });
        await this.deps.ledger.markSent(id, info.messageId, this.deps.clock());
        sent += 1;
        log.info({ recipient }, 'digest sent');
      } catch (err) {
        await this.deps.ledger.markFailed(
          id,
          'failed',
          String((err as Error).message ?? err),
          this.deps.clock(),
        );
        log.warn({ err, recipient }, 'digest not sent; the next tick tries again');
      }
    }
    return sent;
  }
}
