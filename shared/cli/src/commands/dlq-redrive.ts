import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ClassifiedMention, DLQ_HEADERS, RawMention, TOPICS } from '@crumbtrail/contracts';
import {
  createKafka,
  createLogger,
  createProducer,
  headersToStrings,
  kafkaConnectionFrom,
  kafkaEnv,
  loadConfig,
  type Kafka,
  type OutgoingMessage,
} from '@crumbtrail/runtime';

export const DLQ_USAGE = `dlq redrive --topic <dlq topic> [--fix-file <fixed.jsonl>] [--schema raw|classified] [--dry-run]
    Re-publishes dead-lettered messages to the topic they came from (header ${DLQ_HEADERS.sourceTopic}).
    Reads the DLQ from its start to its end at the time the command starts (a throwaway consumer group, no
    offsets kept). A message is re-published only if its value, or the corrected line for its key in
    --fix-file (JSON lines, one event each, matched by eventId), now validates against the source topic's
    schema (--schema, default: classified for *.classified* topics, else raw); everything else is skipped and
    counted by reason. Re-publishing twice is harmless: consumers collapse events by eventId.
    Kafka from KAFKA_BROKERS (and the other KAFKA_* variables).`;

export interface RedriveOptions {
  kafka: Kafka;
  dlqTopic: string;
  /** eventId -> corrected event. */
  fixes?: Map<string, unknown>;
  schema?: 'raw' | 'classified';
  dryRun?: boolean;
  /** Give up waiting for the DLQ's end after this long (default 60 s). */
  timeoutMs?: number;
}

export interface RedriveResult {
  read: number;
  republished: number;
  fixed: number;
  skipped: Record<string, number>;
  /** Messages re-published per target topic. */
  targets: Record<string, number>;
}

const SCHEMAS: Record<'raw' | 'classified', z.ZodType> = { raw: RawMention, classified: ClassifiedMention };

function schemaFor(topic: string, override?: 'raw' | 'classified'): z.ZodType {
  if (override) return SCHEMAS[override];
  return topic === TOPICS.mentionsClassified.name || topic.includes('classified')
    ? SCHEMAS.classified
    : SCHEMAS.raw;
}

/** Reads a JSON-lines file of corrected events into eventId -> event; names the line of any bad entry. */
export function readFixFile(path: string): Map<string, unknown> {
  const fixes = new Map<string, unknown>();
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        throw new Error(`${path}:${index + 1}: not JSON (${(err as Error).message})`);
      }
      const id = (value as { eventId?: unknown } | null)?.eventId;
      if (typeof id !== 'string')
        throw new Error(`${path}:${index + 1}: no "eventId" string to match a DLQ message by`);
      fixes.set(id, value);
    });
  return fixes;
}

function parseJson(buffer: Buffer | null): { ok: true; value: unknown } | { ok: false } {
  if (!buffer || buffer.length === 0) return { ok: false };
  try {
    // fatal: invalid UTF-8 is not silently replaced, so it is not "fixed" by decoding.
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buffer)) };
  } catch {
    return { ok: false };
  }
}

export async function redriveDlq(o: RedriveOptions): Promise<RedriveResult> {
  const result: RedriveResult = { read: 0, republished: 0, fixed: 0, skipped: {}, targets: {} };
  const skip = (reason: string) => (result.skipped[reason] = (result.skipped[reason] ?? 0) + 1);
  const admin = o.kafka.admin();
  await admin.connect();
  const ends = new Map<number, bigint>();
  try {
    for (const p of await admin.fetchTopicOffsets(o.dlqTopic)) {
      if (BigInt(p.high) > BigInt(p.low)) ends.set(p.partition, BigInt(p.high));
    }
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return result;

  const logger = createLogger({ service: 'crumbtrail-cli', level: process.env.LOG_LEVEL ?? 'warn' });
  const producer = o.dryRun ? undefined : await createProducer(o.kafka, logger);
  const consumer = o.kafka.consumer({
    groupId: `crumbtrail-redrive-${Date.now()}-${randomBytes(3).toString('hex')}`,
  });
  const pending: { topic: string; message: OutgoingMessage }[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: o.dlqTopic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`did not reach the end of ${o.dlqTopic} within ${(o.timeoutMs ?? 60_000) / 1000} s`),
          ),
        o.timeoutMs ?? 60_000,
      );
      consumer
        .run({
          autoCommit: false,
          eachMessage: ({ partition, message }) => {
            const end = ends.get(partition);
            if (end === undefined || BigInt(message.offset) >= end) return Promise.resolve();
            result.read += 1;
            const headers = headersToStrings(message.headers);
            const target = headers[DLQ_HEADERS.sourceTopic];
            const key = message.key?.toString('utf8') ?? null;
            if (!target) {
              skip(`no ${DLQ_HEADERS.sourceTopic} header`);
            } else {
              const fix = key !== null ? o.fixes?.get(key) : undefined;
              const parsed = fix !== undefined ? { ok: true as const, value: fix } : parseJson(message.value);
              const valid = parsed.ok ? schemaFor(target, o.schema).safeParse(parsed.value) : undefined;
              if (!parsed.ok) skip('still not JSON (give a corrected line in --fix-file)');
              else if (!valid?.success) skip('still invalid for the source topic schema');
              else {
                if (fix !== undefined) result.fixed += 1;
                const kept = Object.fromEntries(
                  Object.entries(headers).filter(([name]) => !name.startsWith('x-dlq-')),
                );
                pending.push({
                  topic: target,
                  message: {
                    key: key ?? (valid.data as { eventId?: string }).eventId ?? null,
                    value: valid.data,
                    headers: { ...kept, 'x-redriven-from': `${o.dlqTopic}/${partition}/${message.offset}` },
                  },
                });
              }
            }
            if (BigInt(message.offset) + 1n >= end) ends.delete(partition);
            if (ends.size === 0) {
              clearTimeout(timer);
              resolve();
            }
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
    for (const { topic } of pending) {
      result.targets[topic] = (result.targets[topic] ?? 0) + 1;
      result.republished += 1;
    }
    if (producer) {
      const byTopic = new Map<string, OutgoingMessage[]>();
      for (const { topic, message } of pending) byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
      for (const [topic, messages] of byTopic) {
        for (let i = 0; i < messages.length; i += 500) await producer.send(topic, messages.slice(i, i + 500));
      }
    }
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
  }
  return result;
}

function parseArgs(argv: string[]): {
  topic: string;
  fixFile?: string;
  schema?: 'raw' | 'classified';
  dryRun: boolean;
} {
  const [sub, ...rest] = argv;
  if (sub !== 'redrive') throw new Error(`unknown dlq subcommand "${sub ?? ''}"; usage:\n  ${DLQ_USAGE}`);
  let topic: string | undefined;
  let fixFile: string | undefined;
  let schema: 'raw' | 'classified' | undefined;
  let dryRun = false;
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    const value = () => {
      const v = rest[(i += 1)];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--topic') topic = value();
    else if (arg === '--fix-file') fixFile = value();
    else if (arg === '--schema') {
      const v = value();
      if (v !== 'raw' && v !== 'classified') throw new Error('--schema must be raw or classified');
      schema = v;
    } else if (arg === '--dry-run') dryRun = true;
    else throw new Error(`unknown option ${arg}; usage:\n  ${DLQ_USAGE}`);
  }
  if (!topic) throw new Error(`--topic is required (e.g. ${TOPICS.mentionsRaw.dlq})`);
  return { topic, dryRun, ...(fixFile ? { fixFile } : {}), ...(schema ? { schema } : {}) };
}

export async function runDlq(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const config = loadConfig(z.object({ ...kafkaEnv }));
  const logger = createLogger({ service: 'crumbtrail-cli', level: process.env.LOG_LEVEL ?? 'warn' });
  const kafka = createKafka(kafkaConnectionFrom(config, 'crumbtrail-cli'), logger);
  const result = await redriveDlq({
    kafka,
    dlqTopic: args.topic,
    dryRun: args.dryRun,
    ...(args.fixFile ? { fixes: readFixFile(args.fixFile) } : {}),
    ...(args.schema ? { schema: args.schema } : {}),
  });
  console.log(
    `${args.dryRun ? 'would re-publish' : 're-published'} ${result.republished} of ${result.read} messages from ${args.topic}` +
      (result.fixed > 0 ? ` (${result.fixed} from --fix-file)` : ''),
  );
  for (const [topic, n] of Object.entries(result.targets)) console.log(`  -> ${topic}: ${n}`);
  for (const [reason, n] of Object.entries(result.skipped)) console.log(`  skipped ${n}: ${reason}`);
  return 0;
}
