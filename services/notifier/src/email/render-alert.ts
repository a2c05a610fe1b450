import type { Alert } from '@crumbtrail/contracts';
import { buildAlertView, type AlertView, type ViewContext } from '../view/alert-view';
import { barChartHtml, sparkline } from './chart';
import { escapeHtml } from './escape';
import { singleLine } from './sanitize';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Signed links that act from the email (see @crumbtrail/alert-actions); absent without a secret and a dashboard. */
export interface EmailActionLinks {
  acknowledge: string;
  mute8h: string;
  mute24h: string;
}

export interface RenderContext extends Partial<ViewContext> {
  brandName: string;
  actions?: EmailActionLinks;
  /** Where "unsubscribe" leads, shown in the footer (also the List-Unsubscribe header). */
  unsubscribe?: string;
}

const FOOTER =
  'You get this mail because you are a recipient for this brand in Crumbtrail (brands.yaml, notify.recipients). ' +
  'Too many or too few alerts? Set alerts.sensitivity to low or high for the brand.';

export function renderAlertEmail(alert: Alert, context: RenderContext): RenderedEmail {
  const view = buildAlertView(alert, {
    brandName: context.brandName,
    timeZone: context.timeZone ?? 'UTC',
    ...(context.dashboardUrl && { dashboardUrl: context.dashboardUrl }),
  });
  const subject = singleLine(`[Crumbtrail]${view.critical ? '[critical]' : ''} ${view.headline}`, 180);
  return {
    subject,
    text: renderText(alert, view, context),
    html: renderHtml(alert, view, context, subject),
  };
}

function renderText(alert: Alert, view: AlertView, context: RenderContext): string {
  const lines: string[] = [view.headline, '', view.summary, '', `When: ${view.when}`, ''];
  const width = Math.max(...view.numbers.map((n) => n.label.length)) + 2;
  lines.push(`${''.padEnd(width)}${'now'.padEnd(12)}usually`);
  for (const n of view.numbers) lines.push(`${n.label.padEnd(width)}${n.now.padEnd(12)}${n.usual}`);
  if (view.sources || view.languages) {
    lines.push('', `Where (${view.breakdownWhen ?? view.when}):`);
    if (view.sources) lines.push(`  Sources:   ${view.sources}`);
    if (view.languages) lines.push(`  Languages: ${view.languages}`);
  }
  if (view.samples.length > 0) {
    lines.push('', 'Most negative mentions (most engagement first):');
    for (const s of view.samples) {
      const engagement = s.engagement ? `, ${s.engagement} engagements` : '';
      lines.push(
        `- ${singleLine(s.text, 280)}`,
        `  ${s.author} on ${s.source}, ${s.when}, score ${s.score}${engagement}`,
        `  ${s.link.href ?? s.link.display}`,
      );
    }
  }
  if (view.topTerms.length > 0) lines.push('', `Top terms: ${view.topTerms.join(', ')}`);
  if (alert.series.length > 0) {
    lines.push('', `Last 24 hours, mentions ${sparkline(alert.series.map((p) => p.mentions))}`);
    lines.push(`Last 24 hours, negative ${sparkline(alert.series.map((p) => p.negatives))}`);
  }
  const links: string[] = [];
  if (view.links) {
    links.push(`Open the alert: ${view.links.alert}`, `Mentions of the window: ${view.links.mentions}`);
  }
  if (context.actions) {
    links.push(
      `Acknowledge: ${context.actions.acknowledge}`,
      `Mute ${view.brandName} for 8 hours: ${context.actions.mute8h}`,
      `Mute ${view.brandName} for 24 hours: ${context.actions.mute24h}`,
    );
  }
  if (links.length > 0) lines.push('', ...links);
  lines.push('', '--', view.statistics, FOOTER);
  if (context.unsubscribe) lines.push(`Unsubscribe: ${context.unsubscribe}`);
  return `${lines.join('\n')}\n`;
}

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const MUTED = '#57606a';

function button(href: string, label: string, primary: boolean): string {
  const style = primary
    ? 'background:#0969da;color:#ffffff;border:1px solid #0969da'
    : 'background:#ffffff;color:#0969da;border:1px solid #d0d7de';
  return (
    `<a class="btn" href="${escapeHtml(href)}" style="display:inline-block;${style};border-radius:6px;` +
    `padding:9px 14px;margin:0 6px 8px 0;font-size:14px;font-weight:600;text-decoration:none">${escapeHtml(label)}</a>`
  );
}

function badge(view: AlertView): string {
  const [label, colour] = view.resolved
    ? ['RESOLVED', '#1a7f37']
    : view.critical
      ? ['CRITICAL', '#cf222e']
      : ['ALERT', '#bf8700'];
  return (
    `<span style="display:inline-block;background:${colour};color:#fff;font-size:11px;font-weight:700;` +
    `letter-spacing:.5px;padding:2px 8px;border-radius:10px">${label}</span> ` +
    `<span style="font-size:13px;color:${MUTED}">${escapeHtml(view.brandName)}</span>`
  );
}

function section(title: string, body: string): string {
  return (
    `<tr><td style="padding:16px 20px 0"><h2 style="font-size:15px;margin:0 0 8px;color:#1f2328">` +
    `${escapeHtml(title)}</h2>${body}</td></tr>`
  );
}

function samplesHtml(view: AlertView): string {
  return view.samples
    .map((s) => {
      const anchor = s.link.href
        ? `<a href="${escapeHtml(s.link.href)}" rel="noopener noreferrer nofollow" style="color:#0969da">${escapeHtml(s.link.display)}</a>`
        : escapeHtml(s.link.display);
      const engagement = s.engagement ? ` · ${s.engagement} engagements` : '';
      return (
        `<div style="border-left:3px solid #d93025;padding:4px 0 4px 10px;margin:0 0 12px">` +
        `<div style="font-size:15px;line-height:1.45;word-wrap:break-word;overflow-wrap:anywhere">${escapeHtml(s.text)}</div>` +
        `<div style="font-size:12px;color:${MUTED};margin-top:4px;overflow-wrap:anywhere">${escapeHtml(s.author)} on ` +
        `${escapeHtml(s.source)} · ${escapeHtml(s.when)} · score ${escapeHtml(s.score)}${engagement} · ${anchor}</div></div>`
      );
    })
    .join('');
}

function renderHtml(alert: Alert, view: AlertView, context: RenderContext, subject: string): string {
  const rows = view.numbers
    .map(
      (n) =>
        `<tr><td style="padding:4px 8px 4px 0;border-top:1px solid #eaeef2">${escapeHtml(n.label)}</td>` +
        `<td style="padding:4px 8px;border-top:1px solid #eaeef2;font-weight:700">${escapeHtml(n.now)}</td>` +
        `<td style="padding:4px 0 4px 8px;border-top:1px solid #eaeef2;color:${MUTED}">${escapeHtml(n.usual)}</td></tr>`,
    )
    .join('');
  const buttons: string[] = [];
  if (view.links) {
    buttons.push(button(view.links.alert, 'Open the alert', true));
    buttons.push(button(view.links.mentions, 'Mentions of the window', false));
  }
  if (context.actions) {
    buttons.push(button(context.actions.acknowledge, 'Acknowledge', !view.links));
    buttons.push(button(context.actions.mute8h, 'Mute 8 h', false));
    buttons.push(button(context.actions.mute24h, 'Mute 24 h', false));
  }
  const breakdown: string[] = [];
  if (view.sources) breakdown.push(`<div><b>Sources</b> ${escapeHtml(view.sources)}</div>`);
  if (view.languages) breakdown.push(`<div><b>Languages</b> ${escapeHtml(view.languages)}</div>`);
  const footer = [
    escapeHtml(view.statistics),
    escapeHtml(FOOTER),
    context.unsubscribe
      ? `<a href="${escapeHtml(context.unsubscribe)}" style="color:${MUTED}">Unsubscribe</a>`
      : '',
  ]
    .filter(Boolean)
    .map((p) => `<p style="margin:0 0 6px">${p}</p>`)
    .join('');
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${escapeHtml(subject)}</title>`,
    '<style>@media (max-width:480px){.btn{display:block!important;text-align:center;margin:0 0 8px 0!important}}</style>',
    `</head><body style="margin:0;padding:0;background:#f4f5f7;font-family:${FONT};color:#1f2328">`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7"><tr>',
    '<td align="center" style="padding:16px 8px">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" ' +
      'style="max-width:600px;background:#ffffff;border:1px solid #d0d7de;border-radius:8px;text-align:left">',
    `<tr><td style="padding:20px 20px 0">${badge(view)}`,
    `<h1 style="font-size:20px;line-height:1.3;margin:10px 0 8px">${escapeHtml(view.headline)}</h1>`,
    `<p style="font-size:16px;line-height:1.5;margin:0 0 8px">${escapeHtml(view.summary)}</p>`,
    `<p style="font-size:14px;color:${MUTED};margin:0 0 14px">${escapeHtml(view.when)}</p>`,
    buttons.length > 0 ? `<div>${buttons.join('')}</div>` : '',
    '</td></tr>',
    section(
      'Now and usually',
      `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px">` +
        `<tr><td></td><td style="padding:0 8px;color:${MUTED};font-size:12px">now</td>` +
        `<td style="padding:0 0 0 8px;color:${MUTED};font-size:12px">usually</td></tr>${rows}</table>`,
    ),
    breakdown.length > 0
      ? section(
          `Where the mentions come from (${view.breakdownWhen ?? view.when})`,
          `<div style="font-size:14px;line-height:1.6">${breakdown.join('')}</div>`,
        )
      : '',
    view.samples.length > 0
      ? section('Most negative mentions, most engagement first', samplesHtml(view))
      : '',
    view.topTerms.length > 0
      ? section('Top terms', `<p style="font-size:14px;margin:0">${escapeHtml(view.topTerms.join(', '))}</p>`)
      : '',
    alert.series.length > 0
      ? section('Last 24 hours', barChartHtml(alert.series, 80, context.timeZone ?? 'UTC'))
      : '',
    `<tr><td style="padding:16px 20px 20px"><div style="border-top:1px solid #eaeef2;padding-top:10px;` +
      `font-size:11px;line-height:1.5;color:${MUTED}">${footer}</div></td></tr>`,
    '</table></td></tr></table></body></html>',
  ].join('\n');
}
