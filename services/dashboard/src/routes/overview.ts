import type { FastifyInstance } from 'fastify';
import {
  BrandParams,
  OverviewQuery,
  OverviewResponse,
  SourcesQuery,
  SourcesResponse,
  TrendQuery,
  TrendResponse,
  type OverviewBrand,
  type SourceStatus,
} from '../api/schemas';
import type { Deps } from '../deps';
import { addRoute, type ApiRoute } from '../http/route';
import { readableBrands } from '../permissions/brand';
import { sourceState } from '../source-state';
import { breakdown, totalsOf, trendSeries } from '../trend';
import { muteView, resolveRange } from '../views';
import { brandsInScope, readableBrand } from './access';

const iso = (t: number) => new Date(t).toISOString();
const DAY = 86_400_000;
const PARALLEL_BRANDS = 4;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += limit)
    out.push(...(await Promise.all(items.slice(i, i + limit).map(fn))));
  return out;
}

/**
 * Every enabled source of a brand with its poll health (one `_id` read each) and its volume over 24 h (skipped with
 * `withVolume` false: the overview needs only the states).
 */
async function sourcesOf(deps: Deps, brand: string, now: number, withVolume = true): Promise<SourceStatus[]> {
  const info = deps.brands.get(brand);
  if (!info) return [];
  const [docs, hours] = await Promise.all([
    Promise.all(info.sources.map((s) => deps.reads.sourceStatus(brand, s))),
    withVolume ? deps.reads.hours(brand, now - DAY, now) : Promise.resolve([]),
  ]);
  const perSource = breakdown(hours, 'sources');
  return info.sources.map((source, i) => {
    const d = docs[i] ?? null;
    return {
      brand,
      source,
      state: sourceState(d, now),
      lastSuccessAt: d?.lastSuccessAt?.toISOString() ?? null,
      lastErrorAt: d?.lastErrorAt?.toISOString() ?? null,
      lastError: d?.lastError ?? null,
      consecutiveFailures: d?.consecutiveFailures ?? 0,
      rateLimitedUntil: d?.rateLimitedUntil?.toISOString() ?? null,
      mentionsLastPoll: d?.mentionsLastPoll ?? null,
      mentionsPerHour: Math.round(((perSource[source] ?? 0) / 24) * 100) / 100,
    };
  });
}

export function registerOverviewRoutes(app: FastifyInstance, deps: Deps, registry: ApiRoute[]): void {
  addRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/overview',
      access: 'user',
      tag: 'overview',
      summary:
        'Every readable brand: volume and negative share against the previous period, alerts, inbox, sources',
      query: OverviewQuery,
      response: OverviewResponse,
      async handler({ query, auth }) {
        const now = deps.clock();
        const r = resolveRange(query, now);
        const len = r.to - r.from;
        const brands = readableBrands(auth, [...deps.brands.keys()]);
        const rows = await mapLimit(brands, PARALLEL_BRANDS, async (brand): Promise<OverviewBrand> => {
          const [hours, prevHours, head, open, sources, mute] = await Promise.all([
            deps.reads.hours(brand, r.from, r.to),
            deps.reads.hours(brand, r.from - len, r.from),
            deps.reads.alertHead(brand),
            deps.inbox.openCount(brand, now.getTime()),
            sourcesOf(deps, brand, now.getTime(), false),
            deps.mutes.activeMute(brand, now),
          ]);
          const cur = totalsOf(hours);
          const prev = totalsOf(prevHours);
          return {
            brand: { id: brand, name: deps.brands.get(brand)?.name ?? brand },
            mentions: cur.mentions,
            previousMentions: prev.mentions,
            negativeShare: cur.negativeShare,
            previousNegativeShare: prev.negativeShare,
            sparkline: trendSeries(hours, r.from, r.to, r.bucketMs).map((p) => ({
              t: p.t,
              mentions: p.total,
              negatives: p.negative,
            })),
            openAlerts: head?.openAlertId ? 1 : 0,
            openInbox: open,
            sourcesInTrouble: sources
              .filter((s) => s.state !== 'ok')
              .map((s) => ({ source: s.source, state: s.state })),
            mute: muteView(mute),
          };
        });
        return {
          range: { from: iso(r.from), to: iso(r.to) },
          previous: { from: iso(r.from - len), to: iso(r.from) },
          brands: rows,
        };
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/brands/:brand/trend',
      access: 'user',
      tag: 'brands',
      summary:
        'A brand over time: sentiment, negative share, alerts, breakdowns, share of voice, previous period',
      params: BrandParams,
      query: TrendQuery,
      response: TrendResponse,
      async handler({ params, query, auth }) {
        const info = readableBrand(deps, auth, params.brand);
        const now = deps.clock();
        const r = resolveRange(query, now);
        const len = r.to - r.from;
        const others = readableBrands(auth, [...deps.brands.keys()]);
        const [hours, alerts, mute, terms, volumes] = await Promise.all([
          deps.reads.hours(info.id, r.from, r.to),
          deps.reads.alertsOf(info.id, undefined, 200),
          deps.mutes.activeMute(info.id, now),
          deps.index.topNegativeTerms(info.id, r.from, r.to, info.name),
          mapLimit(others, PARALLEL_BRANDS, async (b) => ({
            brand: b,
            mentions: totalsOf(await deps.reads.hours(b, r.from, r.to)).mentions,
          })),
        ]);
        const all = volumes.reduce((s, v) => s + v.mentions, 0);
        let previous: TrendResponse['previous'];
        if (query.compare === 'true') {
          const prevHours = await deps.reads.hours(info.id, r.from - len, r.from);
          previous = {
            range: { from: iso(r.from - len), to: iso(r.from) },
            series: trendSeries(prevHours, r.from - len, r.from, r.bucketMs),
            totals: totalsOf(prevHours),
          };
        }
        return {
          brand: { id: info.id, name: info.name },
          range: { from: iso(r.from), to: iso(r.to) },
          granularity: r.granularity,
          series: trendSeries(hours, r.from, r.to, r.bucketMs),
          totals: totalsOf(hours),
          ...(previous && { previous }),
          breakdowns: {
            intent: breakdown(hours, 'intent'),
            source: breakdown(hours, 'sources'),
            language: breakdown(hours, 'langs'),
          },
          topNegativeTerms: terms,
          shareOfVoice: volumes.map((v) => ({ ...v, share: all > 0 ? v.mentions / all : 0 })),
          alerts: alerts
            .filter((a) => {
              const opened = a.openedAt.getTime();
              const resolved = a.resolvedAt?.getTime() ?? Infinity;
              return opened < r.to && resolved >= r.from;
            })
            .map((a) => ({
              alertId: a._id,
              kind: a.alert.kind,
              severity: a.alert.severity,
              state: a.state,
              openedAt: a.alert.openedAt,
              ...(a.alert.resolvedAt !== undefined && { resolvedAt: a.alert.resolvedAt }),
              window: { from: a.alert.window.start, to: a.alert.window.end },
            })),
          mute: muteView(mute),
        };
      },
    },
    registry,
  );

  addRoute(
    app,
    {
      method: 'GET',
      url: '/api/v1/sources',
      access: 'user',
      tag: 'sources',
      summary: 'Poll health per brand and source: last success, last error, rate limit, mentions per hour',
      query: SourcesQuery,
      response: SourcesResponse,
      async handler({ query, auth }) {
        const brands = brandsInScope(deps, auth, query.brand);
        const now = deps.clock().getTime();
        const lists = await mapLimit(brands, PARALLEL_BRANDS, (b) => sourcesOf(deps, b, now));
        return { items: lists.flat() };
      },
    },
    registry,
  );
}
