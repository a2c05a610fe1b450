import { createHash } from 'node:crypto';
import type { Alert, BrandConfig } from '@crumbtrail/contracts';
import { signActionToken, type BrandMute } from '@crumbtrail/alert-actions';
import {
  backoffDelayMs,
  dlq,
  drop,
  ok,
  retry,
  type ConsumedMessage,
  type Logger,
  type Outcome,
  type RetryPolicy,
} from '@crumbtrail/runtime';
import { deliverToChannels, type ChannelDeps } from './channels/send-channels';
import type { Endpoint } from './channels/endpoints';
import { renderAlertEmail, type EmailActionLinks } from './email/render-alert';
import { singleLine } from './email/sanitize';
import type { NotifierMetrics } from './metrics';
import { channelSendKey, sendKey, type SendLedger } from './sends/send-ledger';
import { quietUntil } from './quiet-hours';
import { describeSmtpError, isAmbiguousSmtpError, isPermanentSmtpError } from './smtp-errors';
import { buildAlertView } from './view/alert-view';
import { emailActionUrl } from './view/links';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

/** The SMTP edge: nodemailer in production, anything with the same shape in tests. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId?: string }>;
}

export interface MuteLookup {
  activeMute(brand: string, now: Date): Promise<BrandMute | null>;
}

export interface SendAlertDeps {
  ledger: SendLedger;
  mailer: Mailer;
  brands: ReadonlyMap<string, BrandConfig>;
  from: string;
  metrics: NotifierMetrics;
  logger: Logger;
  clock: () => Date;
  /** Attempts per recipient inside one handling, for transient SMTP failures. */
  smtpRetry: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  /** Brand mutes set from the dashboard or an email link: a muted brand is sent nothing. */
  mutes?: MuteLookup;
  /** Slack, Teams and webhook endpoints per brand, and how to reach them. */
  endpoints?: ReadonlyMap<string, readonly Endpoint[]>;
  channels?: Omit<ChannelDeps, 'ledger' | 'metrics' | 'logger' | 'clock'>;
  dashboardUrl?: string;
  /** With dashboardUrl: emails get signed acknowledge / mute links. */
  actionSecret?: string;
  /** Keeps every alert handled, for the digest's "alerts of the period". */
  alertLog?: { record(alert: Alert): Promise<void> };
  /** Holds non-critical alerts during the brand's quiet hours. */
  deferred?: { defer(alert: Alert, dueAt: Date, now: Date): Promise<void> };
}

/** How long the acknowledge and mute links in an email work. */
export const ACTION_LINK_TTL_MS = 7 * 24 * 3_600_000;

/**
 * A deterministic Message-ID per alert episode, state and recipient: if an operator ever re-sends by hand, mail
 * systems that dedupe by Message-ID collapse the copies.
 */
export function messageIdFor(alert: Alert, recipient: string): string {
  const digest = createHash('sha256').update(recipient.toLowerCase()).digest('hex').slice(0, 12);
  return `<${alert.alertId}.${alert.state}.${digest}@crumbtrail.alerts>`;
}

/** The bare address of a From header ("Crumbtrail <alerts@x>" -> "alerts@x"). */
export function fromAddress(from: string): string {
  return /<([^<>\s]+)>/.exec(from)?.[1] ?? from.trim();
}

/** RFC 2369 List-Unsubscribe: a mail to the sender saying which brand and recipient. */
export function listUnsubscribe(from: string, brand: string, recipient: string): string {
  const subject = encodeURIComponent(`unsubscribe ${brand} ${recipient}`);
  return `<mailto:${fromAddress(from)}?subject=${subject}>`;
}

export function timeZoneFor(brand: BrandConfig, recipient: string): string {
  const own = Object.entries(brand.notify.recipientTimeZones ?? {}).find(
    ([address]) => address.toLowerCase() === recipient.toLowerCase(),
  );
  return own?.[1] ?? brand.notify.timeZone ?? 'UTC';
}

export function actionLinks(
  alert: Alert,
  recipient: string,
  dashboardUrl: string,
  secret: string,
  now: Date,
): EmailActionLinks {
  const base = {
    alertId: alert.alertId,
    brand: alert.brand,
    recipient,
    expiresAt: now.getTime() + ACTION_LINK_TTL_MS,
  };
  const link = (token: string) => emailActionUrl(dashboardUrl, token);
  return {
    acknowledge: link(signActionToken({ kind: 'ack', ...base }, secret)),
    mute8h: link(signActionToken({ kind: 'mute', hours: 8, ...base }, secret)),
    mute24h: link(signActionToken({ kind: 'mute', hours: 24, ...base }, secret)),
  };
}

export function createAlertHandler(deps: SendAlertDeps) {
  return async (messages: ConsumedMessage<Alert>[]): Promise<Outcome[]> => {
    const outcomes: Outcome[] = [];
    // Alerts are rare; one at a time keeps the SMTP server and the ledger simple.
    for (const message of messages) outcomes.push(await handleAlert(message.value, deps));
    return outcomes;
  };
}

/**
 * Sends one alert event to the brand's recipients and endpoints. `afterQuietHours`: the event was held back by quiet
 * hours and is due now (sent whatever the clock says).
 */
export async function handleAlert(
  alert: Alert,
  deps: SendAlertDeps,
  afterQuietHours = false,
): Promise<Outcome> {
  const log = deps.logger.child({
    alertId: alert.alertId,
    brand: alert.brand,
    kind: alert.kind,
    state: alert.state,
  });
  const brand = deps.brands.get(alert.brand);
  if (!brand) {
    deps.metrics.skipped.inc({ reason: 'unknown_brand' });
    return dlq(`brand "${alert.brand}" is not configured`, 'unknown_brand');
  }
  await deps.alertLog?.record(alert);
  const endpoints = deps.endpoints?.get(alert.brand) ?? [];
  const recipients = brand.notify.recipients;
  if (recipients.length === 0 && endpoints.length === 0) {
    deps.metrics.skipped.inc({ reason: 'no_recipients' });
    log.warn('alert not sent: the brand has no notify.recipients and no Slack, Teams or webhook endpoint');
    return drop('no recipients');
  }
  const mute = await deps.mutes?.activeMute(alert.brand, deps.clock());
  if (mute) {
    await recordMuted(alert, recipients, endpoints, mute, deps);
    log.info({ until: mute.until, by: mute.by }, 'brand muted: alert not sent');
    return ok();
  }
  const quiet = brand.notify.quietHours;
  if (quiet && deps.deferred && !afterQuietHours && alert.severity !== 'critical') {
    const now = deps.clock();
    const until = quietUntil(now, brand.notify.timeZone ?? 'UTC', quiet);
    if (until) {
      await deps.deferred.defer(alert, until, now);
      deps.metrics.skipped.inc({ reason: 'quiet_hours' });
      log.info({ until }, 'quiet hours: the alert waits until they end');
      return ok();
    }
  }
  const outcome = await sendEmails(alert, brand, deps, log);
  if (endpoints.length > 0 && deps.channels) {
    const view = buildAlertView(alert, {
      brandName: brand.name,
      timeZone: brand.notify.timeZone ?? 'UTC',
      ...(deps.dashboardUrl && { dashboardUrl: deps.dashboardUrl }),
    });
    await deliverToChannels(alert, view, endpoints, {
      ...deps.channels,
      ledger: deps.ledger,
      metrics: deps.metrics,
      logger: deps.logger,
      clock: deps.clock,
    });
  }
  return outcome;
}

/** The skip is recorded per recipient and endpoint, so "why did nobody hear about it?" has an answer. */
async function recordMuted(
  alert: Alert,
  recipients: readonly string[],
  endpoints: readonly Endpoint[],
  mute: BrandMute,
  deps: SendAlertDeps,
): Promise<void> {
  const reason = `brand muted until ${mute.until.toISOString()} by ${mute.by}`;
  const targets = [
    ...recipients.map((r) => ({
      id: sendKey(alert.alertId, alert.state, r),
      recipient: r,
      channel: 'email' as const,
    })),
    ...endpoints.map((e) => ({
      id: channelSendKey(alert.alertId, alert.state, e.channel, e.name),
      recipient: `${e.channel}:${e.name}`,
      channel: e.channel,
    })),
  ];
  for (const t of targets) {
    const now = deps.clock();
    const claim = await deps.ledger.claim(
      {
        _id: t.id,
        alertId: alert.alertId,
        alertState: alert.state,
        brand: alert.brand,
        recipient: t.recipient,
        channel: t.channel,
      },
      now,
    );
    if (!claim.claimed) continue;
    await deps.ledger.markFailed(t.id, 'muted', reason, now);
    if (t.channel === 'email') deps.metrics.skipped.inc({ reason: 'muted' });
    else deps.metrics.deliveries.inc({ channel: t.channel, outcome: 'muted' });
  }
}

async function sendEmails(
  alert: Alert,
  brand: BrandConfig,
  deps: SendAlertDeps,
  log: Logger,
): Promise<Outcome> {
  let transient: string | undefined;
  for (const recipient of brand.notify.recipients) {
    const id = sendKey(alert.alertId, alert.state, recipient);
    const claim = await deps.ledger.claim(
      {
        _id: id,
        alertId: alert.alertId,
        alertState: alert.state,
        brand: alert.brand,
        recipient,
        channel: 'email',
      },
      deps.clock(),
    );
    if (!claim.claimed) {
      const reason = claim.existing === 'pending' ? 'unknown' : `already_${claim.existing}`;
      deps.metrics.skipped.inc({ reason });
      if (claim.existing === 'pending') {
        log.warn(
          { recipient },
          'a send was interrupted earlier; not resending (at-most-once), check the mailbox',
        );
      }
      continue;
    }
    const unsubscribe = listUnsubscribe(deps.from, alert.brand, recipient);
    const email = renderAlertEmail(alert, {
      brandName: brand.name,
      timeZone: timeZoneFor(brand, recipient),
      unsubscribe: unsubscribe.slice(1, -1),
      ...(deps.dashboardUrl && { dashboardUrl: deps.dashboardUrl }),
      ...(deps.dashboardUrl &&
        deps.actionSecret &&
        alert.state === 'open' && {
          actions: actionLinks(alert, recipient, deps.dashboardUrl, deps.actionSecret, deps.clock()),
        }),
    });
    const mail: OutgoingMail = {
      from: deps.from,
      to: singleLine(recipient, 254),
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: messageIdFor(alert, recipient),
      headers: {
        'X-Crumbtrail-Alert-Id': alert.alertId,
        'Auto-Submitted': 'auto-generated',
        'List-Unsubscribe': unsubscribe,
        'List-Id': `Crumbtrail alerts for ${alert.brand} <${alert.brand}.alerts.crumbtrail>`,
      },
    };
    const result = await sendWithRetry(mail, deps);
    const now = deps.clock();
    if (result.ok) {
      await deps.ledger.markSent(id, result.messageId, now);
      deps.metrics.sent.inc({ brand: alert.brand, kind: alert.kind, state: alert.state });
      log.info({ recipient }, 'alert email sent');
    } else if (result.ambiguous) {
      // Left as pending: a redelivery counts it as "unknown" and does not resend.
      deps.metrics.skipped.inc({ reason: 'unknown' });
      log.error(
        { recipient, error: result.error },
        'connection lost while sending; the mail may have been delivered',
      );
    } else if (result.permanent) {
      await deps.ledger.markFailed(id, 'rejected', result.error, now);
      log.error({ recipient, error: result.error }, 'alert email rejected by the SMTP server');
    } else {
      await deps.ledger.markFailed(id, 'failed', result.error, now);
      transient = `SMTP unavailable for ${recipient}: ${result.error}`;
      log.warn({ recipient, error: result.error }, 'alert email failed; the message will be retried');
    }
  }
  return transient ? retry(transient) : ok();
}

type SendResult =
  | { ok: true; messageId?: string }
  | { ok: false; ambiguous: true; error: string }
  | { ok: false; ambiguous?: false; permanent: boolean; error: string };

async function sendWithRetry(mail: OutgoingMail, deps: SendAlertDeps): Promise<SendResult> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt += 1) {
    try {
      const info = await deps.mailer.send(mail);
      return info.messageId ? { ok: true, messageId: info.messageId } : { ok: true };
    } catch (err) {
      if (isAmbiguousSmtpError(err)) {
        deps.metrics.failed.inc({ reason: 'ambiguous' });
        return { ok: false, ambiguous: true, error: describeSmtpError(err) };
      }
      const permanent = isPermanentSmtpError(err);
      deps.metrics.failed.inc({ reason: permanent ? 'permanent' : 'transient' });
      if (permanent || attempt > deps.smtpRetry.maxRetries) {
        return { ok: false, permanent, error: describeSmtpError(err) };
      }
      deps.metrics.retries.inc();
      await sleep(backoffDelayMs(attempt, deps.smtpRetry));
    }
  }
}

/** Sends the alerts whose quiet hours have ended; called on a timer. A send that must be retried stays deferred. */
export async function flushDeferred(
  deferred: {
    due(now: Date): Promise<{ _id: string; alert: Alert }[]>;
    remove(id: string): Promise<void>;
  },
  deps: SendAlertDeps,
): Promise<number> {
  let sent = 0;
  for (const entry of await deferred.due(deps.clock())) {
    const outcome = await handleAlert(entry.alert, deps, true);
    if (outcome.status === 'retry') continue;
    await deferred.remove(entry._id);
    sent += 1;
  }
  return sent;
}
