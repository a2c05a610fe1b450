import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLive } from '../../api/live';
import { useApi } from '../../api/use-api';
import type { TrendResponse } from '../../api/types';
import { BarList } from '../../components/bar-list';
import { LiveBadge } from '../../components/live-badge';
import { LocalTime } from '../../components/local-time';
import { MuteControl } from '../../components/mute-control';
import { ErrorNote, Loading } from '../../components/status';
import { TrendChart } from '../../components/trend-chart';
import { RangePicker } from '../../components/range-picker';
import { formatChange, formatCount, formatPointChange, formatShare } from '../../lib/format';
import { pickDate, pickFlag, pickOne, withQuery } from '../../lib/query';
import { paths } from '../../lib/routes';
import { Link, setQuery, useLocation } from '../../router';
import { brandName, can, useSession } from '../../session';
import { AlertsInPeriod } from './alerts-in-period';

/** Re-read the trend at most this often while live mentions arrive. */
const LIVE_REFRESH_MS = 5_000;

function Stat({ label, value, change }: { label: string; value: string; change?: string }): JSX.Element {
  return (
    <div class="stat" data-stat={label}>
      <span class="stat__label">{label}</span>
      <span class="stat__value">{value}</span>
      {change && <span class="stat__change">{change} vs previous</span>}
    </div>
  );
}

export function BrandPage({ brand }: { brand: string }): JSX.Element {
  const { session } = useSession();
  const { params } = useLocation();
  const period = pickOne(params, 'period', ['24h', '7d', '30d', 'custom'] as const) ?? '24h';
  const from = period === 'custom' ? pickDate(params, 'from') : undefined;
  const to = period === 'custom' ? pickDate(params, 'to') : undefined;
  const compare = pickFlag(params, 'compare');
  const trend = useApi<TrendResponse>(
    withQuery(`/api/v1/brands/${encodeURIComponent(brand)}/trend`, {
      period,
      from,
      to,
      compare: compare ? 'true' : undefined,
    }),
  );
  const [liveCount, setLiveCount] = useState(0);
  const refreshTimer = useRef<number | undefined>(undefined);
  const { reload } = trend;
  const live = useLive(brand, {
    mention: () => {
      setLiveCount((n) => n + 1);
      if (refreshTimer.current === undefined) {
        refreshTimer.current = window.setTimeout(() => {
          refreshTimer.current = undefined;
          reload();
        }, LIVE_REFRESH_MS);
      }
    },
    alert: () => reload(),
  });
  useEffect(() => () => window.clearTimeout(refreshTimer.current), []);
  useEffect(() => setLiveCount(0), [brand]);

  const keep = { period: period === '24h' ? undefined : period, from, to, compare };
  const data = trend.data;
  const name = data?.brand.name ?? brandName(session, brand);
  const prev = data?.previous;

  return (
    <section class="stack">
      <header class="page-head">
        <div>
          <p class="crumbs">
            <Link href={paths.overview()}>Overview</Link> /
          </p>
          <h1>{name}</h1>
        </div>
        <div class="page-head__actions">
          <LiveBadge status={live} />
          <Link
            class="button"
            href={withQuery(paths.mentions(brand), data ? { from: data.range.from, to: data.range.to } : {})}
          >
            Mentions
          </Link>
          <Link class="button" href={withQuery(paths.inbox(), { brand })}>
            Inbox
          </Link>
        </div>
      </header>
      <div class="toolbar">
        <RangePicker
          value={{ period, from, to }}
          onChange={(v) =>
            setQuery({ ...keep, period: v.period === '24h' ? undefined : v.period, from: v.from, to: v.to })
          }
        />
        <label class="toggle">
          <input
            type="checkbox"
            name="compare"
            checked={compare}
            onChange={(e) => setQuery({ ...keep, compare: e.currentTarget.checked })}
          />
          compare with the previous period
        </label>
      </div>
      {data && (
        <MuteControl
          brand={brand}
          mute={data.mute}
          canMute={can(session, brand, 'mute')}
          onChange={(mute) => trend.setData((d) => (d ? { ...d, mute } : d))}
        />
      )}
      {trend.error && <ErrorNote message={trend.error} onRetry={trend.reload} />}
      {trend.loading && !data && <Loading label="Reading the trend" />}
      {data && (
        <>
          <p class="muted">
            <LocalTime iso={data.range.from} /> – <LocalTime iso={data.range.to} /> · per {data.granularity}
            {liveCount > 0 && (
              <span class="pill pill--live" data-live-count={liveCount}>
                {liveCount} new since you opened the page
              </span>
            )}
          </p>
          <div class="stats">
            <Stat
              label="mentions"
              value={formatCount(data.totals.mentions)}
              change={prev ? formatChange(data.totals.mentions, prev.totals.mentions) : undefined}
            />
            <Stat
              label="negative share"
              value={formatShare(data.totals.negativeShare)}
              change={
                prev ? formatPointChange(data.totals.negativeShare, prev.totals.negativeShare) : undefined
              }
            />
            <Stat
              label="complaints"
              value={formatCount(data.totals.complaints)}
              change={prev ? formatChange(data.totals.complaints, prev.totals.complaints) : undefined}
            />
            <Stat label="alerts" value={formatCount(data.alerts.length)} />
          </div>
          <div class="card">
            <TrendChart
              label={`${name}: mentions by sentiment, negative share and alerts`}
              series={data.series}
              previous={prev?.series}
              alerts={data.alerts}
              range={data.range}
            />
          </div>
          <div class="grid grid--3">
            <BarList title="Intent" counts={data.breakdowns.intent} />
            <BarList title="Sources" counts={data.breakdowns.source} />
            <BarList title="Languages" counts={data.breakdowns.language} />
          </div>
          <div class="grid grid--2">
            <section class="card" aria-label="Top terms of negative mentions">
              <h3 class="card__title">Top terms in negative mentions</h3>
              {data.topNegativeTerms.length === 0 ? (
                <p class="muted">No negative mentions in this period.</p>
              ) : (
                <ol class="terms">
                  {data.topNegativeTerms.map((t) => (
                    <li key={t.term}>
                      <Link
                        href={withQuery(paths.mentions(brand), {
                          q: t.term,
                          sentiment: 'negative',
                          from: data.range.from,
                          to: data.range.to,
                        })}
                      >
                        {t.term}
                      </Link>{' '}
                      <span class="muted">{t.count}</span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <BarList
              title="Share of voice"
              counts={Object.fromEntries(
                data.shareOfVoice.map((s) => [brandName(session, s.brand), s.mentions]),
              )}
              highlight={name}
            />
          </div>
          <AlertsInPeriod alerts={data.alerts} />
        </>
      )}
    </section>
  );
}
