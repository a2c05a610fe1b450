import { alertId, type Alert } from '@crumbtrail/contracts';
import { createLogger, type EventProducer } from '@crumbtrail/runtime';
import type { Registry } from 'prom-client';
import { uniqueDbName, uniqueName, waitFor } from '../../../test/support';
import { createNotifierApp, type NotifierApp } from './app';
import { loadNotifierConfig } from './config';
import { alertFixture } from './test-support/alert-fixture';
import { SmtpSink } from './test-support/smtp-sink';
import { dropDatabase, notifierStackEnv, stackProducer, writeBrandsFile } from './test-support/stack';

jest.setTimeout(90_000);

const logger = createLogger({ service: 'notifier-test', level: 'silent' });
const topic = uniqueName('alerts');
const database = uniqueDbName('notifier');
let sink: SmtpSink;
let smtpPort: number;
let producer: EventProducer;
let brandsFile: string;
const apps: NotifierApp[] = [];

function startApp(group: string): NotifierApp {
  const config = loadNotifierConfig({
    ...notifierStackEnv({ database, brandsFile, smtpPort }),
    ALERTS_TOPIC: topic,
    CONSUMER_GROUP: group,
    SEND_RETRY_BASE_MS: '20',
    LOG_LEVEL: 'silent',
  });
  const app = createNotifierApp(config, logger);
  apps.push(app);
  return app;
}

async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val))
    .reduce((sum, v) => sum + v.value, 0);
}

async function publish(alert: Alert): Promise<void> {
  await producer.send(topic, [{ key: alert.brand, value: alert }]);
}

beforeAll(async () => {
  brandsFile = writeBrandsFile('notifier-', [
    'brands:',
    '  - id: acme-cloud',
    '    name: Acme Cloud',
    '    query: acme',
    '    notify:',
    '      recipients: [manager@acme.example]',
  ]);
  sink = new SmtpSink();
  smtpPort = await sink.listen();
  producer = await stackProducer(logger);
});

afterAll(async () => {
  for (const app of apps) await app.stop();
  await producer.disconnect();
  await sink.close();
  await dropDatabase(database);
});

describe('notifier on the real stack', () => {
  const alert = alertFixture();

  it('emails an alert once with its numbers, never again on redelivery, and once when resolved', async () => {
    const app = startApp(uniqueName('notifier'));
    await app.start();
    await publish(alert);
    await waitFor(() => sink.messages.length >= 1, { timeoutMs: 30_000, description: 'the alert email' });
    const [mail] = sink.messages;
    expect(mail!.subject).toBe('[Crumbtrail] Acme Cloud: negative mentions up to 70% (usually 9.2%)');
    expect(mail!.to).toMatchObject({ text: 'manager@acme.example' });
    expect(mail!.text).toContain('189 (70%)');
    expect(mail!.html).toContain('Third outage this week');
    expect(mail!.headers.get('x-crumbtrail-alert-id')).toBe(alert.alertId);

    // The same event again, then the resolution: the partition keeps their order, so once the resolved mail is in,
    // the duplicate has been handled too.
    await publish(alert);
    await publish({ ...alert, state: 'resolved', resolvedAt: '2026-11-22T13:00:00.000Z' });
    await waitFor(() => sink.messages.length >= 2, { timeoutMs: 30_000, description: 'the resolved email' });
    expect(sink.messages[1]!.subject).toBe(
      '[Crumbtrail] Resolved: Acme Cloud negative mentions back to normal',
    );
    expect(
      await metricValue(app.registry, 'crumbtrail_emails_skipped_total', { reason: 'already_sent' }),
    ).toBe(1);
    expect(sink.messages).toHaveLength(2);
  });

  it('a new consumer group replaying the whole topic sends nothing new', async () => {
    const replayer = startApp(uniqueName('notifier-replay'));
    await replayer.start();
    await waitFor(
      async () =>
        (await metricValue(replayer.registry, 'crumbtrail_emails_skipped_total', {
          reason: 'already_sent',
        })) >= 3,
      { timeoutMs: 30_000, description: 'the replay to skip all three events' },
    );
    expect(sink.messages).toHaveLength(2);
    await replayer.stop();
  });

  it('retries when the SMTP server is temporarily unavailable, then delivers once', async () => {
    const app = apps[0]!;
    const failedBefore = await metricValue(app.registry, 'crumbtrail_emails_failed_total', {
      reason: 'transient',
    });
    sink.refuseNext(2);
    const second = alertFixture({
      alertId: alertId('acme-cloud', 'complaint_volume', new Date('2026-11-22T15:00:00Z')),
      kind: 'complaint_volume',
    });
    await publish(second);
    await waitFor(() => sink.messages.length >= 3, { timeoutMs: 30_000, description: 'the retried email' });
    expect(sink.messages[2]!.subject).toContain('201 complaints');
    expect(await metricValue(app.registry, 'crumbtrail_emails_failed_total', { reason: 'transient' })).toBe(
      failedBefore + 2,
    );
    expect(await metricValue(app.registry, 'crumbtrail_email_send_retries_total')).toBeGreaterThanOrEqual(2);
    expect(sink.messages).toHaveLength(3);
  });
});
