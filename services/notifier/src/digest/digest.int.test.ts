import { BrandConfig } from '@crumbtrail/contracts';
import { createLogger } from '@crumbtrail/runtime';
import { MongoClient, type Db } from 'mongodb';
import { requireEnv, uniqueDbName, waitFor } from '../../../../test/support';
import { SendLedger } from '../sends/send-ledger';
import type { Mailer } from '../send-alert';
import { alertFixture } from '../test-support/alert-fixture';
import { SmtpSink } from '../test-support/smtp-sink';
import { sinkMailer } from '../test-support/stack';
import { AlertLog } from './alert-log';
import { DigestRunner } from './digest-runner';
import { HourRollupsReader } from './rollups-read';
import { startDigestScheduler, type CronLike } from './scheduler';

jest.setTimeout(60_000);

const logger = createLogger({ service: 'digest-test', level: 'silent' });
const database = uniqueDbName('notifier_digest');
const H = 3_600_000;
let client: MongoClient;
let db: Db;
let sink: SmtpSink;
let mailer: Mailer & { close(): void };
let now = new Date('2026-03-28T06:59:00Z');

const brand = BrandConfig.parse({
  id: 'acme-cloud',
  name: 'Acme Cloud',
  query: 'acme',
  notify: {
    recipients: ['manager@acme.example'],
    dailyDigest: true,
    timeZone: 'Europe/Berlin',
    digest: { hour: 8 },
  },
});
const quietBrand = BrandConfig.parse({
  id: 'quiet',
  name: 'Quiet Co',
  query: 'quiet',
  notify: { recipients: ['q@quiet.example'], dailyDigest: true, digest: { hour: 8, sendWhenQuiet: true } },
});
const silentBrand = BrandConfig.parse({
  id: 'silent',
  name: 'Silent Co',
  query: 'silent',
  notify: { recipients: ['s@silent.example'], dailyDigest: true },
});

function runner(): DigestRunner {
  return new DigestRunner({
    brands: [brand, quietBrand, silentBrand],
    rollups: new HourRollupsReader(db),
    alertLog: new AlertLog(db),
    ledger: new SendLedger(db, 'digest_sends'),
    mailer,
    from: 'Crumbtrail <alerts@crumbtrail.local>',
    clock: () => now,
    logger,
    dashboardUrl: 'https://dash.example',
  });
}

beforeAll(async () => {
  client = await MongoClient.connect(requireEnv('MONGO_URL'));
  db = client.db(database);
  sink = new SmtpSink();
  const port = await sink.listen();
  mailer = sinkMailer(port);
  // Every hour from 26 to 30 March: 10 mentions, 1 negative; the evening of the 28th: 50 mentions, 30 negative.
  const docs = [];
  for (let t = Date.parse('2026-03-26T00:00:00Z'); t < Date.parse('2026-03-30T00:00:00Z'); t += H) {
    const surge = t >= Date.parse('2026-03-28T20:00:00Z') && t < Date.parse('2026-03-29T00:00:00Z');
    const bucket = new Date(t);
    docs.push({
      _id: `acme-cloud|${bucket.toISOString()}`,
      brand: 'acme-cloud',
      bucket,
      total: surge ? 50 : 10,
      sentiment: { negative: surge ? 30 : 1, neutral: surge ? 20 : 9 },
      intent: { complaint: surge ? 25 : 1, question: 2 },
      complaints: surge ? 25 : 1,
      sources: { mastodon: surge ? 40 : 6, reddit: surge ? 10 : 4 },
      scoreSum: surge ? -20 : 1,
    });
  }
  await db.collection('rollups_hour').insertMany(docs as never[]);
  await new AlertLog(db).record(
    alertFixture({ openedAt: '2026-03-28T21:00:00.000Z', topTerms: [{ term: 'outage', count: 30 }] }),
  );
});

afterAll(async () => {
  mailer?.close();
  await sink?.close();
  await db?.dropDatabase();
  await client?.close();
});

const acmeMails = () => sink.messages.filter((m) => m.subject?.includes('Acme Cloud'));

describe('daily digest with an injected clock across the spring DST change (Europe/Berlin)', () => {
  it('sends at 08:00 local, once per period, also across a restart', async () => {
    now = new Date('2026-03-28T06:59:00Z'); // 07:59 CET: yesterday's digest is more than 12 h late: skipped
    expect(await runner().tick([{ brand, kind: 'daily', hour: 8, timeZone: 'Europe/Berlin' }])).toBe(0);
    now = new Date('2026-03-28T07:00:00Z'); // 08:00 CET
    expect(await runner().tick([{ brand, kind: 'daily', hour: 8, timeZone: 'Europe/Berlin' }])).toBe(1);
    now = new Date('2026-03-28T07:30:00Z');
    expect(await runner().tick([{ brand, kind: 'daily', hour: 8, timeZone: 'Europe/Berlin' }])).toBe(0);
    await waitFor(() => acmeMails().length === 1, { description: 'the first digest' });
    const first = acmeMails()[0]!;
    expect(first.subject).toBe('[Crumbtrail] Acme Cloud daily digest: 240 mentions, 10% negative');
    expect(first.text).toContain('Acme Cloud: daily digest, Fri 27 Mar, 08:00 – Sat 28 Mar, 08:00 CET');
  });

  it('covers 23 hours on the day clocks go forward, and compares with the day before', async () => {
    now = new Date('2026-03-29T05:59:00Z'); // 07:59 CEST: the 28th's digest went already
    expect(await runner().tick()).toBe(0);
    now = new Date('2026-03-29T06:00:00Z'); // 08:00 CEST, one hour earlier in UTC than the day before
    expect(await runner().tick()).toBe(1);
    await waitFor(() => acmeMails().length === 2, { description: 'the second digest' });
    const second = acmeMails()[1]!;
    // 23 hours: 19 calm ones (10 mentions, 1 negative) and the 4-hour surge (50, 30)
    expect(second.subject).toBe('[Crumbtrail] Acme Cloud daily digest: 390 mentions, 36% negative');
    expect(second.text).toContain('Sat 28 Mar, 08:00 – Sun 29 Mar, 08:00 CEST');
    expect(second.text).toContain(
      '390 mentions (+63% on the day before), 36% negative (was 10%), 119 complaints and 46 questions; 1 alert.',
    );
    expect(second.text).toContain('Top complaint themes: outage (30)');
    expect(second.text).toContain(
      'Sat 28 Mar, 22:00 CET: negative share, 270 mentions, 70% negative, still open',
    );
    expect(second.text).toMatch(/Last 24 hours, mentions [▁▂▃▄▅▆▇█]{24}/);
    expect(second.html).toContain(`href="https://dash.example/alerts/${alertFixture().alertId}"`);
    expect(second.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(true);
  });

  it('sends "all quiet" for an empty period only when the brand asks for it', async () => {
    now = new Date('2026-03-29T08:00:00Z'); // 08:00 UTC: the two UTC brands are due, both without data
    expect(await runner().tick()).toBe(1);
    await waitFor(() => sink.messages.some((m) => m.subject?.includes('Quiet Co')), {
      description: 'all quiet',
    });
    const quiet = sink.messages.find((m) => m.subject?.includes('Quiet Co'))!;
    expect(quiet.subject).toBe('[Crumbtrail] Quiet Co daily digest: all quiet');
    expect(quiet.text).toContain('All quiet: no mentions of Quiet Co in the day to Sun 29 Mar, 08:00 UTC.');
    expect(sink.messages.some((m) => m.subject?.includes('Silent Co'))).toBe(false);
    expect(acmeMails()).toHaveLength(2);
  });

  it('registers one node-cron job per digest in the brand time zone, whose run sends the due digest', async () => {
    const jobs: { expression: string; fn: () => void; options: { timezone: string; name: string } }[] = [];
    const fakeCron: CronLike = {
      schedule: (expression, fn, options) => {
        jobs.push({ expression, fn, options });
        return { stop: () => undefined };
      },
    };
    now = new Date('2026-03-30T06:00:00Z'); // Monday 08:00 CEST
    const weekly = BrandConfig.parse({
      ...brand,
      notify: { ...brand.notify, digest: { hour: 8, weekly: 'mon' } },
    });
    const scheduler = startDigestScheduler(runner(), [weekly], logger, fakeCron);
    expect(jobs.map((j) => [j.expression, j.options])).toEqual([
      ['0 8 * * *', { timezone: 'Europe/Berlin', name: 'digest:daily:acme-cloud' }],
      ['0 8 * * 1', { timezone: 'Europe/Berlin', name: 'digest:weekly:acme-cloud' }],
    ]);
    // The start-up catch-up tick sends the 30th's daily digest (and the weekly one, built from the same rollups).
    await waitFor(() => acmeMails().length === 3, { description: 'the catch-up digest' });
    jobs[0]!.fn();
    jobs[1]!.fn();
    await waitFor(() => acmeMails().length >= 4, { description: 'the weekly digest' });
    const subjects = acmeMails().map((m) => m.subject);
    expect(subjects.filter((s) => s?.includes('weekly digest'))).toHaveLength(1);
    expect(subjects.filter((s) => s?.includes('daily digest'))).toHaveLength(3);
    await scheduler.stop();
  });
});
