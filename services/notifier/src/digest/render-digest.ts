import type { SeriesPoint } from '@crumbtrail/contracts';
import { barChartHtml, sparkline } from '../email/chart';
import { escapeHtml } from '../email/escape';
import { singleLine } from '../email/sanitize';
import { percent, sourceTitle } from '../view/alert-view';
import { brandUrl, dashboardLinks } from '../view/links';
import { formatClock, formatMoment, formatRange } from '../view/time-format';
import type { AlertLogEntry } from './alert-log';
import type { DigestPeriod } from './periods';
import { hoursIn, type HourRollupRead } from './rollups-read';

/** Counts of one period, summed from hour rollups. Pure. */
export interface PeriodSummary {
  mentions: number;
  negatives: number;
  complaints: number;
  questions: number;
  scoreSum: number;
  sources: Record<string, number>;
}

export function summarize(hours: readonly HourRollupRead[]): PeriodSummary {
  const s: PeriodSummary = {
    mentions: 0,
    negatives: 0,
    complaints: 0,
    questions: 0,
    scoreSum: 0,
    sources: {},
  };
  for (const h of hours) {
    s.mentions += h.total;
    s.negatives += h.sentiment?.negative ?? 0;
    s.complaints += h.complaints ?? h.intent?.complaint ?? 0;
    s.questions += h.intent?.question ?? 0;
    s.scoreSum += h.scoreSum ?? 0;
    for (const [k, v] of Object.entries(h.sources ?? {})) s.sources[k] = (s.sources[k] ?? 0) + v;
  }
  return s;
}

/** Hourly points of the 24 hours before `to`, zeros where nothing was stored. */
export function last24h(hours: readonly HourRollupRead[], to: Date): SeriesPoint[] {
  const byStart = new Map(hours.map((h) => [h.bucket.getTime(), h]));
  return hoursIn(new Date(to.getTime() - 24 * 3_600_000), to).map((start) => {
    const h = byStart.get(start.getTime());
    return {
      bucketStart: start.toISOString(),
      mentions: h?.total ?? 0,
      negatives: h?.sentiment?.negative ?? 0,
      complaints: h?.complaints ?? 0,
    };
  });
}

/** "+12%", "−30%", "new" (nothing before), "same". */
export function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? 'same' : 'new';
  const pct = Math.round((100 * (now - before)) / before);
  if (pct === 0) return 'same';
  return pct > 0 ? `+${pct}%` : `−${Math.abs(pct)}%`;
}

/** Terms of the period's alerts, summed: what the complaints were about. */
export function complaintThemes(alerts: readonly AlertLogEntry[], limit = 5): string[] {
  const counts = new Map<string, number>();
  for (const a of alerts) for (const t of a.topTerms) counts.set(t.term, (counts.get(t.term) ?? 0) + t.count);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([term, count]) => `${singleLine(term, 40)} (${count})`);
}

export interface DigestInput {
  brand: string;
  brandName: string;
  timeZone: string;
  period: DigestPeriod;
  current: PeriodSummary;
  previous: PeriodSummary;
  series: SeriesPoint[];
  alerts: AlertLogEntry[];
  dashboardUrl?: string;
}

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
  quiet: boolean;
}

const KIND_WORDS: Record<AlertLogEntry['kind'], string> = {
  negative_share: 'negative share',
  complaint_volume: 'complaints',
  volume_spike: 'volume spike',
};

export function renderDigest(d: DigestInput): RenderedDigest {
  const brand = singleLine(d.brandName, 80);
  const label = d.period.kind === 'daily' ? 'Daily digest' : 'Weekly digest';
  const span = formatRange(d.period.from, d.period.to, d.timeZone);
  const c = d.current;
  const p = d.previous;
  const quiet = c.mentions === 0 && d.alerts.length === 0;
  const dayWord = d.period.kind === 'daily' ? 'day' : 'week';
  const sentence = quiet
    ? `All quiet: no mentions of ${brand} in the ${dayWord} to ${formatMoment(d.period.to, d.timeZone)}.`
    : `${c.mentions} mentions (${change(c.mentions, p.mentions)} on the ${dayWord} before), ` +
      `${percent(c.negatives, c.mentions)} negative (was ${percent(p.negatives, p.mentions)}), ` +
      `${c.complaints} complaints and ${c.questions} questions; ` +
      `${d.alerts.length === 0 ? 'no alerts' : d.alerts.length === 1 ? '1 alert' : `${d.alerts.length} alerts`}.`;
  const subject = singleLine(
    `[Crumbtrail] ${brand} ${label.toLowerCase()}: ${quiet ? 'all quiet' : `${c.mentions} mentions, ${percent(c.negatives, c.mentions)} negative`}`,
    180,
  );
  const avg = (s: PeriodSummary) => (s.mentions > 0 ? (s.scoreSum / s.mentions).toFixed(2) : 'n/a');
  const rows: [string, string, string][] = [
    ['Mentions', String(c.mentions), `${p.mentions} (${change(c.mentions, p.mentions)})`],
    [
      'Negative',
      `${c.negatives} (${percent(c.negatives, c.mentions)})`,
      `${p.negatives} (${percent(p.negatives, p.mentions)})`,
    ],
    ['Complaints', String(c.complaints), `${p.complaints} (${change(c.complaints, p.complaints)})`],
    ['Questions', String(c.questions), `${p.questions} (${change(c.questions, p.questions)})`],
    ['Average sentiment', avg(c), avg(p)],
  ];
  const sources = Object.entries(c.sources)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([k, v]) => `${sourceTitle(k)} ${v}`)
    .join(' · ');
  const themes = complaintThemes(d.alerts);
  const alertLines = d.alerts.map((a) => {
    const resolved = a.resolvedAt ? `, resolved ${formatClock(a.resolvedAt, d.timeZone)}` : ', still open';
    return {
      text: `${formatMoment(a.openedAt, d.timeZone)}: ${KIND_WORDS[a.kind]}${a.severity === 'critical' ? ' (critical)' : ''}, ${a.observed.mentions} mentions, ${percent(a.observed.negatives, a.observed.mentions)} negative${resolved}`,
      ...(d.dashboardUrl && {
        href: dashboardLinks(d.dashboardUrl, { alertId: a._id, brand: d.brand, window: a.window }).alert,
      }),
    };
  });
  const brandLink = d.dashboardUrl ? brandUrl(d.dashboardUrl, d.brand) : undefined;

  const text: string[] = [`${brand}: ${label.toLowerCase()}, ${span}`, '', sentence];
  if (!quiet) {
    text.push('', `${''.padEnd(19)}${'this period'.padEnd(14)}before`);
    for (const [l, now, before] of rows) text.push(`${l.padEnd(19)}${now.padEnd(14)}${before}`);
    text.push('', `Last 24 hours, mentions ${sparkline(d.series.map((s) => s.mentions))}`);
    text.push(`Last 24 hours, negative ${sparkline(d.series.map((s) => s.negatives))}`);
    if (sources) text.push('', `Sources: ${sources}`);
    if (themes.length > 0) text.push('', `Top complaint themes: ${themes.join(', ')}`);
    text.push('', d.alerts.length > 0 ? 'Alerts:' : 'Alerts: none');
    for (const a of alertLines) text.push(`- ${a.text}${a.href ? `\n  ${a.href}` : ''}`);
  }
  if (brandLink) text.push('', `Dashboard: ${brandLink}`);
  text.push(
    '',
    '--',
    'You get this digest because notify.dailyDigest (or notify.digest.weekly) is set for the brand in brands.yaml.',
  );

  const cell = 'padding:4px 8px;border-top:1px solid #eaeef2';
  const html = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f2328">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:16px 8px">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#fff;border:1px solid #d0d7de;border-radius:8px;text-align:left"><tr><td style="padding:20px">',
    `<div style="font-size:13px;color:#57606a">${escapeHtml(label)} · ${escapeHtml(span)}</div>`,
    `<h1 style="font-size:20px;margin:8px 0">${escapeHtml(brand)}</h1>`,
    `<p style="font-size:16px;line-height:1.5;margin:0 0 12px">${escapeHtml(sentence)}</p>`,
    quiet
      ? ''
      : [
          `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px;margin-bottom:12px">`,
          `<tr><td></td><td style="padding:0 8px;font-size:12px;color:#57606a">this period</td><td style="padding:0 8px;font-size:12px;color:#57606a">before</td></tr>`,
          ...rows.map(
            ([l, now, before]) =>
              `<tr><td style="${cell};padding-left:0">${escapeHtml(l)}</td><td style="${cell};font-weight:700">${escapeHtml(now)}</td><td style="${cell};color:#57606a">${escapeHtml(before)}</td></tr>`,
          ),
          '</table>',
          `<h2 style="font-size:15px;margin:12px 0 8px">Last 24 hours</h2>${barChartHtml(d.series, 80, d.timeZone)}`,
          sources ? `<p style="font-size:14px"><b>Sources</b> ${escapeHtml(sources)}</p>` : '',
          themes.length > 0
            ? `<h2 style="font-size:15px;margin:12px 0 8px">Top complaint themes</h2><p style="font-size:14px;margin:0">${escapeHtml(themes.join(', '))}</p>`
            : '',
          `<h2 style="font-size:15px;margin:12px 0 8px">Alerts</h2>`,
          d.alerts.length === 0
            ? '<p style="font-size:14px;margin:0">None.</p>'
            : `<ul style="font-size:14px;padding-left:18px;margin:0">${alertLines
                .map(
                  (a) =>
                    `<li>${a.href ? `<a href="${escapeHtml(a.href)}" style="color:#0969da">${escapeHtml(a.text)}</a>` : escapeHtml(a.text)}</li>`,
                )
                .join('')}</ul>`,
        ].join('\n'),
    brandLink
      ? `<p style="margin:16px 0 0"><a href="${escapeHtml(brandLink)}" style="color:#0969da">Open ${escapeHtml(brand)} on the dashboard</a></p>`
      : '',
    '<p style="font-size:11px;color:#57606a;margin:16px 0 0">You get this digest because notify.dailyDigest (or notify.digest.weekly) is set for the brand in brands.yaml.</p>',
    '</td></tr></table></td></tr></table></body></html>',
  ].join('\n');
  return { subject, text: `${text.join('\n')}\n`, html, quiet };
}
