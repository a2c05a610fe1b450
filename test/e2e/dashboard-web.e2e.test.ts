/// <reference lib="dom" />
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { stringify } from 'yaml';
import type { ClassifiedMention } from '@crumbtrail/contracts';
import type { SourceStatusDoc } from '@crumbtrail/storage';
import { readStackEnv } from '../../deploy/pipeline/stack-env';
import { freePort, type RunningService } from '../../deploy/pipeline/supervisor';
import { launchChromium, watchProblems } from '../../services/dashboard/web/test/browser';
import { startDashboardProcesses } from '../../services/dashboard/web/test/processes';
import { classified, seedMentions } from '../../services/dashboard/web/test/seed';
import { uniqueDbName, uniqueName, waitFor } from '../support';

/**
 * The dashboard as a brand manager uses it, in real headless Chromium: the aggregator and the dashboard run as
 * processes with docker-compose.yml's environment on the local stack; classified mentions (a calm baseline, then a
 * complaint surge that opens an alert) are published to this run's own topic. The browser logs in, reads the chart,
 * filters mentions, triages the inbox, corrects a label, acknowledges the alert, mutes the brand, sees a new mention
 * arrive live and logs out, taking a screenshot of every page (.data/dashboard-screenshots/). The last test fails
 * if any page logged a console error or a request failed.
 */
jest.setTimeout(600_000);

const repoRoot = resolve(__dirname, '..', '..');
const run = uniqueName('dash-web');
const database = uniqueDbName('dash_web');
const topics = { classified: `${run}.classified`, alerts: `${run}.alerts` };
const BRAND = 'acme-cloud';
const OTHER = 'nordlicht-coffee';
const admin = { email: 'admin@crumbtrail.test', password: 'correct horse battery staple' };
/** Screenshots of every page; DASHBOARD_SCREENSHOTS_DIR=services/dashboard/docs refreshes the README's. */
const screenshotDir = resolve(
  repoRoot,
  process.env.DASHBOARD_SCREENSHOTS_DIR ?? join('.data', 'dashboard-screenshots'),
);
/** The viewer's zone in the browser: times on the page must be shown in it, not in UTC. */
const VIEWER_TZ = 'Asia/Tokyo';
const HOSTILE_TEXT = '<img src=x onerror="window.__pwned=1"> Acme Cloud <b>refund</b> now';

const services: RunningService[] = [];
let mongo: MongoClient;
let db: Db;
let producer: Producer;
let kafka: Kafka;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[] = [];
let baseUrl = '';
let seeded: ClassifiedMention[] = [];

function brandsFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dash-web-'));
  const feed = join(dir, 'empty.jsonl');
  writeFileSync(feed, '');
  const brand = (id: string, name: string): Record<string, unknown> => ({
    id,
    name,
    query: id,
    sources: { replay: { schedule: '0 0 1 1 *', file: feed } },
  });
  const file = join(dir, 'brands.yaml');
  writeFileSync(file, stringify({ brands: [brand(BRAND, 'Acme Cloud'), brand(OTHER, 'Nordlicht Coffee')] }));
  return file;
}

async function publish(mentions: ClassifiedMention[]): Promise<void> {
  for (let i = 0; i < mentions.length; i += 500) {
    await producer.send({
      topic: topics.classified,
      messages: mentions.slice(i, i + 500).map((m) => ({ key: m.eventId, value: JSON.stringify(m) })),
    });
  }
}

async function shot(name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  // The page's top 1,400 px: enough to show it, small enough to commit.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({
    path: join(screenshotDir, `${name}.png`),
    fullPage: true,
    clip: { x: 0, y: 0, width: 1280, height: Math.min(height, 1400) },
  });
}

/** A same-origin API call from node with the browser's session cookie (to check what the server stored). */
async function apiWithCookie(path: string, cookie: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { headers: { cookie } });
}

beforeAll(async () => {
  const stack = readStackEnv(repoRoot);
  mongo = await MongoClient.connect(stack.MONGO_URL);
  db = mongo.db(database);
  kafka = new Kafka({ clientId: run, brokers: stack.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const kafkaAdmin = kafka.admin();
  await kafkaAdmin.connect();
  await kafkaAdmin.createTopics({
    topics: [
      { topic: topics.classified, numPartitions: 3 },
      { topic: topics.alerts, numPartitions: 1 },
    ],
    waitForLeaders: true,
  });
  await kafkaAdmin.disconnect();
  producer = kafka.producer();
  await producer.connect();

  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  services.push(
    ...(await startDashboardProcesses({
      repoRoot,
      run,
      brandsFile: brandsFile(),
      database,
      topics,
      port,
      admin,
      logLevel: 'info',
      dashboardEnv: { DASHBOARD_URL: baseUrl },
    })),
  );

  const now = new Date();
  seeded = [
    ...seedMentions({ brand: BRAND, now, run }),
    ...seedMentions({ brand: OTHER, now, run, baselineMinutes: 120, surgeMinutes: 0 }),
    classified(BRAND, `${run}-hostile`, new Date(now.getTime() - 90_000), HOSTILE_TEXT, {
      sentiment: 'negative',
      intent: 'complaint',
      url: 'https://social.example/@mallory/1',
    }),
  ];
  // A javascript: link never reaches the wire (the contract wants a URL); the page refuses it anyway (unit-tested).
  await publish(seeded);
  await waitFor(async () => (await db.collection('mentions').countDocuments()) === seeded.length, {
    timeoutMs: 240_000,
    intervalMs: 500,
    description: `${seeded.length} stored mentions`,
  });
  await waitFor(() => db.collection('alerts').findOne({ brand: BRAND, state: 'open' }), {
    timeoutMs: 180_000,
    intervalMs: 500,
    description: `an open alert for ${BRAND}`,
  });

  // What the poller would have written: one source keeps failing, the other polled a minute ago.
  const minuteAgo = new Date(Date.now() - 60_000);
  await db.collection<SourceStatusDoc>('source_status').insertMany([
    {
      _id: `${BRAND}:replay`,
      brand: BRAND,
      source: 'replay',
      lastPollAt: minuteAgo,
      lastSuccessAt: new Date(Date.now() - 5 * 3_600_000),
      lastErrorAt: minuteAgo,
      lastError: 'HTTP 503 from the source (attempt 5 of 5)',
      consecutiveFailures: 4,
      updatedAt: minuteAgo,
    },
    {
      _id: `${OTHER}:replay`,
      brand: OTHER,
      source: 'replay',
      lastPollAt: minuteAgo,
      lastSuccessAt: minuteAgo,
      consecutiveFailures: 0,
      mentionsLastPoll: 3,
      updatedAt: minuteAgo,
    },
  ]);

  browser = await launchChromium();
  context = await browser.newContext({
    timezoneId: VIEWER_TZ,
    locale: 'en-GB',
    viewport: { width: 1280, height: 900 },
  });
  page = await context.newPage();
  problems = watchProblems(page);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await producer?.disconnect().catch(() => undefined);
  for (const service of services) await service.stop().catch(() => undefined);
  await db?.dropDatabase().catch(() => undefined);
  await mongo?.close();
});

function countInLast24h(brand: string): number {
  const since = Date.now() - 24 * 3_600_000;
  return seeded.filter((m) => m.brand === brand && Date.parse(m.publishedAt) >= since).length;
}

describe('the dashboard in a browser', () => {
  it('logs in and shows every brand on the overview', async () => {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${baseUrl}/`);
    const rows = page.locator('table.overview tbody tr');
    await rows.first().waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-brand')))).toEqual(
      expect.arrayContaining([BRAND, OTHER]),
    );
    // A failing source is called out next to the brand, never shown as a calm brand.
    await expect(page.locator(`tr[data-brand="${BRAND}"] .trouble`).textContent()).resolves.toContain(
      'replay failing',
    );
    await shot('overview');
  });

  it('opens a brand and draws its chart from the stored mentions, with the alert marked', async () => {
    await page.locator(`tr[data-brand="${BRAND}"] th a`).click();
    await page.waitForURL(`${baseUrl}/brands/${BRAND}`);
    await page.locator('.chart__canvas[data-drawn="true"]').waitFor();
    // The chart's numbers, from its data table: every seeded mention of the last 24 h, stacked by sentiment.
    const rows = await page
      .locator('.chart__data tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
      );
    const total = rows.reduce((sum, cells) => sum + Number(cells[1]), 0);
    expect(total).toBe(countInLast24h(BRAND));
    for (const cells of rows) {
      expect(Number(cells[2]) + Number(cells[3]) + Number(cells[4])).toBe(Number(cells[1]));
    }
    const negatives = rows.reduce((sum, cells) => sum + Number(cells[2]), 0);
    expect(negatives).toBe(
      seeded.filter((m) => m.brand === BRAND && m.classification.sentiment.label === 'negative').length,
    );
    expect(Number(await page.locator('.chart__canvas').getAttribute('data-markers'))).toBeGreaterThanOrEqual(
      1,
    );
    await expect(page.locator('[data-stat="mentions"] .stat__value').textContent()).resolves.toBe(
      new Intl.NumberFormat('en').format(countInLast24h(BRAND)),
    );
    // The canvas has really been painted (not blank).
    const painted = await page
      .locator('.chart__canvas canvas')
      .first()
      .evaluate((canvas: HTMLCanvasElement) => {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let colored = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0) colored++;
        return colored;
      });
    expect(painted).toBeGreaterThan(1000);
    await shot('brand');
  });

  it('compares with the previous period and takes a custom period, both kept in the URL', async () => {
    await page.getByLabel('compare with the previous period').check();
    await page.waitForURL(/compare=1/);
    await page.locator('[data-stat="mentions"] .stat__change').waitFor();
    await page.reload();
    await page.locator('[data-stat="mentions"] .stat__change').waitFor();
    expect(await page.getByLabel('compare with the previous period').isChecked()).toBe(true);

    // A custom period: the last six hours, typed in the viewer's zone.
    const local = (ms: number): string =>
      new Intl.DateTimeFormat('sv-SE', {
        timeZone: VIEWER_TZ,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })
        .format(new Date(ms))
        .replace(' ', 'T');
    await page.getByRole('button', { name: 'custom' }).click();
    await page.locator('.range__custom input[name="from"]').fill(local(Date.now() - 6 * 3_600_000));
    await page.locator('.range__custom input[name="to"]').fill(local(Date.now() + 60_000));
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/period=custom/);
    await page.locator('.chart__canvas[data-drawn="true"]').waitFor();
    const from = Date.parse(new URL(page.url()).searchParams.get('from')!);
    expect(Math.abs(from - (Date.now() - 6 * 3_600_000))).toBeLessThan(5 * 60_000);
  });

  it('filters mentions by sentiment and words, renders hostile text as text, pages by cursor', async () => {
    await page.goto(`${baseUrl}/brands/${BRAND}/mentions`);
    await page.locator('article.mention').first().waitFor();
    const firstPage = await page.locator('article.mention').count();
    expect(firstPage).toBe(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await waitFor(async () => (await page.locator('article.mention').count()) > firstPage, {
      description: 'the second page of mentions',
    });
    const ids = await page
      .locator('article.mention')
      .evaluateAll((as) => as.map((a) => a.getAttribute('data-mention-id')));
    expect(new Set(ids).size).toBe(ids.length);

    await page.locator('form.filters select[name="sentiment"]').selectOption('negative');
    await page.locator('form.filters input[name="q"]').fill('refund');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/sentiment=negative/);
    expect(page.url()).toContain('q=refund');
    await waitFor(
      async () => {
        const texts = await page.locator('article.mention .mention__text').allTextContents();
        return texts.length > 0 && texts.every((t) => t.toLowerCase().includes('refund'));
      },
      { description: 'only mentions with "refund"' },
    );
    const sentiments = await page
      .locator('article.mention [data-labels="model"] [data-sentiment]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-sentiment')));
    expect(new Set(sentiments)).toEqual(new Set(['negative']));

    const hostile = page.locator('article.mention', { hasText: 'onerror' });
    await expect(hostile.locator('.mention__text').textContent()).resolves.toBe(HOSTILE_TEXT);
    expect(await hostile.locator('.mention__text img, .mention__text b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // Times are in the viewer's zone (Tokyo, UTC+9), not UTC.
    const hostileSeed = seeded.find((m) => m.text === HOSTILE_TEXT)!;
    const shown = await hostile.locator('.mention__meta time').textContent();
    expect(shown).toBe(
      new Intl.DateTimeFormat('en-GB', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: VIEWER_TZ,
      }).format(new Date(hostileSeed.publishedAt)),
    );
    await expect(hostile.locator('a.mention__link').getAttribute('href')).resolves.toBe(
      'https://social.example/@mallory/1',
    );
    expect(await hostile.locator('a.mention__link').getAttribute('rel')).toContain('noopener');
    await page.reload();
    await page.locator('article.mention').first().waitFor();
    expect(await page.locator('form.filters select[name="sentiment"]').inputValue()).toBe('negative');
    await shot('mentions');
  });

  it('corrects a label; the correction is shown from then on and stored as feedback', async () => {
    const card = page.locator('article.mention').first();
    const id = (await card.getAttribute('data-mention-id'))!;
    await card.getByRole('button', { name: 'Correct label' }).click();
    await card.locator('form.correct select[name="sentiment"]').selectOption('neutral');
    await card.locator('form.correct select[name="intent"]').selectOption('question');
    await card.getByRole('button', { name: 'Save correction' }).click();
    await card.locator('[data-labels="corrected"] [data-sentiment="neutral"]').waitFor();
    await page.goto(`${baseUrl}/brands/${BRAND}/mentions?period=24h`);
    const again = page.locator(`article.mention[data-mention-id="${id}"]`);
    await again.locator('[data-labels="corrected"] [data-intent="question"]').waitFor();
    const feedback = await db.collection('mention_feedback').findOne({ _id: id as never });
    expect(feedback).toMatchObject({
      brand: BRAND,
      corrected: { sentiment: 'neutral', intent: 'question' },
      model: { sentiment: 'negative', version: 'seed-1' },
    });
  });

  it('shows the inbox oldest first and marks items handled, one and in bulk', async () => {
    await page.goto(`${baseUrl}/inbox?brand=${BRAND}`);
    await page.locator('article.mention').first().waitFor();
    const times = await page
      .locator('article.mention .mention__meta time')
      .evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute('datetime')!)));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const openBefore = Number(await page.locator('[data-open-count]').getAttribute('data-open-count'));
    const first = page.locator('article.mention').first();
    const firstId = (await first.getAttribute('data-mention-id'))!;
    await first.getByRole('button', { name: 'Mark handled' }).click();
    await page.locator(`article.mention[data-mention-id="${firstId}"]`).waitFor({ state: 'detached' });
    await waitFor(
      async () =>
        Number(await page.locator('[data-open-count]').getAttribute('data-open-count')) === openBefore - 1,
      {
        description: 'the open count to drop by one',
      },
    );
    const boxes = page.locator('article.mention input[name="select"]');
    const bulkIds = await page
      .locator('article.mention')
      .evaluateAll((as) => as.slice(0, 2).map((a) => a.getAttribute('data-mention-id')!));
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('button', { name: 'Dismiss selected' }).click();
    for (const id of bulkIds)
      await page.locator(`article.mention[data-mention-id="${id}"]`).waitFor({ state: 'detached' });
    await shot('inbox');
    await page.getByRole('button', { name: 'handled', exact: true }).click();
    await page.waitForURL(/state=handled/);
    const handled = page.locator(`article.mention[data-mention-id="${firstId}"]`);
    await handled.waitFor();
    await expect(handled.locator('[data-state-by]').textContent()).resolves.toContain('handled by');
  });

  it('acknowledges the alert with a note and mutes the brand', async () => {
    await page.goto(`${baseUrl}/alerts`);
    const row = page.locator('tr[data-alert-id]').first();
    await row.waitFor();
    await shot('alerts');
    await row.locator('th a').click();
    await page.waitForURL(/\/alerts\/[0-9a-f]{32}$/);
    const alertId = page.url().split('/').pop()!;
    await page.locator('.chart__canvas[data-drawn="true"]').waitFor();
    await page.getByLabel('Note (what you are doing about it)').fill('Status page updated, support on it');
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.locator('[data-acknowledged-by]').waitFor();
    const ack = await db.collection('alert_acks').findOne({ _id: alertId as never });
    expect(ack).toBeTruthy();

    await page.locator('.mute__form select[name="hours"]').selectOption('4');
    await page.locator('.mute__form input[name="note"]').fill('known outage');
    await page.getByRole('button', { name: 'Mute', exact: true }).click();
    const until = await page.locator('[data-muted-until]').getAttribute('data-muted-until');
    const hours = (Date.parse(until!) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(3.9);
    expect(hours).toBeLessThanOrEqual(4);
    const mute = await db.collection('brand_mutes').findOne({ _id: BRAND as never });
    expect(mute).toMatchObject({ note: 'known outage' });
    await shot('alert');
    // The alert's "mentions of the window" link (the email has the same one) lists the window's mentions.
    await page.getByRole('link', { name: 'Mentions of the window' }).click();
    await page.waitForURL(/\/mentions\?from=.*&to=/);
    await page.locator('article.mention').first().waitFor();
    const window = new URL(page.url()).searchParams;
    const times = await page
      .locator('article.mention .mention__meta time')
      .evaluateAll((ts) => ts.map((t) => Date.parse(t.getAttribute('datetime')!)));
    for (const t of times) {
      expect(t).toBeGreaterThanOrEqual(Date.parse(window.get('from')!));
      expect(t).toBeLessThan(Date.parse(window.get('to')!));
    }
    // The mute shows on the brand page too.
    await page.goto(`${baseUrl}/brands/${BRAND}`);
    await page.locator('[data-muted-until]').waitFor();
  });

  it('shows the sources page', async () => {
    await page.goto(`${baseUrl}/sources`);
    await page.locator('h1', { hasText: 'Sources' }).waitFor();
    const failing = page.locator(`tr[data-source="${BRAND}/replay"]`);
    await failing.waitFor();
    expect(await failing.getAttribute('data-state')).toBe('failing');
    await expect(failing.textContent()).resolves.toContain('HTTP 503 from the source');
    expect(await page.locator(`tr[data-source="${OTHER}/replay"]`).getAttribute('data-state')).toBe('ok');
    // Every column says what it shows (a count is not a time).
    await expect(page.locator('table thead th').allTextContents()).resolves.toEqual([
      'Brand / source',
      'State',
      'Last successful poll',
      'Last error',
      'Rate limited until',
      'Mentions / hour (last 24 h)',
      'Mentions in last poll',
    ]);
    await expect(page.locator(`tr[data-source="${OTHER}/replay"] td`).last().textContent()).resolves.toBe(
      '3',
    );
    await shot('sources');
  });

  it('shows a rate-limited source with the time it will be tried again', async () => {
    // What the poller writes when an API holds a source back (services/poller/src/source-status-repo.ts).
    const until = new Date(Math.ceil((Date.now() + 20 * 60_000) / 60_000) * 60_000);
    const statuses = db.collection<SourceStatusDoc>('source_status');
    await statuses.updateOne({ _id: `${OTHER}:replay` }, { $set: { rateLimitedUntil: until } });
    try {
      // The dashboard keeps a source's status for up to 5 s (src/store/freshness.ts): reload until it shows.
      const limited = page.locator(`tr[data-source="${OTHER}/replay"][data-state="rate_limited"]`);
      await waitFor(
        async () => {
          await page.reload();
          await page.locator('tr[data-source]').first().waitFor();
          return (await limited.count()) > 0;
        },
        { timeoutMs: 30_000, intervalMs: 1_000, description: 'the sources page showing the rate limit' },
      );
      const cell = limited.locator('[data-rate-limited-until]');
      expect(await cell.getAttribute('data-rate-limited-until')).toBe(until.toISOString());
      await expect(cell.locator('time').textContent()).resolves.toBe(
        new Intl.DateTimeFormat('en-GB', {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: VIEWER_TZ,
        }).format(until),
      );
    } finally {
      await statuses.updateOne({ _id: `${OTHER}:replay` }, { $unset: { rateLimitedUntil: '' } });
    }
  });

  it('shows the users page to an admin', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.waitForURL(`${baseUrl}/users`);
    await page.locator(`tr[data-user="${admin.email}"]`).waitFor();
    await shot('users');
  });

  it('shows a new mention without a reload', async () => {
    await page.goto(`${baseUrl}/brands/${BRAND}/mentions`);
    await page.locator('article.mention').first().waitFor();
    await page.locator('[data-live="live"]').waitFor();
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    const text = `Live one ${run}: Acme Cloud answered in five minutes, impressive.`;
    await publish([
      classified(BRAND, `${run}-live`, new Date(), text, { sentiment: 'positive', intent: 'praise' }),
    ]);
    await page.locator('article.mention', { hasText: text }).waitFor({ timeout: 60_000 });
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
  });

  it('logs out: the session is gone on the server too', async () => {
    const cookie = (await context.cookies(baseUrl)).map((c) => `${c.name}=${c.value}`).join('; ');
    expect((await apiWithCookie('/api/v1/session', cookie)).status).toBe(200);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${baseUrl}/login`);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await shot('login');
    expect((await apiWithCookie('/api/v1/session', cookie)).status).toBe(401);
  });

  it('logged no console error and had no failed request on any page', () => {
    expect(problems).toEqual([]);
  });
});
