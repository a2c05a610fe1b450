import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BrandMutes } from '@crumbtrail/alert-actions';
import { alertId, type Alert } from '@crumbtrail/contracts';
import {
  createKafka,
  createLogger,
  createProducer,
  kafkaConnectionFrom,
  type EventProducer,
} from '@crumbtrail/runtime';
import type { Consumer } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { requireEnv, uniqueDbName, uniqueName, waitFor } from '../../../test/support';
import { createNotifierApp, type NotifierApp } from './app';
import { verifyWebhook } from './channels/webhook';
import { loadNotifierConfig } from './config';
import type { SendRecord } from './sends/send-ledger';
import { alertFixture } from './test-support/alert-fixture';
import { HttpReceiver } from './test-support/http-receiver';
import { SmtpSink } from './test-support/smtp-sink';
import { notifierStackEnv, writeBrandsFile } from './test-support/stack';

jest.setTimeout(120_000);

const logger = createLogger({ service: 'notifier-channels-test', level: 'silent' });
const topic = uniqueName('alerts-channels');
const database = uniqueDbName('notifier_channels');
const SECRET = 'a-webhook-signing-secret-for-tests';
const HOSTILE =
  '<!channel> <@U123> <https://evil.example|refund here> *bold* [x](https://evil.example) <at>Boss</at>';

let receiver: HttpReceiver;
let sink: SmtpSink;
let producer: EventProducer;
let app: NotifierApp;
let client: MongoClient;
let db: Db;
let dlqConsumer: Consumer;
const deadLetters: { headers: Record<string, string>; value: Alert }[] = [];

function brandsYaml(): string[] {
  return [
    'brands:',
    '  - id: acme-cloud',
    '    name: Acme Cloud',
    '    query: acme',
    '    notify:',
    '      recipients: [manager@acme.example]',
    '      timeZone: Europe/Berlin',
    '      slack: [{ urlEnv: T_SLACK_URL }]',
    '      teams: [{ name: ops, urlEnv: T_TEAMS_URL }]',
    '      webhooks: [{ name: pager, urlEnv: T_HOOK_URL, secretEnv: T_HOOK_SECRET }]',
    '  - id: beta',
    '    name: Beta',
    '    query: beta',
    '    notify:',
    '      webhooks:',
    '        - { name: gone, urlEnv: T_GONE_URL, secretEnv: T_HOOK_SECRET }',
    '        - { name: broken, urlEnv: T_BROKEN_URL, secretEnv: T_HOOK_SECRET }',
    '  - id: gamma',
    '    name: Gamma',
    '    query: gamma',
    '    notify:',
    '      recipients: [g@gamma.example]',
    '      slack: [{ urlEnv: T_GAMMA_SLACK_URL }]',
  ];
}

async function publish(alert: Alert): Promise<void> {
  await producer.send(topic, [{ key: alert.brand, value: alert }]);
}

async function ledger(id: string): Promise<SendRecord | null> {
  return db.collection<SendRecord>('email_sends').findOne({ _id: id });
}

const acme = alertFixture({
  samples: [{ ...alertFixture().samples[0]!, text: HOSTILE }, ...alertFixture().samples.slice(1)],
});

beforeAll(async () => {
  receiver = new HttpReceiver();
  await receiver.listen();
  sink = new SmtpSink();
  const smtpPort = await sink.listen();
  const brandsFile = writeBrandsFile('notifier-channels-', brandsYaml());
  const dir = dirname(brandsFile);
  writeFileSync(join(dir, 'secret'), SECRET);
  const config = loadNotifierConfig({
    ...notifierStackEnv({ database, brandsFile, smtpPort }),
    ALERTS_TOPIC: topic,
    CONSUMER_GROUP: uniqueName('notifier-channels'),
    CHANNEL_MAX_ATTEMPTS: '3',
    CHANNEL_RETRY_BASE_MS: '20',
    DASHBOARD_URL: 'http://dashboard.test',
    LOG_LEVEL: 'silent',
  });
  const kafka = createKafka(kafkaConnectionFrom({ KAFKA_BROKERS: [requireEnv('KAFKA_BROKERS')] }), logger);
  producer = await createProducer(kafka, logger);
  app = createNotifierApp(config, logger, {
    env: {
      T_SLACK_URL: receiver.url('/slack'),
      T_TEAMS_URL: receiver.url('/teams'),
      T_HOOK_URL: receiver.url('/hook'),
      T_HOOK_SECRET_FILE: join(dir, 'secret'),
      T_GONE_URL: receiver.url('/gone'),
      T_BROKEN_URL: receiver.url('/broken'),
      T_GAMMA_SLACK_URL: receiver.url('/gamma-slack'),
    },
  });
  await app.start();
  client = await MongoClient.connect(requireEnv('MONGO_URL'));
  db = client.db(database);
  dlqConsumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
  await dlqConsumer.connect();
  await dlqConsumer.subscribe({ topic: `${topic}.dlq`, fromBeginning: true });
  await dlqConsumer.run({
    eachMessage: ({ message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      deadLetters.push({ headers, value: JSON.parse(String(message.value)) as Alert });
      return Promise.resolve();
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await dlqConsumer?.disconnect();
  await producer?.disconnect();
  await receiver?.close();
  await sink?.close();
  await db?.dropDatabase();
  await client?.close();
});

describe('Slack, Teams and webhooks on the real stack', () => {
  it('delivers one alert to every channel, retrying 5xx and 429 (after Retry-After), signed and escaped', async () => {
    receiver.script('/slack', [
      { status: 503, body: 'busy' },
      { status: 429, headers: { 'Retry-After': '1' } },
    ]);
    await publish(acme);
    await waitFor(() => receiver.to('/hook').length >= 1 && sink.messages.length >= 1, {
      timeoutMs: 30_000,
      description: 'the webhook and the email',
    });
    const slack = receiver.to('/slack');
    expect(slack).toHaveLength(3);
    expect(slack[2]!.at - slack[1]!.at).toBeGreaterThanOrEqual(950); // Retry-After: 1 honoured
    expect(receiver.to('/teams')).toHaveLength(1);

    const slackBody = JSON.parse(slack[2]!.body) as { text: string; blocks: { type: string }[] };
    expect(slackBody.text).toBe('Acme Cloud: negative mentions up to 70% (usually 9.2%)');
    expect(slackBody.blocks[0]!.type).toBe('header');
    expect(slack[2]!.body).not.toContain('<!channel>');
    expect(slack[2]!.body).toContain(
      '&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|refund here&gt;',
    );
    expect(slack[2]!.body).toContain('Sun 22 Nov, 11:15–12:00 CET');

    const teams = JSON.parse(receiver.to('/teams')[0]!.body) as {
      attachments: { content: { type: string } }[];
    };
    expect(teams.attachments[0]!.content.type).toBe('AdaptiveCard');
    expect(receiver.to('/teams')[0]!.body).toContain(JSON.stringify({ type: 'TextRun', text: HOSTILE }));

    const hook = receiver.to('/hook')[0]!;
    const body = JSON.parse(hook.body) as { deliveryId: string; event: Alert; link: string };
    expect(body.event).toEqual(acme);
    expect(body.link).toBe(`http://dashboard.test/alerts/${acme.alertId}`);
    expect(hook.headers['x-crumbtrail-delivery']).toBe(body.deliveryId);
    const headers = {
      timestamp: hook.headers['x-crumbtrail-timestamp'] as string,
      signature: hook.headers['x-crumbtrail-signature'] as string,
    };
    expect(verifyWebhook(SECRET, headers, hook.body, new Date())).toBe(true);
    expect(verifyWebhook('another-secret-of-some-length', headers, hook.body, new Date())).toBe(false);

    const mail = sink.messages[0]!;
    const unsubscribe = mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\s+/g, ' ');
    expect(unsubscribe).toMatch(/^List-Unsubscribe: <mailto:alerts@crumbtrail\.local\?subject=unsubscribe/);
    expect(mail.text).toContain('Open the alert: http://dashboard.test/alerts/');
    expect((await ledger(`${acme.alertId}:open:slack:default`))?.state).toBe('sent');
  });

  it('sends nothing again for the same state, and once more per channel when resolved', async () => {
    await publish(acme);
    await publish({ ...acme, state: 'resolved', resolvedAt: '2026-11-22T13:00:00.000Z' });
    await waitFor(() => receiver.to('/hook').length >= 2, {
      timeoutMs: 30_000,
      description: 'the resolved webhook',
    });
    await waitFor(() => sink.messages.length >= 2, { timeoutMs: 30_000, description: 'the resolved email' });
    expect(receiver.to('/slack')).toHaveLength(4);
    expect(receiver.to('/teams')).toHaveLength(2);
    expect(receiver.to('/hook')).toHaveLength(2);
    expect((JSON.parse(receiver.to('/hook')[1]!.body) as { event: Alert }).event.state).toBe('resolved');
    expect(sink.messages).toHaveLength(2);
  });

  it('does not retry a 4xx, gives up after the last 5xx, and dead-letters both with the reason', async () => {
    receiver.script('/gone', [], { status: 410, body: 'this webhook was deleted' });
    receiver.script('/broken', [], { status: 500, body: 'boom' });
    const beta = alertFixture({
      brand: 'beta',
      alertId: alertId('beta', 'negative_share', new Date('2026-11-22T11:00:00Z')),
    });
    await publish(beta);
    await waitFor(() => deadLetters.filter((d) => d.value.brand === 'beta').length >= 2, {
      timeoutMs: 30_000,
      description: 'two dead letters',
    });
    expect(receiver.to('/gone')).toHaveLength(1);
    expect(receiver.to('/broken')).toHaveLength(3);
    const byEndpoint: Record<string, (typeof deadLetters)[number]> = Object.fromEntries(
      deadLetters.filter((d) => d.value.brand === 'beta').map((d) => [d.headers['x-crumbtrail-endpoint'], d]),
    );
    expect(byEndpoint.gone!.headers).toMatchObject({
      'x-dlq-error-kind': 'rejected',
      'x-dlq-reason': 'webhook:gone: HTTP 410: this webhook was deleted',
      'x-dlq-attempts': '1',
    });
    expect(byEndpoint.broken!.headers).toMatchObject({
      'x-dlq-error-kind': 'retries_exhausted',
      'x-dlq-reason': 'webhook:broken: HTTP 500: boom (after 3 attempts)',
      'x-dlq-attempts': '3',
    });
    expect(byEndpoint.broken!.value).toEqual(beta);
    expect(await ledger(`${beta.alertId}:open:webhook:gone`)).toMatchObject({ state: 'rejected' });
    expect(await ledger(`${beta.alertId}:open:webhook:broken`)).toMatchObject({
      state: 'dead',
      error: 'HTTP 500: boom (after 3 attempts)',
    });
  });

  it('sends nothing for a muted brand and records the skip', async () => {
    await new BrandMutes(db).mute(
      { brand: 'gamma', until: new Date(Date.now() + 3_600_000), by: 'email:g@gamma.example' },
      new Date(),
    );
    const gamma = alertFixture({
      brand: 'gamma',
      alertId: alertId('gamma', 'negative_share', new Date('2026-11-22T11:00:00Z')),
    });
    await publish(gamma);
    await waitFor(async () => (await ledger(`${gamma.alertId}:open:slack:default`))?.state === 'muted', {
      timeoutMs: 30_000,
      description: 'the muted skip in the ledger',
    });
    expect(await ledger(`${gamma.alertId}:open:g@gamma.example`)).toMatchObject({ state: 'muted' });
    expect(receiver.to('/gamma-slack')).toHaveLength(0);
    expect(sink.messages.filter((m) => m.subject?.includes('Gamma'))).toHaveLength(0);
  });
});
