import type { AlertKind, AlertSettings } from '@crumbtrail/contracts';
import {
  binomialUpperTail,
  binomialZ,
  normalQuantileUpper,
  poissonUpperTail,
  poissonZ,
  wilson,
} from './stats';

/**
 * "Negativity rises" detection, pure: given a brand's bucketed counts and `now`, it tests the recent window against
 * the brand's own rolling baseline and decides whether to open or resolve an alert. README.md explains the method.
 */

export interface BucketCounts {
  /** Bucket start (UTC), aligned to the bucket size. */
  start: Date;
  mentions: number;
  negatives: number;
  complaints: number;
}

export interface Counts {
  mentions: number;
  negatives: number;
  complaints: number;
}

export interface DetectorSettings {
  bucketMs: number;
  windowBuckets: number;
  baselineBuckets: number;
  /** The window is split into this many sub-windows; each must show the rise (one noisy bucket cannot page). */
  persistence: number;
  minMentions: number;
  minBaselineMentions: number;
  minShareIncrease: number;
  minComplaints: number;
  complaintRatio: number;
  volumeRatio: number;
  /** One-sided significance level of every test. */
  alpha: number;
  cooldownMs: number;
}

const DAY_MS = 86_400_000;

export const SENSITIVITY_ALPHA: Record<AlertSettings['sensitivity'], number> = {
  low: 0.001,
  normal: 0.005,
  high: 0.02,
};

/** The service-wide defaults with one brand's alerts settings applied on top. */
export function brandSettings(
  defaults: DetectorSettings,
  alerts: AlertSettings | undefined,
): DetectorSettings {
  if (!alerts) return defaults;
  return {
    ...defaults,
    alpha: SENSITIVITY_ALPHA[alerts.sensitivity],
    minMentions: alerts.minMentions ?? defaults.minMentions,
    minShareIncrease: alerts.minNegativeShareIncrease ?? defaults.minShareIncrease,
    cooldownMs: alerts.cooldownMinutes !== undefined ? alerts.cooldownMinutes * 60_000 : defaults.cooldownMs,
  };
}

export interface Statistic {
  method: string;
  observedValue: number;
  baselineValue: number;
  zScore?: number;
  pValue?: number;
}

export interface Signal {
  kind: AlertKind;
  /** Every condition holds: volume guard, effect size, significance, persistence. */
  triggered: boolean;
  /** The rise is still there (lower bar, for hysteresis); an open alert resolves when no signal is elevated. */
  elevated: boolean;
  /** Which condition failed, for logs and tests. */
  reason: string;
  /** Effect at least twice the threshold. */
  strong: boolean;
  statistic: Statistic;
}

export interface Evaluation {
  window: { start: Date; end: Date } & Counts;
  baseline: { start: Date; end: Date } & Counts;
  signals: Signal[];
}

export interface AlertMemory {
  /** The brand's open alert, if any. */
  open?: { kind: AlertKind; openedAt: Date };
  /** When the brand's last alert resolved (for the cooldown). */
  lastResolvedAt?: Date;
}

export type Decision =
  | { action: 'none'; reason: string }
  | {
      action: 'open';
      kind: AlertKind;
      severity: 'warning' | 'critical';
      signal: Signal;
      triggered: AlertKind[];
    }
  | { action: 'resolve' };

/** Start of the bucket containing `t` (UTC; bucket sizes divide a day). */
export function bucketStart(t: Date | number, bucketMs: number): Date {
  const ms = typeof t === 'number' ? t : t.getTime();
  return new Date(Math.floor(ms / bucketMs) * bucketMs);
}

/** The window (ending with the bucket that contains `now`) and the baseline right before it. */
export function windows(now: Date, s: DetectorSettings) {
  const end = bucketStart(now, s.bucketMs).getTime() + s.bucketMs;
  const start = end - s.windowBuckets * s.bucketMs;
  const baselineStart = start - s.baselineBuckets * s.bucketMs;
  return {
    window: { start: new Date(start), end: new Date(end) },
    baseline: { start: new Date(baselineStart), end: new Date(start) },
  };
}

export function evaluate(series: readonly BucketCounts[], now: Date, s: DetectorSettings): Evaluation {
  const { window, baseline } = windows(now, s);
  const w0 = window.start.getTime();
  const b0 = baseline.start.getTime();
  const persistence = Math.max(1, Math.min(s.persistence, s.windowBuckets));
  const observed = zero();
  const base = zero();
  // The window's biggest bucket by each field: every rise must hold without it (one noisy bucket cannot page).
  const biggest = { mentions: zero(), negatives: zero(), complaints: zero() };
  const subs = Array.from({ length: persistence }, zero);
  const subBuckets = Array.from({ length: persistence }, (_, i) => subBoundary(i + 1) - subBoundary(i));

  function subBoundary(i: number): number {
    return Math.round((i * s.windowBuckets) / persistence);
  }

  for (const b of series) {
    const t = b.start.getTime();
    if (t >= w0 && t < window.end.getTime()) {
      add(observed, b);
      for (const f of ['mentions', 'negatives', 'complaints'] as const) {
        if (b[f] > biggest[f][f])
          biggest[f] = { mentions: b.mentions, negatives: b.negatives, complaints: b.complaints };
      }
      const index = Math.floor((t - w0) / s.bucketMs);
      let sub = 0;
      while (sub < persistence - 1 && index >= subBoundary(sub + 1)) sub++;
      add(subs[sub] as Counts, b);
    } else if (t >= b0 && t < w0) {
      add(base, b);
    }
  }

  const baselineOk = base.mentions >= s.minBaselineMentions;
  const z = normalQuantileUpper(s.alpha);
  const signals: Signal[] = [
    negativeShare(observed, base, subs, biggest.negatives, baselineOk, z, s),
    countRise('complaint_volume', 'complaints', s.minComplaints, s.complaintRatio),
    countRise('volume_spike', 'mentions', s.minMentions, s.volumeRatio),
  ];
  return {
    window: { ...window, ...observed },
    baseline: { ...baseline, ...base },
    signals,
  };

  function countRise(
    kind: AlertKind,
    field: 'complaints' | 'mentions',
    minCount: number,
    ratio: number,
  ): Signal {
    const k = observed[field];
    // Expected count in the window from the baseline rate; +0.5 keeps an all-zero baseline from dividing by zero.
    const expected = ((base[field] + 0.5) * s.windowBuckets) / s.baselineBuckets;
    const pValue = poissonUpperTail(k, expected);
    // Counts are tested every bucket against the same baseline; over a day that is ~(day / window) independent
    // looks, so the level is Bonferroni-corrected for them (the share test has an effect-size floor instead).
    const looks = Math.max(1, DAY_MS / (s.windowBuckets * s.bucketMs));
    const countAlpha = s.alpha / looks;
    const half = 1 + (ratio - 1) / 2;
    const statistic: Statistic = {
      method: `poisson upper tail: ${field} in window vs baseline rate`,
      observedValue: k,
      baselineValue: round(expected),
      zScore: round(poissonZ(k, expected)),
      pValue,
    };
    const elevated = k >= minCount / 2 && k > expected * half;
    const strong = k >= expected * ratio * 2;
    const fail = (reason: string): Signal => ({
      kind,
      triggered: false,
      elevated,
      reason,
      strong,
      statistic,
    });
    if (!baselineOk) return fail('baseline below minimum volume');
    if (k < minCount) return fail(`fewer than ${minCount} ${field} in window`);
    if (k < expected * ratio) return fail(`below ${ratio}x the baseline rate`);
    if (pValue >= countAlpha) return fail('not significant');
    const kOut = k - biggest[field][field];
    const expectedOut = (expected * (s.windowBuckets - 1)) / s.windowBuckets;
    if (kOut < expectedOut * ratio || poissonUpperTail(kOut, expectedOut) >= countAlpha) {
      return fail('not persistent: the rise rests on one bucket');
    }
    const quiet = subs.findIndex((sub, i) => {
      const subExpected = (expected * (subBuckets[i] as number)) / s.windowBuckets;
      return sub[field] === 0 || sub[field] < subExpected * ratio;
    });
    if (quiet >= 0) return fail(`not persistent: sub-window ${quiet + 1} of ${persistence} not raised`);
    return { kind, triggered: true, elevated: true, reason: 'triggered', strong, statistic };
  }
}

function negativeShare(
  observed: Counts,
  base: Counts,
  subs: Counts[],
  biggest: Counts,
  baselineOk: boolean,
  z: number,
  s: DetectorSettings,
): Signal {
  const { mentions: n, negatives: k } = observed;
  // Laplace-smoothed baseline share: never exactly 0 or 1, so the test stays defined on thin baselines.
  const p0 = (base.negatives + 1) / (base.mentions + 2);
  const share = n > 0 ? k / n : 0;
  const lower = wilson(k, n, z).lower;
  const pValue = binomialUpperTail(k, n, p0);
  const statistic: Statistic = {
    method: 'wilson lower bound and exact binomial test: window negative share vs baseline share',
    observedValue: round(share),
    baselineValue: round(p0),
    zScore: round(binomialZ(k, n, p0)),
    pValue,
  };
  const d = s.minShareIncrease;
  const elevated = n >= s.minMentions && share > p0 + d / 2;
  const strong = lower > p0 + 2 * Math.max(d, 0.05);
  const fail = (reason: string): Signal => ({
    kind: 'negative_share',
    triggered: false,
    elevated,
    reason,
    strong,
    statistic,
  });
  if (!baselineOk) return fail('baseline below minimum volume');
  if (n < s.minMentions) return fail(`fewer than ${s.minMentions} mentions in window`);
  if (lower <= p0 + d) return fail(`wilson lower bound ${round(lower)} not above baseline + ${d}`);
  if (pValue >= s.alpha) return fail('not significant');
  const nOut = n - biggest.mentions;
  const kOut = k - biggest.negatives;
  if (nOut < s.minMentions || wilson(kOut, nOut, z).lower <= p0 + d) {
    return fail('not persistent: the rise rests on one bucket');
  }
  const quiet = subs.findIndex((sub) => sub.mentions === 0 || sub.negatives / sub.mentions <= p0 + d / 2);
  if (quiet >= 0) return fail(`not persistent: sub-window ${quiet + 1} of ${subs.length} not raised`);
  return { kind: 'negative_share', triggered: true, elevated: true, reason: 'triggered', strong, statistic };
}

/** Opens at most one alert per brand at a time (the most specific kind that fired), resolves it when calm. */
export function decide(
  evaluation: Evaluation,
  memory: AlertMemory,
  now: Date,
  s: DetectorSettings,
): Decision {
  const { signals } = evaluation;
  if (memory.open) {
    return signals.some((sig) => sig.elevated)
      ? { action: 'none', reason: 'still elevated' }
      : { action: 'resolve' };
  }
  const fired = signals.filter((sig) => sig.triggered);
  const first = fired[0];
  if (!first) return { action: 'none', reason: 'no signal' };
  if (memory.lastResolvedAt && now.getTime() - memory.lastResolvedAt.getTime() < s.cooldownMs) {
    return { action: 'none', reason: 'cooldown' };
  }
  const severity = fired.length > 1 || first.strong ? 'critical' : 'warning';
  return { action: 'open', kind: first.kind, severity, signal: first, triggered: fired.map((f) => f.kind) };
}

function zero(): Counts {
  return { mentions: 0, negatives: 0, complaints: 0 };
}

function add(into: Counts, b: Counts): void {
  into.mentions += b.mentions;
  into.negatives += b.negatives;
  into.complaints += b.complaints;
}

function round(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}
