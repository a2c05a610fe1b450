import type { JSX } from 'preact';
import type { AlertMarker } from '../../api/types';
import { LocalTime } from '../../components/local-time';
import { paths } from '../../lib/routes';
import { Link } from '../../router';

const KIND: Record<string, string> = {
  negative_share: 'Negative share rose',
  complaint_volume: 'Complaints rose',
  volume_spike: 'Volume spiked',
};

/** The alerts marked on the chart, as a list with links to their evidence. */
export function AlertsInPeriod({ alerts }: { alerts: readonly AlertMarker[] }): JSX.Element {
  return (
    <section class="card" aria-label="Alerts in this period">
      <h3 class="card__title">Alerts in this period</h3>
      {alerts.length === 0 ? (
        <p class="muted">No alert in this period.</p>
      ) : (
        <ul class="list">
          {alerts.map((a) => (
            <li key={a.alertId} class="list__row" data-alert-id={a.alertId}>
              <span class={`pill pill--${a.severity}`}>{a.severity}</span>
              <Link href={paths.alert(a.alertId)}>{KIND[a.kind] ?? a.kind}</Link>
              <span class="muted">
                opened <LocalTime iso={a.openedAt} />
                {a.resolvedAt ? (
                  <>
                    , resolved <LocalTime iso={a.resolvedAt} />
                  </>
                ) : (
                  ', still open'
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
