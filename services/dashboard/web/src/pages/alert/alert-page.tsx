import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { api, errorMessage } from '../../api/client';
import { useApi } from '../../api/use-api';
import type { AlertDetailResponse } from '../../api/types';
import { formatP, kindTitle, spanText } from '../../components/alert-text';
import { LineChart } from '../../components/line-chart';
import { LocalTime } from '../../components/local-time';
import { MuteControl } from '../../components/mute-control';
import { ErrorNote, FormError, Loading, NotFound } from '../../components/status';
import { formatCount, formatShare } from '../../lib/format';
import { withQuery } from '../../lib/query';
import { paths } from '../../lib/routes';
import { displayHost, safeHttpUrl } from '../../lib/safe-url';
import { Link } from '../../router';
import { brandName, can, useSession } from '../../session';

type Alert = AlertDetailResponse['alert'];

function share(part: number, whole: number): string {
  return whole === 0 ? '–' : formatShare(part / whole);
}

function Numbers({ alert }: { alert: Alert }): JSX.Element {
  const { observed: o, baseline: b } = alert;
  return (
    <table class="table table--compact numbers" aria-label="Window against baseline">
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col" class="num">
            window ({spanText(alert.window.start, alert.window.end)})
          </th>
          <th scope="col" class="num">
            baseline ({spanText(b.start, b.end)})
          </th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">mentions</th>
          <td class="num">{formatCount(o.mentions)}</td>
          <td class="num">{formatCount(b.mentions)}</td>
        </tr>
        <tr>
          <th scope="row">negative</th>
          <td class="num">
            {formatCount(o.negatives)} ({share(o.negatives, o.mentions)})
          </td>
          <td class="num">
            {formatCount(b.negatives)} ({share(b.negatives, b.mentions)})
          </td>
        </tr>
        <tr>
          <th scope="row">complaints</th>
          <td class="num">
            {formatCount(o.complaints)} ({share(o.complaints, o.mentions)})
          </td>
          <td class="num">
            {formatCount(b.complaints)} ({share(b.complaints, b.mentions)})
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function Acknowledge({
  alertId,
  onDone,
}: {
  alertId: string;
  onDone: (detail: AlertDetailResponse) => void;
}): JSX.Element {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <form
      class="ack"
      aria-label="Acknowledge"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        api
          .post<AlertDetailResponse>(
            `/api/v1/alerts/${encodeURIComponent(alertId)}/acknowledge`,
            note.trim() ? { note: note.trim() } : {},
          )
          .then(onDone)
          .catch((err: unknown) => setError(errorMessage(err)))
          .finally(() => setBusy(false));
      }}
    >
      <label class="field field--grow">
        Note (what you are doing about it)
        <input
          name="note"
          type="text"
          maxLength={1000}
          value={note}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="button button--primary" disabled={busy}>
        Acknowledge
      </button>
      <FormError message={error} />
    </form>
  );
}

/** One alert with the evidence its email had; acknowledge it, mute the brand. */
export function AlertPage({ alertId }: { alertId: string }): JSX.Element {
  const { session } = useSession();
  const detail = useApi<AlertDetailResponse>(`/api/v1/alerts/${encodeURIComponent(alertId)}`);
  const data = detail.data;
  const chart = useMemo(() => {
    if (!data) return undefined;
    const s = data.alert.series;
    return {
      times: s.map((p) => p.bucketStart),
      lines: [
        { label: 'mentions', color: '#4a5568', values: s.map((p) => p.mentions) },
        { label: 'negative', color: '#d64545', values: s.map((p) => p.negatives) },
        { label: 'complaints', color: '#c05621', values: s.map((p) => p.complaints) },
      ],
      shade: { from: data.alert.window.start, to: data.alert.window.end },
    };
  }, [data]);

  if (detail.error && !data) {
    return detail.errorStatus === 404 || detail.errorStatus === 400 ? (
      <NotFound />
    ) : (
      <ErrorNote message={detail.error} onRetry={detail.reload} />
    );
  }
  if (!data || !chart) return <Loading label="Reading the alert" />;
  const { alert, acknowledgement } = data;
  const brand = alert.brand;
  return (
    <section class="stack">
      <header class="page-head">
        <div>
          <p class="crumbs">
            <Link href={paths.alerts()}>Alerts</Link> /{' '}
            <Link href={paths.brand(brand)}>{brandName(session, brand)}</Link> /
          </p>
          <h1>
            <span class={`pill pill--${alert.severity}`}>{alert.severity}</span> {kindTitle(alert.kind)}
          </h1>
          <p class="muted">
            {alert.state === 'open' ? 'open since ' : 'opened '}
            <LocalTime iso={alert.openedAt} />
            {alert.resolvedAt && (
              <>
                , resolved <LocalTime iso={alert.resolvedAt} />
              </>
            )}
          </p>
        </div>
        <div class="page-head__actions">
          <Link
            class="button"
            href={withQuery(paths.mentions(brand), { from: alert.window.start, to: alert.window.end })}
          >
            Mentions of the window
          </Link>
        </div>
      </header>
      <div class="card ack-state">
        {acknowledgement ? (
          <p data-acknowledged-by={acknowledgement.by}>
            ✓ Acknowledged by {acknowledgement.by}, <LocalTime iso={acknowledgement.at} />
            {acknowledgement.note && <span> — “{acknowledgement.note}”</span>}
          </p>
        ) : can(session, brand, 'acknowledge') ? (
          <Acknowledge alertId={alert.alertId} onDone={(d) => detail.setData(() => d)} />
        ) : (
          <p class="muted">Not acknowledged yet.</p>
        )}
        <MuteControl
          brand={brand}
          mute={data.mute}
          canMute={can(session, brand, 'mute')}
          onChange={(mute) => detail.setData((d) => (d ? { ...d, mute } : d))}
        />
      </div>
      <div class="grid grid--2">
        <section class="card" aria-label="Numbers">
          <h3 class="card__title">Window against baseline</h3>
          <Numbers alert={alert} />
          <p class="muted test">
            Test: {alert.statistic.method}
            {alert.statistic.zScore !== undefined && `, z = ${alert.statistic.zScore.toFixed(2)}`}, p ={' '}
            {formatP(alert.statistic.pValue)}
          </p>
        </section>
        <section class="card" aria-label="Top terms">
          <h3 class="card__title">Top terms in negative mentions</h3>
          {alert.topTerms.length === 0 ? (
            <p class="muted">none</p>
          ) : (
            <ol class="terms">
              {alert.topTerms.map((t) => (
                <li key={t.term}>
                  {t.term} <span class="muted">{t.count}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
      <section class="card">
        <h3 class="card__title">Last 24 hours (the tested window shaded)</h3>
        <LineChart
          label="Mentions, negative mentions and complaints per hour"
          times={chart.times}
          lines={chart.lines}
          shade={chart.shade}
        />
      </section>
      <section class="card" aria-label="Sample mentions">
        <h3 class="card__title">Most negative mentions</h3>
        <ul class="samples">
          {alert.samples.map((s) => {
            const href = safeHttpUrl(s.url);
            return (
              <li key={s.eventId} class="sample">
                <p class="mention__meta">
                  <span class="mention__author">{s.author}</span> <span class="source">{s.source}</span>{' '}
                  <LocalTime iso={s.publishedAt} />{' '}
                  <span class="muted">score {s.sentimentScore.toFixed(2)}</span>{' '}
                  {href && (
                    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                      original on {displayHost(href)} ↗
                    </a>
                  )}
                </p>
                <p class="mention__text">{s.text}</p>
              </li>
            );
          })}
        </ul>
      </section>
    </section>
  );
}
