import { createHash } from 'node:crypto';
import type { Alert, BrandConfig } from '@crumbtrail/contracts';
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
import { renderAlertEmail } from './email/render-alert';
import { singleLine } from './email/sanitize';
import type { NotifierMetrics } from './metrics';
import { sendKey, type SendLedger } from './sends/send-ledger';
import { describeSmtpError, isAmbiguousSmtpError, isPermanentSmtpError } from './smtp-errors';

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
}

/**
 * A deterministic Message-ID per alert episode, state and recipient: if an operator ever re-sends by hand, mail
 * systems that dedupe by Message-ID collapse the copies.
 */
export function messageIdFor(alert: Alert, recipient: string): string {
  const digest = createHash('sha256').update(recipient.toLowerCase()).digest('hex').slice(0, 12);
  return `<${alert.alertId}.${alert.state}.${digest}@crumbtrail.alerts>`;
}

export function createAlertHandler(deps: SendAlertDeps) {
  return async (messages: ConsumedMessage<Alert>[]): Promise<Outcome[]> => {
    const outcomes: Outcome[] = [];
    // Alerts are rare; one at a time keeps the SMTP server and the ledger simple.
    for (const message of messages) outcomes.push(await handleAlert(message.value, deps));
    return outcomes;
  };
}

async function handleAlert(alert: Alert, deps: SendAlertDeps): Promise<Outcome> {
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
  const recipients = brand.notify.recipients;
  if (recipients.length === 0) {
    deps.metrics.skipped.inc({ reason: 'no_recipients' });
    log.warn('alert not emailed: the brand has no notify.recipients');
    return drop('no recipients');
  }
  const email = renderAlertEmail(alert, { brandName: brand.name });
  let transient: string | undefined;
  for (const recipient of recipients) {
    const id = sendKey(alert.alertId, alert.state, recipient);
    const claim = await deps.ledger.claim(
      { _id: id, alertId: alert.alertId, alertState: alert.state, brand: alert.brand, recipient },
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
    const mail: OutgoingMail = {
      from: deps.from,
      to: singleLine(recipient, 254),
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: messageIdFor(alert, recipient),
      headers: { 'X-Crumbtrail-Alert-Id': alert.alertId, 'Auto-Submitted': 'auto-generated' },
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
