import { alertId, BrandConfig } from '@crumbtrail/contracts';
import { createLogger, createMetricsRegistry } from '@crumbtrail/runtime';
import { MongoClient, type Db } from 'mongodb';
import { requireEnv, uniqueDbName, waitFor } from '../../../test/support';
import { DeferredAlerts } from './deferred-alerts';
import { createNotifierMetrics } from './metrics';
import { flushDeferred, handleAlert, type SendAlertDeps } from './send-alert';
import { SendLedger } from './sends/send-ledger';
import { alertFixture } from './test-support/alert-fixture';
import { SmtpSink } from './test-support/smtp-sink';
import { sinkMailer } from './test-support/stack';

jest.setTimeout(60_000);

const database = uniqueDbName('notifier_quiet');
let client: MongoClient;
let db: Db;
let sink: SmtpSink;
let deps: SendAlertDeps;
let deferred: DeferredAlerts;
let close: () => void;
let now = new Date('2026-11-22T22:30:00Z'); // 23:30 in Berlin

const brand = BrandConfig.parse({
  id: 'acme-cloud',
  name: 'Acme Cloud',
  query: 'acme',
  notify: {
    recipients: ['manager@acme.example'],
    timeZone: 'Europe/Berlin',
    quietHours: { start: '22:00', end: '07:30' },
  },
});

beforeAll(async () => {
  client = await MongoClient.connect(requireEnv('MONGO_URL'));
  db = client.db(database);
  sink = new SmtpSink();
  const port = await sink.listen();
  const mailer = sinkMailer(port);
  close = () => mailer.close();
  deferred = new DeferredAlerts(db);
  await deferred.ensureIndexes();
  deps = {
    ledger: new SendLedger(db),
    mailer,
    brands: new Map([[brand.id, brand]]),
    from: 'Crumbtrail <alerts@crumbtrail.local>',
    metrics: createNotifierMetrics(createMetricsRegistry('quiet-test')),
    logger: createLogger({ service: 'quiet-test', level: 'silent' }),
    clock: () => now,
    smtpRetry: { maxRetries: 0, baseDelayMs: 10, maxDelayMs: 10 },
    deferred,
  };
});

afterAll(async () => {
  close?.();
  await sink?.close();
  await db?.dropDatabase();
  await client?.close();
});

it('holds a warning until the local end of quiet hours, sends a critical alert at once, and each only once', async () => {
  const warning = alertFixture();
  const critical = alertFixture({
    alertId: alertId('acme-cloud', 'volume_spike', new Date('2026-11-22T22:29:00Z')),
    kind: 'volume_spike',
    severity: 'critical',
  });
  expect(await handleAlert(warning, deps)).toEqual({ status: 'ok' });
  expect(await handleAlert(warning, deps)).toEqual({ status: 'ok' }); // redelivered: still one deferred record
  expect(await handleAlert(critical, deps)).toEqual({ status: 'ok' });
  await waitFor(() => sink.messages.length === 1, { description: 'the critical alert' });
  expect(sink.messages[0]!.subject).toContain('[critical]');

  now = new Date('2026-11-23T06:29:00Z'); // 07:29 CET
  expect(await flushDeferred(deferred, deps)).toBe(0);
  now = new Date('2026-11-23T06:30:00Z'); // 07:30 CET
  expect(await flushDeferred(deferred, deps)).toBe(1);
  expect(await flushDeferred(deferred, deps)).toBe(0);
  await waitFor(() => sink.messages.length === 2, { description: 'the held-back warning' });
  expect(sink.messages[1]!.subject).toBe(
    '[Crumbtrail] Acme Cloud: negative mentions up to 70% (usually 9.2%)',
  );
  expect(sink.messages).toHaveLength(2);
});
