import { decide, evaluate, type AlertMemory, type BucketCounts, type DetectorSettings } from './detector';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const SETTINGS: DetectorSettings = {
  bucketMs: MIN,
  windowBuckets: 30,
  baselineBuckets: 360,
  persistence: 3,
  minMentions: 20,
  minBaselineMentions: 30,
  minShareIncrease: 0.1,
  minComplaints: 10,
  complaintRatio: 2,
  volumeRatio: 3,
  alpha: 0.005,
  cooldownMs: 60 * MIN,
};

/** mulberry32, so every run sees the same series. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(lambda: number, r: () => number): number {
  if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(r)));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k += 1;
    p *= r();
  } while (p > l);
  return k - 1;
}

function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
}

function binomial(n: number, p: number, r: () => number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (r() < p) k += 1;
  return k;
}

interface Regime {
  perHour: number;
  negativeShare: number;
  complaintShare: number;
}

/** Minute buckets; `regime(minute)` says what the brand looks like at that minute. */
function series(minutes: number, regime: (minute: number) => Regime, seed: number): BucketCounts[] {
  const r = rng(seed);
  return Array.from({ length: minutes }, (_, i) => {
    const g = regime(i);
    const mentions = poisson(g.perHour / 60, r);
    const negatives = binomial(mentions, g.negativeShare, r);
    // Complaints are a random subset of the negatives (thinning keeps them Poisson at complaintShare).
    const complaints = binomial(negatives, Math.min(1, g.complaintShare / g.negativeShare), r);
    return { start: new Date(T0 + i * MIN), mentions, negatives, complaints };
  });
}

interface Run {
  opened: { minute: number; kind: string }[];
  resolved: number[];
}

/** Evaluates every minute from `from` to the end, carrying alert state as the service does. */
function run(data: BucketCounts[], from: number, s: DetectorSettings = SETTINGS): Run {
  const out: Run = { opened: [], resolved: [] };
  const memory: AlertMemory = {};
  for (let minute = from; minute < data.length; minute++) {
    const now = new Date(T0 + minute * MIN + 30_000);
    const slice = data.slice(Math.max(0, minute + 1 - s.windowBuckets - s.baselineBuckets), minute + 1);
    const decision = decide(evaluate(slice, now, s), memory, now, s);
    if (decision.action === 'open') {
      out.opened.push({ minute, kind: decision.kind });
      memory.open = { kind: decision.kind, openedAt: now };
    } else if (decision.action === 'resolve') {
      out.resolved.push(minute);
      delete memory.open;
      memory.lastResolvedAt = now;
    }
  }
  return out;
}

const WARMUP = 390;
const DAY = 24 * 60;

describe('detector', () => {
  const calm = (perHour: number): Regime => ({ perHour, negativeShare: 0.2, complaintShare: 0.15 });

  it.each([
    ['low volume (40 mentions/h)', 40, 100],
    ['medium volume (120 mentions/h)', 120, 100],
    ['high volume (3000 mentions/h)', 3000, 30],
  ])('raises (almost) no alert on stationary noise at %s', (_name, perHour, seeds) => {
    let alerts = 0;
    const kindsSeen: string[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const { opened } = run(
        series(WARMUP + DAY, () => calm(perHour), seed),
        WARMUP,
      );
      alerts += opened.length;
      kindsSeen.push(...opened.map((o) => o.kind));
    }
    const perBrandDay = alerts / seeds;
    const kinds = kindsSeen.join(',');
    console.info(
      `false alarms at ${perHour}/h: ${alerts} in ${seeds} brand-days (${perBrandDay} per brand-day) ${kinds}`,
    );
    expect(perBrandDay).toBeLessThanOrEqual(0.05);
  });

  function delays(before: Regime, after: Regime, seeds: number): number[] {
    const out: number[] = [];
    const shiftAt = WARMUP + 60;
    for (let seed = 1; seed <= seeds; seed++) {
      const data = series(shiftAt + 120, (m) => (m < shiftAt ? before : after), seed);
      const first = run(data, WARMUP).opened[0];
      expect(first).toBeDefined();
      expect(first?.minute).toBeGreaterThanOrEqual(shiftAt);
      // Complaints rise with the negatives, so either negativity test may be first.
      expect(['negative_share', 'complaint_volume']).toContain(first?.kind);
      out.push((first?.minute ?? 0) - shiftAt);
    }
    const mean = out.reduce((a, b) => a + b, 0) / out.length;
    console.info(
      `detection delay: mean ${mean.toFixed(1)} min, max ${Math.max(...out)} min (${JSON.stringify(after)})`,
    );
    return out;
  }

  it('alerts on a real rise in negative share at steady volume, with a bounded delay', () => {
    const d = delays(calm(120), { perHour: 120, negativeShare: 0.6, complaintShare: 0.45 }, 30);
    expect(Math.max(...d)).toBeLessThanOrEqual(40);
  });

  it('alerts quickly on a demo-like complaint surge (40/h -> 360/h, 75% complaints)', () => {
    const d = delays(calm(40), { perHour: 360, negativeShare: 0.8, complaintShare: 0.75 }, 30);
    expect(Math.max(...d)).toBeLessThanOrEqual(20);
  });

  it('raises negative_share when only the share rises (complaints and volume flat)', () => {
    const shiftAt = WARMUP + 60;
    const data = series(
      shiftAt + 60,
      (m) => (m < shiftAt ? calm(120) : { perHour: 120, negativeShare: 0.55, complaintShare: 0.15 }),
      21,
    );
    expect(run(data, WARMUP).opened.map((o) => o.kind)).toEqual(['negative_share']);
  });

  it('does not page for one noisy bucket (persistence)', () => {
    const data = series(WARMUP + 60, () => calm(120), 7);
    const spike = WARMUP + 30;
    data[spike] = { start: new Date(T0 + spike * MIN), mentions: 60, negatives: 60, complaints: 60 };
    const evaluation = evaluate(data, new Date(T0 + (spike + 5) * MIN), SETTINGS);
    for (const signal of evaluation.signals) expect(signal.triggered).toBe(false);
    const share = evaluation.signals.find((s) => s.kind === 'negative_share');
    expect(share?.reason).toMatch(/not persistent/);
    expect(run(data, WARMUP).opened).toEqual([]);
  });

  it('applies the minimum-volume guard', () => {
    const data = series(
      WARMUP + 30,
      (m) => (m < WARMUP ? calm(30) : { perHour: 20, negativeShare: 1, complaintShare: 1 }),
      3,
    );
    expect(run(data, WARMUP).opened.filter((o) => o.kind === 'negative_share')).toEqual([]);
  });

  it('opens one alert per episode, resolves when calm, and respects the cooldown', () => {
    const surge = { perHour: 240, negativeShare: 0.75, complaintShare: 0.7 };
    const settings = { ...SETTINGS, cooldownMs: 120 * MIN };
    const s1 = WARMUP + 30;
    const calmAgain = s1 + 45;
    const s2 = calmAgain + 40; // a second surge inside the 120-minute cooldown after the resolve
    const s3 = s2 + 240; // a third one long after
    const data = series(
      s3 + 60,
      (m) => ((m >= s1 && m < calmAgain) || (m >= s2 && m < s2 + 40) || m >= s3 ? surge : calm(60)),
      11,
    );
    const { opened, resolved } = run(data, WARMUP, settings);
    const during = evaluate(data.slice(0, s2 + 35), new Date(T0 + (s2 + 34) * MIN), settings);
    expect(during.signals.some((sig) => sig.triggered)).toBe(true); // it would fire, but the cooldown holds it
    expect(opened.length).toBe(2);
    expect(opened[0]?.minute).toBeGreaterThanOrEqual(s1);
    expect(opened[0]?.minute).toBeLessThan(calmAgain);
    expect(resolved.length).toBeGreaterThanOrEqual(1);
    const firstResolve = resolved[0] as number;
    expect(firstResolve).toBeGreaterThan(calmAgain);
    expect(firstResolve).toBeLessThan(s2);
    // Nothing opens during the cooldown even though the second surge fires.
    expect(opened[1]?.minute).toBeGreaterThanOrEqual(s3);
  });

  it('raises a volume spike when only volume rises', () => {
    const data = series(
      WARMUP + 60,
      (m) => (m < WARMUP + 20 ? calm(60) : { ...calm(600), complaintShare: 0.02 }),
      5,
    );
    const kinds = run(data, WARMUP).opened.map((o) => o.kind);
    expect(kinds).toEqual(['volume_spike']);
  });

  it('evaluates the window and baseline the alert reports', () => {
    const data = series(WARMUP, () => calm(60), 2);
    const e = evaluate(data, new Date(T0 + (WARMUP - 1) * MIN + 10_000), SETTINGS);
    const inWindow = data.slice(WARMUP - 30).reduce((a, b) => a + b.mentions, 0);
    expect(e.window.mentions).toBe(inWindow);
    expect(e.window.end.getTime()).toBe(T0 + WARMUP * MIN);
    expect(e.baseline.start.getTime()).toBe(T0);
  });
});
