import type { SourceHealthEvent } from '@crumbtrail/contracts';
import { escapeHtml } from '../email/escape';
import { singleLine } from '../email/sanitize';
import type { OutgoingMail } from '../send-alert';

/**
 * The ops email for a source that went down or recovered (sources.health.v1): short, plain, for the people who run
 * the poller. Everything from the event is escaped or reduced to one line; nothing from a post is in it.
 */
export function renderSourceHealthEmail(event: SourceHealthEvent, from: string, to: string): OutgoingMail {
  const who = `${singleLine(event.brand, 64)}: ${event.source}`;
  const subject =
    event.event === 'source_down'
      ? `[Crumbtrail ops] ${who} is down (nothing usable read in ${event.consecutiveFailures} polls)`
      : `[Crumbtrail ops] ${who} recovered`;
  const lines =
    event.event === 'source_down'
      ? [
          `The ${event.source} source of brand "${event.brand}" has read nothing usable in ${event.consecutiveFailures} polls in a row (tolerance: ${event.tolerance}).`,
          `Its mentions are not arriving: a quiet brand may only mean a silent source.`,
          '',
          `Failing since: ${event.failingSince}`,
          `Last success:  ${event.lastSuccessAt ?? 'never'}`,
          `URL:           ${event.url ?? '(none)'}`,
          `Reason:        ${singleLine(event.reason, 500)}`,
          '',
          'Details: the poller\'s /healthz ("sources" component) and its log.',
        ]
      : [
          `The ${event.source} source of brand "${event.brand}" works again (at ${event.at}).`,
          '',
          `It had failed since ${event.failingSince}, ${event.consecutiveFailures} polls in a row.`,
          `Last reason: ${singleLine(event.reason, 500)}`,
        ];
  const text = `${lines.join('\n')}\n`;
  const html = `<!doctype html><html><body><pre style="font-family:monospace">${escapeHtml(text)}</pre></body></html>`;
  return {
    from,
    to,
    subject: singleLine(subject, 200),
    text,
    html,
    // one Message-ID per event: mail systems that dedupe by it collapse a redelivered copy
    messageId: `<${event.eventId}.${event.event}@crumbtrail.ops>`,
    headers: { 'x-crumbtrail-source-event': event.event, 'x-crumbtrail-event-id': event.eventId },
  };
}
