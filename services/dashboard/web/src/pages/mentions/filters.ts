/** The mentions page's filters: read from the URL, written back to it, and sent to the API. */
import { SOURCE_NAMES } from '@crumbtrail/contracts/labels';
import type { Intent, Mention, Sentiment } from '../../api/types';
import { INTENTS, SENTIMENTS } from '../../api/types';
import { pickDate, pickOne, pickText, type QueryValue } from '../../lib/query';
import type { RangeChoice } from '../../lib/time';

export const SOURCES = SOURCE_NAMES;

export interface MentionFilters {
  period: RangeChoice;
  from?: string;
  to?: string;
  sentiment?: Sentiment;
  intent?: Intent;
  source?: string;
  lang?: string;
  q?: string;
}

/**
 * Filters from the query string. `from` and `to` without `period` mean a custom period (the alert email links to
 * `?from=…&to=…`); values that are not allowed are dropped, so a hand-edited URL shows everything rather than an error.
 */
export function parseFilters(params: URLSearchParams): MentionFilters {
  const from = pickDate(params, 'from');
  const to = pickDate(params, 'to');
  const explicit = pickOne(params, 'period', ['24h', '7d', '30d', 'custom'] as const);
  const period: RangeChoice = explicit ?? (from && to ? 'custom' : '24h');
  const lang = pickText(params, 'lang', 16)?.toLowerCase();
  return {
    period,
    ...(period === 'custom' && from && to ? { from, to } : {}),
    ...optional('sentiment', pickOne(params, 'sentiment', SENTIMENTS)),
    ...optional('intent', pickOne(params, 'intent', INTENTS)),
    ...optional('source', pickOne(params, 'source', SOURCES)),
    ...optional('lang', lang && /^[a-z]{2,3}$/.test(lang) ? lang : undefined),
    ...optional('q', pickText(params, 'q')),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** The page's own query string values (default period left out). */
export function pageQuery(filters: MentionFilters): Record<string, QueryValue> {
  const custom = filters.period === 'custom';
  return {
    period: filters.period === '24h' || (custom && filters.from) ? undefined : filters.period,
    from: custom ? filters.from : undefined,
    to: custom ? filters.to : undefined,
    sentiment: filters.sentiment,
    intent: filters.intent,
    source: filters.source,
    lang: filters.lang,
    q: filters.q,
  };
}

/** The API's query for one page of results. */
export function apiQuery(filters: MentionFilters, cursor?: string): Record<string, QueryValue> {
  return {
    period: filters.period,
    from: filters.period === 'custom' ? filters.from : undefined,
    to: filters.period === 'custom' ? filters.to : undefined,
    sentiment: filters.sentiment,
    intent: filters.intent,
    source: filters.source,
    lang: filters.lang,
    q: filters.q,
    cursor,
  };
}

/** Whether a mention that arrived live belongs in the list as filtered (the period must include `now`). */
export function matchesFilters(mention: Mention, filters: MentionFilters, now: Date): boolean {
  if (filters.period === 'custom' && filters.to && Date.parse(filters.to) < now.getTime()) return false;
  const sentiment = mention.correction?.sentiment ?? mention.sentiment;
  const intent = mention.correction?.intent ?? mention.intent;
  if (filters.sentiment && sentiment !== filters.sentiment) return false;
  if (filters.intent && intent !== filters.intent) return false;
  if (filters.source && mention.source !== filters.source) return false;
  if (filters.lang && mention.lang !== filters.lang) return false;
  if (filters.q) {
    const text = `${mention.title ?? ''} ${mention.text}`.toLowerCase();
    if (
      !filters.q
        .toLowerCase()
        .split(/\s+/)
        .filter(Boolean)
        .every((word) => text.includes(word))
    )
      return false;
  }
  return true;
}
