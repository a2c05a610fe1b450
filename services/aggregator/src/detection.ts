import type { Alert, BrandConfig } from '@crumbtrail/contracts';
import type { Logger } from '@crumbtrail/runtime';
import { topTerms } from '@crumbtrail/terms';
import { breakdownOf, openAlert, resolvedAlert, toSamples, toSeries } from './detect/alert-event';
import {
  brandSettings,
  decide,
  evaluate,
  windows,
  type Decision,
  type DetectorSettings,
} from './detect/detector';
import { HOUR_MS, hourOf } from './mention-doc';
import type { AggregatorMetrics } from './metrics';
import type { AlertsRepo } from './store/alerts-repo';
import { mergeEvidence, type EvidenceCandidate } from './rollup';
import type { MentionsRepo } from './store/mentions-repo';
import { seriesFromHours, type RollupsRepo } from './store/rollups-repo';

export interface DetectionDeps {
  mentions: MentionsRepo;
  rollups: RollupsRepo;
  alerts: AlertsRepo;
  /** Resolves once the event is acknowledged. */
  publish(alert: Alert): Promise<void>;
  granularity: 'minute' | 'hour';
  defaults: DetectorSettings;
  brands: ReadonlyMap<string, BrandConfig>;
  metrics: AggregatorMetrics;
  logger: Logger;
}

export interface Detection {
  /** Evaluates one brand at `now`: opens, keeps or resolves its alert, and publishes what changed. */
  runBrand(brand: string, now: Date): Promise<Decision>;
  /** Publishes every stored alert state whose event was not acknowledged yet (after a crash or Kafka outage). */
  republish(): Promise<number>;
}

const SERIES_HOURS = 24;
/** Negative mentions an alert is built from: its samples and top terms. */
const EVIDENCE_LIMIT = 50;

/**
 * Alert state lives in MongoDB; every transition is stored first with `published: false`, then published, then
 * marked published. A crash in between leaves an unpublished state that republish() sends again (the notifier
 * dedupes by alertId + state). One open alert per brand: while it is open nothing new is sent.
 */
export function createDetection(deps: DetectionDeps): Detection {
  const log = deps.logger.child({ component: 'detection' });

  async function publish(alert: Alert): Promise<void> {
    await deps.publish(alert);
    await deps.alerts.markPublished(alert.alertId, alert.state);
    deps.metrics.alertsPublished.inc({ state: alert.state });
  }

  async function hourlySeries(brand: string, now: Date) {
    const from = new Date(hourOf(now).getTime() - (SERIES_HOURS - 1) * HOUR_MS);
    const to = new Date(hourOf(now).getTime() + HOUR_MS);
    const hours = await deps.rollups.hoursBetween(brand, from, to);
    return toSeries(seriesFromHours(hours, 'hour'), from, SERIES_HOURS, HOUR_MS);
  }

  /** The window's most negative mentions (then most engaged): the best of the window's evidence lists. */
  async function negativeEvidence(brand: string, from: Date, to: Date) {
    let best: EvidenceCandidate[] = [];
    for (const list of await deps.rollups.evidence(brand, from, to)) {
      best = mergeEvidence(best, list, EVIDENCE_LIMIT);
    }
    return deps.mentions.byIds(best.map((c) => c.id));
  }

  return {
    async runBrand(brand, now) {
      const endTimer = deps.metrics.detectionSeconds.startTimer();
      try {
        const config = deps.brands.get(brand);
        const settings = brandSettings(deps.defaults, config?.alerts);
        const { window, baseline } = windows(now, settings);
        const hours = await deps.rollups.hoursBetween(brand, baseline.start, window.end);
        const series = seriesFromHours(hours, deps.granularity);
        const evaluation = evaluate(series, now, settings);
        const { open, lastResolvedAt, rev } = await deps.alerts.current(brand);
        const decision = decide(
          evaluation,
          {
            ...(open && { open: { kind: open.kind, openedAt: open.openedAt } }),
            ...(lastResolvedAt && { lastResolvedAt }),
          },
          now,
          settings,
        );
        if (decision.action === 'open') {
          const negatives = await negativeEvidence(brand, window.start, window.end);
          const alert = openAlert({
            brand,
            kind: decision.kind,
            severity: decision.severity,
            signal: decision.signal,
            evaluation,
            samples: toSamples(negatives),
            topTerms: topTerms(
              negatives.map((m) => m.text),
              { exclude: config ? [config.name, brand.replace(/-/g, ' ')] : [] },
            ),
            series: await hourlySeries(brand, now),
            breakdown: breakdownOf(hours, window.start, window.end),
            now,
          });
          const stored = await deps.alerts.insert(
            {
              _id: alert.alertId,
              brand,
              kind: alert.kind,
              state: 'open',
              openedAt: now,
              published: false,
              alert,
              updatedAt: now,
            },
            rev,
          );
          if (stored) {
            deps.metrics.alerts.inc({ kind: alert.kind, state: 'open' });
            log.warn(
              {
                brand,
                alertId: alert.alertId,
                kind: alert.kind,
                severity: alert.severity,
                triggered: decision.triggered,
                observed: alert.observed,
                statistic: alert.statistic,
              },
              'alert opened',
            );
            await publish(alert);
          }
        } else if (decision.action === 'resolve' && open) {
          const alert = resolvedAlert(open.alert, await hourlySeries(brand, now), now);
          if (await deps.alerts.resolve(open._id, alert, now)) {
            deps.metrics.alerts.inc({ kind: open.kind, state: 'resolved' });
            log.info({ brand, alertId: open._id, kind: open.kind }, 'alert resolved');
            await publish(alert);
          }
        } else {
          log.debug({ brand, decision, window: evaluation.window }, 'evaluated');
        }
        return decision;
      } finally {
        endTimer();
      }
    },
    async republish() {
      const pending = await deps.alerts.unpublished();
      for (const doc of pending) {
        log.info({ alertId: doc._id, state: doc.state }, 're-publishing alert event');
        if (await deps.alerts.repairHead(doc)) await publish(doc.alert);
        else log.warn({ alertId: doc._id, brand: doc.brand }, 'superseded alert removed unpublished');
      }
      return pending.length;
    },
  };
}
