// Page-draw benchmark: how long until the brand page has drawn its chart, and the inbox its first page, in headless
// Chromium (Debian's, via playwright-core), measured from navigation start (performance.now() in the page) to the
// moment the element is there. The first visit (cold: no cached assets) is reported apart from the warm ones.
// Prints figures; asserts nothing. `benchPages` is called by `npm run bench:dashboard` after the API bench, on its
// data; alone, `tsx services/dashboard/bench/page.ts` seeds a private dashboard (page-stack.ts: BENCH_PAGE_DAYS of
// one brand's mentions through the aggregator and the dashboard's consumer) or times the one named by
// BENCH_DASHBOARD_URL, BENCH_EMAIL, BENCH_PASSWORD and BENCH_BRAND. BENCH_PAGE_RUNS warm visits per page (10).
import type { Page } from 'playwright-core';
import { launchChromium, watchProblems } from '../web/test/browser';
import { startPageBenchStack } from './page-stack';

export interface PageBenchOptions {
  baseUrl: string;
  email: string;
  password: string;
  /** Brand whose page and inbox are drawn (the biggest one is the honest choice). */
  brand: string;
  /** Warm visits per page after the cold one (default 10). */
  runs?: number;
  /** Periods of the brand page to time (default 24h, 7d and 30d). */
  periods?: readonly string[];
  say?: (line: string) => void;
}

export interface PageTiming {
  page: string;
  coldMs: number;
  warm: number[];
  /** Of each warm visit: how long the page's data request (trend or inbox) took, as the browser saw it. */
  warmApi: number[];
}

interface Visit {
  ms: number;
  apiMs: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Milliseconds from navigation start until `selector` is in the page, and the page's data request's share. */
async function timeTo(page: Page, url: string, selector: string, apiPath: RegExp): Promise<Visit> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(selector).first().waitFor({ timeout: 120_000 });
  const [ms, entries] = await page.evaluate(() => [
    performance.now(),
    performance.getEntriesByType('resource').map((e) => [e.name, e.duration] as const),
  ]);
  const api = entries.filter(([name]) => apiPath.test(new URL(name).pathname));
  return { ms: ms, apiMs: Math.max(0, ...api.map(([, d]) => d)) };
}

export async function benchPages(options: PageBenchOptions): Promise<PageTiming[]> {
  const say = options.say ?? ((line: string) => console.log(line));
  const runs = options.runs ?? 10;
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const login = await context.request.post(`${options.baseUrl}/api/v1/login`, {
      data: { email: options.email, password: options.password },
    });
    if (!login.ok()) throw new Error(`login for the page bench failed: HTTP ${login.status()}`);
    const brand = encodeURIComponent(options.brand);
    const targets = [
      ...(options.periods ?? ['24h', '7d', '30d']).map((period) => ({
        name: `brand page, chart drawn (${period})`,
        url: `${options.baseUrl}/brands/${brand}?period=${period}`,
        selector: '.chart__canvas[data-drawn="true"]',
        api: /\/trend$/,
      })),
      {
        name: 'inbox, first page shown',
        url: `${options.baseUrl}/inbox?brand=${brand}`,
        selector: 'article.mention, .empty',
        api: /\/inbox$/,
      },
    ];
    const results: PageTiming[] = [];
    for (const target of targets) {
      // "first" is the first visit of this page; only the first target's is cold (assets cached after it).
      const page = await context.newPage();
      const problems = watchProblems(page);
      const coldMs = (await timeTo(page, target.url, target.selector, target.api)).ms;
      const warm: number[] = [];
      const warmApi: number[] = [];
      for (let i = 0; i < runs; i++) {
        const visit = await timeTo(page, target.url, target.selector, target.api);
        warm.push(visit.ms);
        warmApi.push(visit.apiMs);
      }
      await page.close();
      if (problems.length > 0) say(`  ! ${target.name}: ${problems.slice(0, 3).join('; ')}`);
      results.push({ page: target.name, coldMs, warm, warmApi });
    }
    say(`\nPage draw in headless Chromium (${runs} warm visits each, ms from navigation start):`);
    const head = ['first', 'p50', 'p95', 'max', 'api p50'].map((h) => h.padStart(7)).join(' ');
    say(`  ${'page'.padEnd(34)} ${head}`);
    for (const r of results) {
      const sorted = [...r.warm].sort((a, b) => a - b);
      const api = [...r.warmApi].sort((a, b) => a - b);
      const cells = [
        r.coldMs,
        percentile(sorted, 50),
        percentile(sorted, 95),
        sorted[sorted.length - 1] ?? NaN,
        percentile(api, 50),
      ];
      say(`  ${r.page.padEnd(34)} ${cells.map((ms) => ms.toFixed(0).padStart(7)).join(' ')}`);
    }
    say(
      '  (api p50: the trend or inbox request alone, as the browser timed it; the rest is page load and drawing)',
    );
    return results;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_PAGE_RUNS ?? 10);
  const url = process.env.BENCH_DASHBOARD_URL;
  if (url) {
    const need = (name: string): string => {
      const value = process.env[name];
      if (!value) throw new Error(`${name} is required with BENCH_DASHBOARD_URL`);
      return value;
    };
    await benchPages({
      baseUrl: url,
      email: need('BENCH_EMAIL'),
      password: need('BENCH_PASSWORD'),
      brand: need('BENCH_BRAND'),
      runs,
    });
    return;
  }
  // No dashboard given: seed a private one on the local stack and time its pages.
  const stack = await startPageBenchStack({ days: Number(process.env.BENCH_PAGE_DAYS ?? 30) });
  try {
    await benchPages({ ...stack.login, baseUrl: stack.baseUrl, brand: stack.brand, runs });
  } finally {
    await stack.stop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
