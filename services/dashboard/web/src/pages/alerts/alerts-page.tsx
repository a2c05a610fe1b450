import type { JSX } from 'preact';
import { useLive } from '../../api/live';
import { useApi } from '../../api/use-api';
import type { AlertSummary, AlertsResponse } from '../../api/types';
import { kindTitle, spanText } from '../../components/alert-text';
import { BrandSelect } from '../../components/brand-select';
import { LiveBadge } from '../../components/live-badge';
import { LocalTime } from '../../components/local-time';
import { Empty, ErrorNote, Loading } from '../../components/status';
import { formatCount } from '../../lib/format';
import { pickOne, withQuery } from '../../lib/query';
import { paths } from '../../lib/routes';
import { Link, setQuery, useLocation } from '../../router';
import { brandName, useSession, visibleBrand } from '../../session';

function Row({ alert, brand }: { alert: AlertSummary; brand: string }): JSX.Element {
  return (
    <tr data-alert-id={alert.alertId} class={alert.state === 'open' ? 'row--open' : undefined}>
      <td>
        <span class={`pill pill--${alert.severity}`}>{alert.severity}</span>
      </td>
      <th scope="row">
        <Link href={paths.alert(alert.alertId)}>{kindTitle(alert.kind)}</Link>
        <div class="muted">{brand}</div>
      </th>
      <td>
        <LocalTime iso={alert.openedAt} />
        <div class="muted">window {spanText(alert.window.from, alert.window.to)}</div>
      </td>
      <td class="num">
        {formatCount(alert.observed.mentions)} / {formatCount(alert.observed.negatives)} /{' '}
        {formatCount(alert.observed.complaints)}
      </td>
      <td>
        {alert.state === 'open' ? (
          <span class="pill pill--alert">open</span>
        ) : (
          <span class="muted">resolved {alert.resolvedAt && <LocalTime iso={alert.resolvedAt} />}</span>
        )}
      </td>
      <td>
        {alert.acknowledgement ? (
          <span data-acknowledged-by={alert.acknowledgement.by}>
            ✓ {alert.acknowledgement.by}, <LocalTime iso={alert.acknowledgement.at} ago />
          </span>
        ) : (
          <span class="muted">not acknowledged</span>
        )}
      </td>
    </tr>
  );
}

/** Every alert the user may see, newest first; filtered by brand and state in the URL. */
export function AlertsPage(): JSX.Element {
  const { session } = useSession();
  const { params } = useLocation();
  const brand = visibleBrand(session, params.get('brand'));
  const state = pickOne(params, 'state', ['open', 'resolved'] as const);
  const alerts = useApi<AlertsResponse>(withQuery('/api/v1/alerts', { brand, state }));
  const live = useLive(brand, {
    alert: (a) =>
      alerts.setData((d) => {
        if (!d || (state && a.state !== state)) return d;
        const rest = d.items.filter((i) => i.alertId !== a.alertId);
        return { items: [a, ...rest].sort((x, y) => Date.parse(y.openedAt) - Date.parse(x.openedAt)) };
      }),
  });

  return (
    <section class="stack">
      <header class="page-head">
        <h1>Alerts</h1>
        <div class="page-head__actions">{brand && <LiveBadge status={live} />}</div>
      </header>
      <div class="toolbar">
        <BrandSelect
          brands={session.brands}
          value={brand}
          allowAll
          onChange={(b) => setQuery({ brand: b, state })}
        />
        <div class="segmented" role="group" aria-label="State">
          {([undefined, 'open', 'resolved'] as const).map((s) => (
            <button
              key={s ?? 'all'}
              type="button"
              class="segmented__item"
              aria-pressed={s === state}
              onClick={() => setQuery({ brand, state: s })}
            >
              {s ?? 'all'}
            </button>
          ))}
        </div>
      </div>
      {alerts.error && <ErrorNote message={alerts.error} onRetry={alerts.reload} />}
      {alerts.loading && !alerts.data && <Loading />}
      {alerts.data && alerts.data.items.length === 0 && <Empty>No alerts here.</Empty>}
      {alerts.data && alerts.data.items.length > 0 && (
        <div class="card card--flush">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">severity</th>
                <th scope="col">alert</th>
                <th scope="col">opened</th>
                <th scope="col" class="num">
                  mentions / negative / complaints
                </th>
                <th scope="col">state</th>
                <th scope="col">acknowledged</th>
              </tr>
            </thead>
            <tbody>
              {alerts.data.items.map((a) => (
                <Row key={a.alertId} alert={a} brand={brandName(session, a.brand)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
