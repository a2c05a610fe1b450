import { Counter, type Registry } from 'prom-client';

export interface NotifierMetrics {
  sent: Counter<'brand' | 'kind' | 'state'>;
  failed: Counter<'reason'>;
  retries: Counter;
  skipped: Counter<'reason'>;
  deliveries: Counter<'channel' | 'outcome'>;
  deliveryRetries: Counter<'channel'>;
}

export function createNotifierMetrics(registry: Registry): NotifierMetrics {
  return {
    sent: new Counter({
      name: 'crumbtrail_emails_sent_total',
      help: 'Alert emails accepted by the SMTP server',
      labelNames: ['brand', 'kind', 'state'],
      registers: [registry],
    }),
    failed: new Counter({
      name: 'crumbtrail_emails_failed_total',
      help: 'Alert email attempts that failed: transient (will retry) or permanent (rejected)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'crumbtrail_email_send_retries_total',
      help: 'SMTP send retries after a transient failure',
      registers: [registry],
    }),
    skipped: new Counter({
      name: 'crumbtrail_emails_skipped_total',
      help: 'Alert emails not sent: already sent, in doubt after a crash (unknown), no recipients, unknown brand, muted',
      labelNames: ['reason'],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'crumbtrail_channel_deliveries_total',
      help: 'Slack, Teams and webhook deliveries by outcome: sent, rejected (4xx), dead (last attempt failed), skipped_sent, skipped_unknown, muted',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
    deliveryRetries: new Counter({
      name: 'crumbtrail_channel_delivery_retries_total',
      help: 'Slack, Teams and webhook attempts repeated after a 429, a 5xx or a network error',
      labelNames: ['channel'],
      registers: [registry],
    }),
  };
}
