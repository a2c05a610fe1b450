import type { Alert, AlertKind, AlertSample } from '@crumbtrail/contracts';
import { punycodeHostsInText, safeLink, type SafeLink } from '../email/escape';
import { bodyText, singleLine } from '../email/sanitize';
import { dashboardLinks, type DashboardLinks } from './links';
import { durationWords, formatMoment, formatRange } from './time-format';

/**
 * What every channel says about an alert, in plain (unescaped, but sanitised) text: the email, Slack and Teams
 * renderers escape it each for its own markup. Pure.
 */
export interface AlertView {
  brandName: string;
  /** "Acme Cloud: negative mentions up to 70% (usually 9.2%)" */
  headline: string;
  /** One sentence: what happened, from the numbers, the intents and the top terms. */
  summary: string;
  /** "Sun 22 Nov, 10:15–11:00 CET" */
  when: string;
  critical: boolean;
  resolved: boolean;
  /** Rows "Mentions / Negative / Complaints" with the window and the usual level. */
  numbers: { label: string; now: string; usual: string }[];
  /** "Mastodon 120 · Reddit 80"; undefined when the event carries no breakdown. */
  sources?: string;
  languages?: string;
  breakdownWhen?: string;
  samples: SampleView[];
  topTerms: string[];
  /** Footnote: the test and the baseline. */
  statistics: string;
  links?: DashboardLinks;
}

export interface SampleView {
  text: string;
  author: string;
  source: string;
  score: string;
  engagement?: number;
  when: string;
  link: SafeLink;
}

export interface ViewContext {
  brandName: string;
  timeZone: string;
  dashboardUrl?: string;
}

const KIND_TITLES: Record<AlertKind, string> = {
  negative_share: 'negative mentions',
  complaint_volume: 'complaints',
  volume_spike: 'mention volume',
};

const SOURCE_TITLES: Record<string, string> = {
  hackernews: 'Hacker News',
  reddit: 'Reddit',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  stackexchange: 'Stack Exchange',
  rss: 'RSS',
  x: 'X',
  youtube: 'YouTube',
  replay: 'Replay',
};

export const MAX_SAMPLES = 5;

export function percent(part: number, whole: number): string {
  if (whole <= 0) return 'n/a';
  const value = (100 * part) / whole;
  return `${value < 10 ? value.toFixed(1) : Math.round(value)}%`;
}

export function formatPValue(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

function minutesBetween(startIso: string, endIso: string): number {
  return Math.max(1, Math.round((Date.parse(endIso) - Date.parse(startIso)) / 60_000));
}

/** Baseline count scaled to the length of the window: what a usual window of this length holds. */
function usualInWindow(alert: Alert, count: number): number {
  return (
    (count * minutesBetween(alert.window.start, alert.window.end)) /
    minutesBetween(alert.baseline.start, alert.baseline.end)
  );
}

export function sourceTitle(source: string): string {
  return SOURCE_TITLES[source] ?? singleLine(source, 30);
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

export function languageTitle(code: string): string {
  if (code === 'und') return 'undetermined';
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return singleLine(code, 10);
  }
}

/** "Mastodon 120 · Reddit 80 · 2 more 7": the biggest first, at most `limit` named. */
function countsLine(
  counts: Record<string, number>,
  title: (k: string) => string,
  limit = 5,
): string | undefined {
  const sorted = Object.entries(counts)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (sorted.length === 0) return undefined;
  const shown = sorted.slice(0, limit).map(([k, v]) => `${title(k)} ${v}`);
  const rest = sorted.slice(limit);
  if (rest.length > 0) shown.push(`${rest.length} more ${rest.reduce((s, [, v]) => s + v, 0)}`);
  return shown.join(' · ');
}

export function headline(alert: Alert, brandName: string): string {
  const brand = singleLine(brandName, 80);
  const o = alert.observed;
  const b = alert.baseline;
  if (alert.state === 'resolved') return `Resolved: ${brand} ${KIND_TITLES[alert.kind]} back to normal`;
  const window = durationWords(alert.window.start, alert.window.end).replace(' minutes', ' min');
  switch (alert.kind) {
    case 'negative_share':
      return `${brand}: negative mentions up to ${percent(o.negatives, o.mentions)} (usually ${percent(b.negatives, b.mentions)})`;
    case 'complaint_volume':
      return `${brand}: ${o.complaints} complaints in ${window} (usually ~${Math.round(usualInWindow(alert, b.complaints))})`;
    case 'volume_spike':
      return `${brand}: ${o.mentions} mentions in ${window} (usually ~${Math.round(usualInWindow(alert, b.mentions))})`;
  }
}

function quoted(terms: string[]): string {
  const q = terms.map((t) => `“${t}”`);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/** What most of the mentions are: from the intents when the event has them, else from the complaint count. */
function intentPhrase(alert: Alert): string | undefined {
  const intents = alert.breakdown?.intents;
  const total = intents ? Object.values(intents).reduce((s, v) => s + v, 0) : 0;
  if (intents && total > 0) {
    const [top, count] = Object.entries(intents)
      .filter(([k]) => k !== 'other')
      .sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    if (top && count / total >= 0.5) return `most are ${top}s`;
    if (top && count / total >= 0.2) return `${percent(count, total)} are ${top}s`;
    return undefined;
  }
  const share = alert.observed.mentions > 0 ? alert.observed.complaints / alert.observed.mentions : 0;
  if (share >= 0.5) return 'most are complaints';
  if (share >= 0.2) return `${percent(alert.observed.complaints, alert.observed.mentions)} are complaints`;
  return undefined;
}

/**
 * "70% of the 270 mentions in the last 45 minutes are negative, against 9.2% usually; most are complaints,
 * mentioning “down” and “refund”."
 */
export function summarySentence(alert: Alert, timeZone: string): string {
  const o = alert.observed;
  const b = alert.baseline;
  const span = durationWords(alert.window.start, alert.window.end);
  if (alert.state === 'resolved') {
    const at = alert.resolvedAt ? formatMoment(alert.resolvedAt, timeZone) : 'now';
    return `The ${KIND_TITLES[alert.kind]} alert opened ${formatMoment(alert.openedAt, timeZone)} is over: back to normal since ${at}.`;
  }
  let first: string;
  switch (alert.kind) {
    case 'negative_share':
      first = `${percent(o.negatives, o.mentions)} of the ${o.mentions} mentions in the last ${span} are negative, against ${percent(b.negatives, b.mentions)} usually`;
      break;
    case 'complaint_volume':
      first = `${o.complaints} of the ${o.mentions} mentions in the last ${span} are complaints, against about ${Math.round(usualInWindow(alert, b.complaints))} in a usual ${span}`;
      break;
    case 'volume_spike':
      first = `${o.mentions} mentions in the last ${span}, against about ${Math.round(usualInWindow(alert, b.mentions))} usually (${percent(o.negatives, o.mentions)} negative)`;
      break;
  }
  const terms = alert.topTerms
    .slice(0, 3)
    .map((t) => singleLine(t.term, 30))
    .filter((t) => t !== '');
  const intent = intentPhrase(alert);
  const termsPart = terms.length > 0 ? `mentioning ${quoted(terms)}` : '';
  const tail = [intent, termsPart].filter(Boolean).join(', ');
  return `${first}${tail ? `; ${tail}` : ''}.`;
}

function normalisedText(text: string): string {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Up to 5 samples: the most negative, one per text (reposts and copies collapse onto the most engaged copy),
 * shown most engagement first.
 */
export function pickSamples(samples: readonly AlertSample[], limit = MAX_SAMPLES): AlertSample[] {
  const byText = new Map<string, AlertSample>();
  for (const s of samples) {
    const key = normalisedText(s.text) || s.url;
    const kept = byText.get(key);
    if (!kept || (s.engagement ?? 0) > (kept.engagement ?? 0)) byText.set(key, s);
  }
  return [...byText.values()]
    .sort((a, b) => a.sentimentScore - b.sentimentScore || (b.engagement ?? 0) - (a.engagement ?? 0))
    .slice(0, limit)
    .sort((a, b) => (b.engagement ?? 0) - (a.engagement ?? 0) || a.sentimentScore - b.sentimentScore);
}

/** A mention's text as shown: controls and invisible characters gone, hosts of URLs in it in punycode. */
export function mentionText(text: string, maxLength: number): string {
  return punycodeHostsInText(bodyText(text, maxLength));
}

export function authorText(handle: string): string {
  return punycodeHostsInText(singleLine(handle, 60));
}

function statisticsLine(alert: Alert, timeZone: string): string {
  const s = alert.statistic;
  const parts = [singleLine(s.method, 120)];
  if (s.zScore !== undefined) parts.push(`z = ${s.zScore.toFixed(2)}`);
  if (s.pValue !== undefined) parts.push(formatPValue(s.pValue));
  const b = alert.baseline;
  return (
    `Test: ${parts.join(', ')}. Usual level from ${formatRange(b.start, b.end, timeZone)}: ` +
    `${b.mentions} mentions, ${b.negatives} negative, ${b.complaints} complaints.`
  );
}

/** The earlier of two ISO times: a breakdown's hours may reach past the window's end (the counts stop there). */
function earlier(a: string, b: string): string {
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

export function buildAlertView(alert: Alert, context: ViewContext): AlertView {
  const tz = context.timeZone;
  const o = alert.observed;
  const b = alert.baseline;
  const span = durationWords(alert.window.start, alert.window.end);
  const expected = (n: number) => `~${Math.round(usualInWindow(alert, n))}`;
  const breakdown = alert.breakdown;
  const sources = breakdown && countsLine(breakdown.sources, sourceTitle);
  const languages = breakdown && countsLine(breakdown.languages, languageTitle);
  return {
    brandName: singleLine(context.brandName, 80),
    headline: headline(alert, context.brandName),
    summary: summarySentence(alert, tz),
    when: formatRange(alert.window.start, alert.window.end, tz),
    critical: alert.severity === 'critical' && alert.state === 'open',
    resolved: alert.state === 'resolved',
    numbers: [
      { label: `Mentions (${span})`, now: String(o.mentions), usual: expected(b.mentions) },
      {
        label: 'Negative',
        now: `${o.negatives} (${percent(o.negatives, o.mentions)})`,
        usual: `${expected(b.negatives)} (${percent(b.negatives, b.mentions)})`,
      },
      {
        label: 'Complaints',
        now: `${o.complaints} (${percent(o.complaints, o.mentions)})`,
        usual: `${expected(b.complaints)} (${percent(b.complaints, b.mentions)})`,
      },
    ],
    ...(sources && { sources }),
    ...(languages && { languages }),
    ...(breakdown &&
      (sources || languages) && {
        breakdownWhen: formatRange(breakdown.from, earlier(breakdown.to, alert.window.end), tz),
      }),
    samples: pickSamples(alert.samples).map((s) => ({
      text: mentionText(s.text, 400),
      author: authorText(s.author),
      source: sourceTitle(s.source),
      score: s.sentimentScore.toFixed(2),
      ...(s.engagement !== undefined && { engagement: s.engagement }),
      when: formatMoment(s.publishedAt, tz),
      link: safeLink(s.url),
    })),
    topTerms: alert.topTerms.map((t) => `${singleLine(t.term, 40)} (${t.count})`),
    statistics: statisticsLine(alert, tz),
    ...(context.dashboardUrl && { links: dashboardLinks(context.dashboardUrl, alert) }),
  };
}
