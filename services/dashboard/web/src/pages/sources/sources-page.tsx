import type { JSX } from 'preact';
import { useApi } from '../../api/use-api';
import type { SourceStatus, SourcesResponse } from '../../api/types';
import { BrandSelect } from '../../components/brand-select';
import { LocalTime } from '../../components/local-time';
import { Empty, ErrorNote, Loading } from '../../components/status';
import { withQuery } from '../../lib/query';
import { setQuery, useLocation } from '../../router';
import { brandName, useSession, visibleBrand } from '../../session';
import { SOURCE_COLUMNS, STATE_TEXT, rateLimitedUntil, sortSources } from './source-state';

function Row({ s, brand }: { s: SourceStatus; brand: string }): JSX.Element {
  const limitedUntil = rateLimitedUntil(s, Date.now());
  return (
    <tr data-source={`${s.brand}/${s.source}`} data-state={s.state} class={`row--${s.state}`}>
      <th scope="row">
        {brand} <span class="source">{s.source}</span>
      </th>
      <td>
        <span class={`state state--${s.state}`}>{STATE_TEXT[s.state]}</span>
      </td>
      <td>{s.lastSuccessAt ? <LocalTime iso={s.lastSuccessAt} ago /> : <span class="muted">never</span>}</td>
      <td>
        {s.lastErrorAt ? (
          <>
            <LocalTime iso={s.lastErrorAt} ago />
            {s.consecutiveFailures > 0 && (
              <span class="muted"> · {s.consecutiveFailures} failures in a row</span>
            )}
            {s.lastError && <div class="error-text">{s.lastError}</div>}
          </>
        ) : (
          <span class="muted">none</span>
        )}
      </td>
      <td data-rate-limited-until={limitedUntil ?? undefined}>
        {limitedUntil ? <LocalTime iso={limitedUntil} /> : <span class="muted">not limited</span>}
      </td>
      <td class="num">{s.mentionsPerHour.toFixed(s.mentionsPerHour < 10 ? 1 : 0)}</td>
      <td class="num">{s.mentionsLastPoll ?? '–'}</td>
    </tr>
  );
}

/** Per brand and source: is it polling, failing, rate-limited or silent? A silent source must not look calm. */
export function SourcesPage(): JSX.Element {
  const { session } = useSession();
  const { params } = useLocation();
  const brand = visibleBrand(session, params.get('brand'));
  const sources = useApi<SourcesResponse>(withQuery('/api/v1/sources', { brand }));
  const items = sources.data ? sortSources(sources.data.items) : [];
  const trouble = items.filter((s) => s.state !== 'ok').length;

  return (
    <section class="stack">
      <header class="page-head">
        <div>
          <h1>Sources</h1>
          <p class="muted">Where mentions come from, and whether each source still delivers.</p>
        </div>
      </header>
      <div class="toolbar">
        <BrandSelect
          brands={session.brands}
          value={brand}
          allowAll
          onChange={(b) => setQuery({ brand: b })}
        />
        {sources.data && (
          <span class={trouble > 0 ? 'pill pill--alert' : 'pill'}>
            {trouble > 0 ? `${trouble} need attention` : 'all sources deliver'}
          </span>
        )}
      </div>
      {sources.error && <ErrorNote message={sources.error} onRetry={sources.reload} />}
      {sources.loading && !sources.data && <Loading />}
      {sources.data && items.length === 0 && <Empty>No sources configured for these brands.</Empty>}
      {items.length > 0 && (
        <div class="card card--flush">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{SOURCE_COLUMNS.source}</th>
                <th scope="col">{SOURCE_COLUMNS.state}</th>
                <th scope="col">{SOURCE_COLUMNS.lastSuccess}</th>
                <th scope="col">{SOURCE_COLUMNS.lastError}</th>
                <th scope="col">{SOURCE_COLUMNS.rateLimitedUntil}</th>
                <th scope="col" class="num">
                  {SOURCE_COLUMNS.mentionsPerHour}
                </th>
                <th scope="col" class="num">
                  {SOURCE_COLUMNS.mentionsLastPoll}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <Row key={`${s.brand}/${s.source}`} s={s} brand={brandName(session, s.brand)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
