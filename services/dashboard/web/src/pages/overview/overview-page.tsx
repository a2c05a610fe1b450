import type { JSX } from 'preact';
import { useApi } from '../../api/use-api';
import type { OverviewBrand, OverviewResponse } from '../../api/types';
import { LocalTime } from '../../components/local-time';
import { RangePicker } from '../../components/range-picker';
import { Sparkline } from '../../components/sparkline';
import { Empty, ErrorNote, Loading } from '../../components/status';
import { formatChange, formatCount, formatPointChange, formatShare } from '../../lib/format';
import { pickDate, pickOne, withQuery } from '../../lib/query';
import { paths } from '../../lib/routes';
import { Link, setQuery, useLocation } from '../../router';

function changeClass(current: number, previous: number, higherIsBad: boolean): string {
  if (current === previous) return 'delta';
  return current > previous === higherIsBad ? 'delta delta--bad' : 'delta delta--good';
}

function BrandRow({ row, query }: { row: OverviewBrand; query: string }): JSX.Element {
  const { brand } = row;
  const mutedUntil = row.mute && Date.parse(row.mute.until) > Date.now() ? row.mute.until : undefined;
  return (
    <tr data-brand={brand.id}>
      <th scope="row">
        <Link href={`${paths.brand(brand.id)}${query}`}>{brand.name}</Link>
        {mutedUntil && (
          <span class="pill pill--muted" title="alerts muted">
            muted until <LocalTime iso={mutedUntil} />
          </span>
        )}
      </th>
      <td class="num">
        {formatCount(row.mentions)}{' '}
        <span class={changeClass(row.mentions, row.previousMentions, false)}>
          {formatChange(row.mentions, row.previousMentions)}
        </span>
      </td>
      <td class="num">
        {formatShare(row.negativeShare)}{' '}
        <span class={changeClass(row.negativeShare ?? 0, row.previousNegativeShare ?? 0, true)}>
          {formatPointChange(row.negativeShare, row.previousNegativeShare)}
        </span>
      </td>
      <td>
        <Sparkline
          values={row.sparkline.map((p) => p.mentions)}
          secondary={row.sparkline.map((p) => p.negatives)}
          label={`${brand.name}: mentions over the period`}
        />
      </td>
      <td class="num">
        {row.openAlerts > 0 ? (
          <Link class="pill pill--alert" href={withQuery(paths.alerts(), { brand: brand.id, state: 'open' })}>
            {row.openAlerts} open
          </Link>
        ) : (
          <span class="muted">none</span>
        )}
      </td>
      <td class="num">
        {row.openInbox > 0 ? (
          <Link href={withQuery(paths.inbox(), { brand: brand.id })}>{formatCount(row.openInbox)}</Link>
        ) : (
          <span class="muted">0</span>
        )}
      </td>
      <td>
        {row.sourcesInTrouble.length === 0 ? (
          <span class="muted">all fine</span>
        ) : (
          <Link href={withQuery(paths.sources(), { brand: brand.id })} class="trouble">
            {row.sourcesInTrouble.map((s) => `${s.source} ${s.state.replace('_', ' ')}`).join(', ')}
          </Link>
        )}
      </td>
    </tr>
  );
}

/** Every brand the user may see, for the chosen period, against the previous one. */
export function OverviewPage(): JSX.Element {
  const { params } = useLocation();
  const period = pickOne(params, 'period', ['24h', '7d', '30d', 'custom'] as const) ?? '24h';
  const from = pickDate(params, 'from');
  const to = pickDate(params, 'to');
  const rangeQuery = {
    period: period === '24h' ? undefined : period,
    from: period === 'custom' ? from : undefined,
    to: period === 'custom' ? to : undefined,
  };
  const { data, error, loading, reload } = useApi<OverviewResponse>(
    withQuery('/api/v1/overview', { period, from: rangeQuery.from, to: rangeQuery.to }),
  );
  const brandQuery = withQuery('', rangeQuery);

  return (
    <section class="stack">
      <header class="page-head">
        <h1>Overview</h1>
        <RangePicker
          value={{ period, from, to }}
          onChange={(v) =>
            setQuery({ period: v.period === '24h' ? undefined : v.period, from: v.from, to: v.to })
          }
        />
      </header>
      {data && (
        <p class="muted">
          <LocalTime iso={data.range.from} /> – <LocalTime iso={data.range.to} />, compared with the period
          before
        </p>
      )}
      {error && <ErrorNote message={error} onRetry={reload} />}
      {loading && !data && <Loading />}
      {data && data.brands.length === 0 && (
        <Empty>No brands are assigned to you yet. An admin can assign them.</Empty>
      )}
      {data && data.brands.length > 0 && (
        <div class="card card--flush">
          <table class="table overview">
            <thead>
              <tr>
                <th scope="col">brand</th>
                <th scope="col" class="num">
                  mentions
                </th>
                <th scope="col" class="num">
                  negative
                </th>
                <th scope="col">trend</th>
                <th scope="col" class="num">
                  alerts
                </th>
                <th scope="col" class="num">
                  inbox
                </th>
                <th scope="col">sources</th>
              </tr>
            </thead>
            <tbody>
              {data.brands.map((row) => (
                <BrandRow key={row.brand.id} row={row} query={brandQuery} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
