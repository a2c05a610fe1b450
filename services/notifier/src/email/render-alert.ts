import type { Alert, AlertKind } from '@crumbtrail/contracts';
import { barChartHtml, sparkline } from './chart';
import { escapeHtml, punycodeHostsInText, safeLink } from './escape';
import { bodyText, singleLine } from './sanitize';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderContext {
  brandName: string;
  /** Why the reader gets this mail, for the footer. */
  recipientReason?: string;
}

const KIND_TITLES: Record<AlertKind, string> = {
  negative_share: 'negative mentions',
  complaint_volume: 'complaints',
  volume_spike: 'mention volume',
};

export function percent(part: number, whole: number): string {
  if (whole <= 0) return 'n/a';
  const value = (100 * part) / whole;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)}%`;
}

function minutesBetween(startIso: string, endIso: string): number {
  return Math.max(1, Math.round((Date.parse(endIso) - Date.parse(startIso)) / 60_000));
}

function duration(startIso: string, endIso: string): string {
  const minutes = minutesBetween(startIso, endIso);
  if (minutes < 120) return `${minutes} min`;
  const hours = minutes / 60;
  return hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} days`;
}

/** Baseline volume scaled to the length of the window, i.e. what a normal window of this length holds. */
function expectedInWindow(alert: Alert, count: number): number {
  const windowMinutes = minutesBetween(alert.window.start, alert.window.end);
  const baselineMinutes = minutesBetween(alert.baseline.start, alert.baseline.end);
  return (count * windowMinutes) / baselineMinutes;
}

export function headline(alert: Alert, brandName: string): string {
  const brand = singleLine(brandName, 80);
  const o = alert.observed;
  const b = alert.baseline;
  const window = duration(alert.window.start, alert.window.end);
  if (alert.state === 'resolved') {
    return `Resolved: ${brand} ${KIND_TITLES[alert.kind]} back to normal`;
  }
  switch (alert.kind) {
    case 'negative_share':
      return `${brand}: negative mentions up to ${percent(o.negatives, o.mentions)} (baseline ${percent(b.negatives, b.mentions)})`;
    case 'complaint_volume':
      return `${brand}: ${o.complaints} complaints in ${window} (usually ~${Math.round(expectedInWindow(alert, b.complaints))})`;
    case 'volume_spike':
      return `${brand}: ${o.mentions} mentions in ${window} (usually ~${Math.round(expectedInWindow(alert, b.mentions))})`;
  }
}

export function renderAlertEmail(alert: Alert, context: RenderContext): RenderedEmail {
  const subject = singleLine(
    `[Crumbtrail]${alert.severity === 'critical' && alert.state === 'open' ? '[critical]' : ''} ${headline(alert, context.brandName)}`,
    180,
  );
  return { subject, text: renderText(alert, context), html: renderHtml(alert, context, subject) };
}

function statisticLine(alert: Alert): string {
  const parts = [alert.statistic.method];
  if (alert.statistic.zScore !== undefined) parts.push(`z = ${alert.statistic.zScore.toFixed(2)}`);
  if (alert.statistic.pValue !== undefined) parts.push(formatPValue(alert.statistic.pValue));
  return parts.join(', ');
}

export function formatPValue(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

function numbersRows(alert: Alert): [string, string, string][] {
  const o = alert.observed;
  const b = alert.baseline;
  return [
    ['Mentions', String(o.mentions), String(b.mentions)],
    [
      'Negative',
      `${o.negatives} (${percent(o.negatives, o.mentions)})`,
      `${b.negatives} (${percent(b.negatives, b.mentions)})`,
    ],
    [
      'Complaints',
      `${o.complaints} (${percent(o.complaints, o.mentions)})`,
      `${b.complaints} (${percent(b.complaints, b.mentions)})`,
    ],
  ];
}

/** A mention's text as shown: controls and invisible characters gone, hosts of URLs in it in punycode. */
function mentionText(text: string, maxLength: number): string {
  return punycodeHostsInText(bodyText(text, maxLength));
}

function author(handle: string): string {
  return punycodeHostsInText(singleLine(handle, 60));
}

const FOOTER =
  'You get this mail because you are a recipient for this brand in Crumbtrail (brands.yaml, notify.recipients). ' +
  'Too many or too few alerts? Set alerts.sensitivity to low or high for the brand.';

function renderText(alert: Alert, context: RenderContext): string {
  const lines: string[] = [];
  lines.push(headline(alert, context.brandName), '');
  if (alert.state === 'resolved') {
    lines.push(`The alert opened at ${alert.openedAt} was resolved at ${alert.resolvedAt ?? 'now'}.`, '');
  }
  lines.push(
    `Window:   ${alert.window.start} – ${alert.window.end} (${duration(alert.window.start, alert.window.end)})`,
  );
  lines.push(`Baseline: ${alert.baseline.start} – ${alert.baseline.end}`);
  lines.push('', '              window        baseline');
  for (const [label, now, before] of numbersRows(alert)) {
    lines.push(`${label.padEnd(12)}  ${now.padEnd(12)}  ${before}`);
  }
  lines.push('', `Test: ${statisticLine(alert)}`);
  if (alert.series.length > 0) {
    lines.push('', `Mentions ${sparkline(alert.series.map((p) => p.mentions))}`);
    lines.push(`Negative ${sparkline(alert.series.map((p) => p.negatives))}`);
  }
  if (alert.topTerms.length > 0) {
    lines.push(
      '',
      `Top terms: ${alert.topTerms.map((t) => `${singleLine(t.term, 40)} (${t.count})`).join(', ')}`,
    );
  }
  if (alert.samples.length > 0) {
    lines.push('', 'Sample mentions:');
    for (const sample of alert.samples) {
      const link = safeLink(sample.url);
      lines.push(
        `- ${author(sample.author)} on ${sample.source} (${sample.sentimentScore.toFixed(2)}): ${singleLine(mentionText(sample.text, 280), 280)}`,
        `  ${link.href ?? link.display}`,
      );
    }
  }
  lines.push('', '--', FOOTER);
  return `${lines.join('\n')}\n`;
}

function renderHtml(alert: Alert, context: RenderContext, subject: string): string {
  const rows = numbersRows(alert)
    .map(
      ([label, now, before]) =>
        `<tr><td style="padding:2px 12px 2px 0">${escapeHtml(label)}</td><td style="padding:2px 12px;font-weight:bold">${escapeHtml(now)}</td><td style="padding:2px 12px;color:#555">${escapeHtml(before)}</td></tr>`,
    )
    .join('');
  const samples = alert.samples
    .map((sample) => {
      const link = safeLink(sample.url);
      const anchor = link.href
        ? `<a href="${escapeHtml(link.href)}" rel="noopener noreferrer nofollow">${escapeHtml(link.display)}</a>`
        : escapeHtml(link.display);
      return (
        `<li style="margin-bottom:8px"><div>${escapeHtml(mentionText(sample.text, 400))}</div>` +
        `<div style="font-size:12px;color:#666">${escapeHtml(author(sample.author))} · ${escapeHtml(sample.source)} · ` +
        `score ${sample.sentimentScore.toFixed(2)} · ${anchor}</div></li>`
      );
    })
    .join('');
  const terms = alert.topTerms.map((t) => `${escapeHtml(singleLine(t.term, 40))} (${t.count})`).join(', ');
  const resolvedNote =
    alert.state === 'resolved'
      ? `<p>The alert opened at ${escapeHtml(alert.openedAt)} was resolved at ${escapeHtml(alert.resolvedAt ?? 'now')}.</p>`
      : '';
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#222;max-width:640px">',
    `<h2 style="margin-bottom:4px">${escapeHtml(headline(alert, context.brandName))}</h2>`,
    resolvedNote,
    `<p style="color:#555;margin-top:0">Window ${escapeHtml(alert.window.start)} – ${escapeHtml(alert.window.end)}, ` +
      `compared with ${escapeHtml(alert.baseline.start)} – ${escapeHtml(alert.baseline.end)}.</p>`,
    `<table style="border-collapse:collapse"><tr><th></th><th style="text-align:left;padding:2px 12px">window</th>` +
      `<th style="text-align:left;padding:2px 12px">baseline</th></tr>${rows}</table>`,
    `<p style="font-size:12px;color:#555">Test: ${escapeHtml(statisticLine(alert))}</p>`,
    alert.series.length > 0 ? `<h3>Last 24 hours</h3>${barChartHtml(alert.series)}` : '',
    terms ? `<h3>Top terms</h3><p>${terms}</p>` : '',
    samples ? `<h3>Sample mentions</h3><ul style="padding-left:18px">${samples}</ul>` : '',
    `<hr><p style="font-size:12px;color:#777">${escapeHtml(FOOTER)}</p>`,
    '</body></html>',
  ].join('\n');
}
