import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createKafka,
  createProducer,
  kafkaConnectionFrom,
  type EventProducer,
  type Logger,
} from '@crumbtrail/runtime';
import { MongoClient } from 'mongodb';
import { requireEnv } from '../../../../test/support';
import { loadNotifierConfig } from '../config';
import { createSmtpMailer } from '../mailer';

/** Writes brands.yaml (these lines) into a new temporary folder named after `prefix`; returns the file's path. */
export function writeBrandsFile(prefix: string, lines: readonly string[]): string {
  const brandsFile = join(mkdtempSync(join(tmpdir(), prefix)), 'brands.yaml');
  writeFileSync(brandsFile, lines.join('\n'));
  return brandsFile;
}

/** A producer on the local stack's Kafka, for the events a test feeds the notifier. */
export function stackProducer(logger: Logger): Promise<EventProducer> {
  return createProducer(
    createKafka(kafkaConnectionFrom({ KAFKA_BROKERS: [requireEnv('KAFKA_BROKERS')] }), logger),
    logger,
  );
}

/** The variables every notifier on the local stack needs: Kafka, MongoDB (the test's database), brands, SMTP sink. */
export function notifierStackEnv(options: {
  database: string;
  brandsFile: string;
  smtpPort: number;
}): Record<string, string> {
  return {
    KAFKA_BROKERS: requireEnv('KAFKA_BROKERS'),
    MONGO_URL: requireEnv('MONGO_URL'),
    MONGO_DB: options.database,
    BRANDS_FILE: options.brandsFile,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(options.smtpPort),
  };
}

/** The notifier's SMTP mailer sending to a test's SMTP sink (Kafka, MongoDB and brands are unused dummies). */
export function sinkMailer(smtpPort: number): ReturnType<typeof createSmtpMailer> {
  return createSmtpMailer(
    loadNotifierConfig({
      KAFKA_BROKERS: '127.0.0.1:1',
      MONGO_URL: 'mongodb://127.0.0.1:1',
      BRANDS_FILE: '/dev/null',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
    }),
  );
}

/** Drops a test's database on the local stack. */
export async function dropDatabase(database: string): Promise<void> {
  const client = await MongoClient.connect(requireEnv('MONGO_URL'));
  try {
    await client.db(database).dropDatabase();
  } finally {
    await client.close();
  }
}
