import { sourceHealthEventId } from '@crumbtrail/contracts';
import { createLogger, type EventProducer } from '@crumbtrail/runtime';
import { uniqueDbName, uniqueName, waitFor } from '../../../../test/support';
import { createNotifierApp, type NotifierApp } from '../app';
import { loadNotifierConfig } from '../config';
import { SmtpSink } from '../test-support/smtp-sink';
import { sourceDownFixture } from '../test-support/source-health-fixture';
import { dropDatabase, notifierStackEnv, stackProducer, writeBrandsFile } from '../test-support/stack';

jest.setTimeout(90_000);

const logger = createLogger({ service: 'notifier-ops-test', level: 'silent' });
const topic = uniqueName('sources-health');
const database = uniqueDbName('notifier_ops');
let sink: SmtpSink;
let producer: EventProducer;
let app: NotifierApp | undefined;

beforeAll(async () => {
  const brandsFile = writeBrandsFile('notifier-ops-', [
    'brands:',
    '  - id: acme',
    '    name: Acme',
    '    query: acme',
  ]);
  sink = new SmtpSink();
  const smtpPort = await sink.listen();
  producer = await stackProducer(logger);
  const config = loadNotifierConfig({
    ...notifierStackEnv({ database, brandsFile, smtpPort }),
    ALERTS_TOPIC: uniqueName('alerts'),
    CONSUMER_GROUP: uniqueName('notifier'),
    OPS_EMAIL: 'ops@crumbtrail.test',
    SOURCE_HEALTH_TOPIC: topic,
    LOG_LEVEL: 'silent',
  });
  app = createNotifierApp(config, logger);
  await app.start();
});

afterAll(async () => {
  await app?.stop();
  await producer?.disconnect();
  await sink?.close();
  await dropDatabase(database);
});

it('emails OPS_EMAIL when a source goes down and when it recovers', async () => {
  const down = sourceDownFixture();
  await producer.send(topic, [{ key: 'acme', value: down }]);
  await producer.send(topic, [
    {
      key: 'acme',
      value: {
        ...down,
        event: 'source_recovered',
        eventId: sourceHealthEventId('acme', 'rss', 'source_recovered', down.failingSince),
        at: '2025-06-01T12:05:00.000Z',
      },
    },
  ]);
  await waitFor(() => sink.messages.length >= 2, { timeoutMs: 30_000, description: 'two ops emails' });
  expect(sink.messages.map((m) => [m.subject, m.to && 'text' in m.to ? m.to.text : undefined])).toEqual([
    ['[Crumbtrail ops] acme: rss is down (nothing usable read in 3 polls)', 'ops@crumbtrail.test'],
    ['[Crumbtrail ops] acme: rss recovered', 'ops@crumbtrail.test'],
  ]);
  expect(sink.messages[0]!.text).toContain('Reason:        not an RSS or Atom feed');
  const health = await app!.health();
  expect(health.find((c) => c.name === 'source-health consumer')?.healthy).toBe(true);
});
