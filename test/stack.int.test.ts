// The local stack really works: Kafka (topics, produce, consume in a group), the MongoDB-wire server (CRUD, unique
// index errors) and the mail catcher (SMTP in, HTTP out).
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { MongoClient, MongoServerError } from 'mongodb';
import nodemailer from 'nodemailer';
import { listMail, requireEnv, uniqueName, waitFor } from './support';

jest.setTimeout(60_000);

describe('local stack', () => {
  describe('Kafka', () => {
    const kafka = new Kafka({
      clientId: 'stack-int-test',
      brokers: requireEnv('KAFKA_BROKERS').split(','),
      logLevel: logLevel.NOTHING,
    });
    const topic = uniqueName('stack-int');
    let producer: Producer | undefined;
    let consumer: Consumer | undefined;

    afterAll(async () => {
      await consumer?.disconnect();
      await producer?.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    });

    it('creates a topic, then delivers a produced message to a consumer group', async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        expect(
          await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true }),
        ).toBe(true);
        const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
        expect(metadata?.partitions).toHaveLength(3);
      } finally {
        await admin.disconnect();
      }

      producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      const value = JSON.stringify({ hello: uniqueName('payload') });
      await producer.send({ topic, acks: -1, messages: [{ key: 'k1', value }] });

      const received: { key: string | undefined; value: string | undefined }[] = [];
      consumer = kafka.consumer({ groupId: uniqueName('stack-int-group') });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          received.push({ key: message.key?.toString(), value: message.value?.toString() });
          return Promise.resolve();
        },
      });
      const got = await waitFor(() => received[0], {
        timeoutMs: 30_000,
        description: 'the produced message',
      });
      expect(got).toEqual({ key: 'k1', value });
    });
  });

  describe('MongoDB-wire server', () => {
    const client = new MongoClient(requireEnv('MONGO_URL'));
    const db = client.db(uniqueName('stack-int'));

    afterAll(async () => {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    });

    it('applies concurrent $inc from several connections to one document atomically, as MongoDB does', async () => {
      // Two aggregators add to one (brand, hour) rollup at once; an unpatched FerretDB lost some of such updates.
      const counters = db.collection<{ _id: string; n: number }>('counters');
      await counters.insertOne({ _id: 'hour', n: 0 });
      const clients = await Promise.all(
        [0, 1, 2].map(() => MongoClient.connect(requireEnv('MONGO_URL'), { maxPoolSize: 20 })),
      );
      try {
        const perClient = 150;
        await Promise.all(
          clients.flatMap((c) =>
            Array.from({ length: perClient }, () =>
              c
                .db(db.databaseName)
                .collection<{ _id: string; n: number }>('counters')
                .updateOne({ _id: 'hour' }, { $inc: { n: 1 } }),
            ),
          ),
        );
        expect(await counters.findOne({ _id: 'hour' })).toEqual({
          _id: 'hour',
          n: clients.length * perClient,
        });
      } finally {
        await Promise.all(clients.map((c) => c.close()));
      }
    });

    it('stores and finds documents and rejects unique index duplicates with code 11000', async () => {
      const items = db.collection<{ _id: string; brand: string; n: number }>('items');
      await items.createIndex({ brand: 1, n: 1 }, { unique: true });
      await items.insertMany([
        { _id: 'a', brand: 'acme', n: 1 },
        { _id: 'b', brand: 'acme', n: 2 },
      ]);
      expect(await items.find({ brand: 'acme' }).sort({ n: -1 }).toArray()).toEqual([
        { _id: 'b', brand: 'acme', n: 2 },
        { _id: 'a', brand: 'acme', n: 1 },
      ]);

      const duplicate = await items.insertOne({ _id: 'c', brand: 'acme', n: 1 }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(duplicate).toBeInstanceOf(MongoServerError);
      expect((duplicate as MongoServerError).code).toBe(11000);
      expect(await items.countDocuments()).toBe(2);
    });
  });

  describe('mail catcher', () => {
    it('accepts mail over SMTP and serves it over HTTP', async () => {
      const transport = nodemailer.createTransport({
        host: requireEnv('SMTP_HOST'),
        port: Number(requireEnv('SMTP_PORT')),
        secure: false,
        ignoreTLS: true,
        auth: { user: 'any', pass: 'thing' },
      });
      const to = `${uniqueName('ops')}@example.test`;
      const subject = `stack check ${uniqueName('subject')}`;
      try {
        await transport.sendMail({
          from: 'crumbtrail@example.test',
          to,
          subject,
          text: 'plain body',
          html: '<p>html body</p>',
        });
      } finally {
        transport.close();
      }

      const [message] = await waitFor(
        async () => {
          const found = await listMail({ to });
          return found.length > 0 ? found : undefined;
        },
        { description: 'the caught message' },
      );
      expect(message).toMatchObject({ from: 'crumbtrail@example.test', to: [to], subject });
      expect(message?.text.trim()).toBe('plain body');
      expect(message?.html).toContain('<p>html body</p>');

      const one = await fetch(new URL(`messages/${message!.id}`, requireEnv('MAIL_UI_URL')));
      expect(one.status).toBe(200);
      expect(await one.json()).toEqual(message);
      const page = await fetch(new URL(`messages/${message!.id}/html`, requireEnv('MAIL_UI_URL')));
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('<p>html body</p>');
    });
  });
});
