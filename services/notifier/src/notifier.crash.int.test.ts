import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createLogger, type EventProducer } from '@crumbtrail/runtime';
import { MongoClient, type Db } from 'mongodb';
import { requireEnv, uniqueDbName, uniqueName, waitFor } from '../../../test/support';
import type { SendRecord } from './sends/send-ledger';
import { alertFixture } from './test-support/alert-fixture';
import { HttpReceiver } from './test-support/http-receiver';
import { SmtpSink } from './test-support/smtp-sink';
import { notifierStackEnv, stackProducer, writeBrandsFile } from './test-support/stack';

/**
 * kill -9 of the notifier process in the middle of an alert's deliveries: Slack done, the Teams request in flight,
 * the webhook not started, the Kafka offset not committed. The restarted process gets the alert again and must
 * deliver the webhook once, and neither Slack nor Teams (nor the email) a second time.
 */
jest.setTimeout(180_000);

const logger = createLogger({ service: 'notifier-crash-test', level: 'silent' });
const topic = uniqueName('alerts-crash');
const group = uniqueName('notifier-crash');
const database = uniqueDbName('notifier_crash');
const main = resolve(__dirname, '..', 'dist', 'main.js');
const brandsFile = writeBrandsFile('notifier-crash-', [
  'brands:',
  '  - id: acme-cloud',
  '    name: Acme Cloud',
  '    query: acme',
  '    notify:',
  '      recipients: [manager@acme.example]',
  '      slack: [{ urlEnv: C_SLACK_URL }]',
  '      teams: [{ urlEnv: C_TEAMS_URL }]',
  '      webhooks: [{ name: ops, urlEnv: C_HOOK_URL, secretEnv: C_HOOK_SECRET }]',
]);
const dir = dirname(brandsFile);
const children: ChildProcess[] = [];
let receiver: HttpReceiver;
let sink: SmtpSink;
let smtpPort: number;
let producer: EventProducer;
let client: MongoClient;
let db: Db;

function startNotifier(run: number): ChildProcess {
  const log = openSync(join(dir, `notifier-${run}.log`), 'w');
  const child = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH,
      ...notifierStackEnv({ database, brandsFile, smtpPort }),
      HTTP_PORT: '0',
      ALERTS_TOPIC: topic,
      CONSUMER_GROUP: group,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      CHANNEL_TIMEOUT_MS: '120000',
      DIGEST_ENABLED: 'false',
      C_SLACK_URL: receiver.url('/c-slack'),
      C_TEAMS_URL: receiver.url('/c-teams'),
      C_HOOK_URL: receiver.url('/c-hook'),
      C_HOOK_SECRET: 'crash-test-signing-secret',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', log, log],
  });
  children.push(child);
  return child;
}

async function ledger(id: string): Promise<SendRecord | null> {
  return db.collection<SendRecord>('email_sends').findOne({ _id: id });
}

beforeAll(async () => {
  receiver = new HttpReceiver();
  await receiver.listen();
  sink = new SmtpSink();
  smtpPort = await sink.listen();
  producer = await stackProducer(logger);
  client = await MongoClient.connect(requireEnv('MONGO_URL'));
  db = client.db(database);
});

afterAll(async () => {
  const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
  const exits = alive.map((c) => new Promise<void>((r) => c.once('exit', () => r())));
  for (const child of alive) child.kill('SIGTERM');
  await Promise.all(exits);
  await producer?.disconnect();
  await receiver?.close();
  await sink?.close();
  await db?.dropDatabase();
  await client?.close();
});

it('delivers exactly once per channel across a kill -9 in the middle of the deliveries', async () => {
  const alert = alertFixture();
  receiver.script('/c-teams', ['hang']);
  const first = startNotifier(1);
  await producer.send(topic, [{ key: alert.brand, value: alert }]);
  await waitFor(() => receiver.to('/c-teams').length === 1, {
    timeoutMs: 60_000,
    description: `the Teams request (log: ${dir}/notifier-1.log)`,
  });
  expect((await ledger(`${alert.alertId}:open:slack:default`))?.state).toBe('sent');
  expect(sink.messages).toHaveLength(1);
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));

  startNotifier(2);
  await waitFor(() => receiver.to('/c-hook').length === 1, {
    timeoutMs: 90_000,
    description: `the webhook after the restart (log: ${dir}/notifier-2.log)`,
  });
  await waitFor(async () => (await ledger(`${alert.alertId}:open:webhook:ops`))?.state === 'sent', {
    timeoutMs: 10_000,
    description: 'the webhook marked sent',
  });
  expect(receiver.to('/c-slack')).toHaveLength(1);
  expect(receiver.to('/c-teams')).toHaveLength(1);
  expect(sink.messages).toHaveLength(1);
  // In doubt (the request may have arrived): left pending, never resent automatically.
  expect((await ledger(`${alert.alertId}:open:teams:default`))?.state).toBe('pending');
});
