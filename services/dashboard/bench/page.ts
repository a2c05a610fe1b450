// Page-draw benchmark: how long until the brand page has drawn its chart, and the inbox its first page, in headless
// Chromium (Debian's, via playwright-core), measured from navigation start (performance.now() in the page) to the
// moment the element is there. The first visit (cold: no cached assets) is reported apart from the warm ones.
// Prints figures; asserts nothing. Used by `npm run bench:dashboard` after the API bench, or alone:
//   BENCH_DASHBOARD_URL=http://127.0.0.1:8085 BENCH_EMAIL=… BENCH_PASSWORD=… BENCH_BRAND=… tsx services/dashboard/bench/page.ts
import type { Page } from 'playwright-core';
import { launchChromium, watchProblems } from '../web/test/browser';

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
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Milliseconds from navigation start until `selector` is in the page. */
async function timeTo(page: Page, url: string, selector: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(selector).first().waitFor({ timeout: 60_000 });
  return page.evaluate(() => performance.now());
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
      })),
      {
        name: 'inbox, first page shown',
        url: `${options.baseUrl}/inbox?brand=${brand}`,
        selector: 'article.mention, .empty',
      },
    ];
    const results: PageTiming[] = [];
    for (const target of targets) {
      // "first" is the first visit of this page; only the first target's is cold (assets cached after it).
      const page = await context.newPage();
      const problems = watchProblems(page);
      const coldMs = await timeTo(page, target.url, target.selector);
      const warm: number[] = [];
      for (let i = 0; i < runs; i++) warm.push(await timeTo(page, target.url, target.selector));
      await page.close();
      if (problems.length > 0) say(`  ! ${target.name}: ${problems.slice(0, 3).join('; ')}`);
      results.push({ page: target.name, coldMs, warm });
    }
    say(`\nPage draw in headless Chromium (${runs} warm visits each, ms from navigation start):`);
    say(
      `  ${'page'.padEnd(34)} ${'first'.padStart(7)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'max'.padStart(7)}`,
    );
    for (const r of results) {
      const sorted = [...r.warm].sort((a, b) => a - b);
      const cells = [
        r.coldMs,
        percentile(sorted, 50),
        percentile(sorted, 95),
        sorted[sorted.length - 1] ?? NaN,
      ];
      say(`  ${r.page.padEnd(34)} ${cells.map((ms) => ms.toFixed(0).padStart(7)).join(' ')}`);
    }
    return results;
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  const need = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required (see the header of services/dashboard/bench/page.ts)`);
    return value;
  };
  benchPages({
    baseUrl: need('BENCH_DASHBOARD_URL'),
    email: need('BENCH_EMAIL'),
    password: need('BENCH_PASSWORD'),
    brand: need('BENCH_BRAND'),
    runs: Number(process.env.BENCH_PAGE_RUNS ?? 10),
  }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
