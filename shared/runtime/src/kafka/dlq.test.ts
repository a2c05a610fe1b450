import { DLQ_HEADERS } from '@crumbtrail/contracts';
import type { KafkaMessage } from 'kafkajs';
import { MAX_REASON_LENGTH, buildDlqMessage, headersToStrings } from './dlq';
import { toKafkaMessage } from './producer';

const raw = (over: { key?: Buffer | null; headers?: KafkaMessage['headers'] } = {}): KafkaMessage => ({
  key: Buffer.from('abc123'),
  value: Buffer.from([0x7b, 0xff, 0x00, 0x41]), // deliberately not UTF-8
  offset: '41',
  timestamp: '1700000000000',
  attributes: 0,
  headers: { 'x-trace': Buffer.from('t-1'), multi: [Buffer.from('a'), Buffer.from('b')] },
  ...over,
});

const context = {
  topic: 'mentions.raw.v1',
  partition: 2,
  groupId: 'crumbtrail.classifier',
  reason: 'schema: url: Invalid URL',
  errorKind: 'schema' as const,
  attempts: 0,
  failedAt: new Date('2025-01-02T03:04:05.000Z'),
};

describe('buildDlqMessage', () => {
  it('keeps key and value bytes untouched and adds the DLQ headers', () => {
    const original = raw();
    const message = buildDlqMessage(original, context);
    expect(message.key).toBe(original.key);
    expect(Buffer.isBuffer(message.value) && message.value.equals(original.value!)).toBe(true);
    expect(message.headers).toEqual({
      'x-trace': 't-1',
      multi: 'b',
      [DLQ_HEADERS.reason]: 'schema: url: Invalid URL',
      [DLQ_HEADERS.errorKind]: 'schema',
      [DLQ_HEADERS.sourceTopic]: 'mentions.raw.v1',
      [DLQ_HEADERS.sourcePartition]: '2',
      [DLQ_HEADERS.sourceOffset]: '41',
      [DLQ_HEADERS.consumerGroup]: 'crumbtrail.classifier',
      [DLQ_HEADERS.failedAt]: '2025-01-02T03:04:05.000Z',
      [DLQ_HEADERS.attempts]: '0',
    });
  });

  it('survives the producer serialisation byte for byte', () => {
    const original = raw();
    const wire = toKafkaMessage(buildDlqMessage(original, context));
    expect(wire.key).toBe(original.key);
    expect(wire.value).toBe(original.value);
  });

  it('keeps a null key null and truncates very long reasons', () => {
    const message = buildDlqMessage(raw({ key: null }), { ...context, reason: 'x'.repeat(10_000) });
    expect(message.key).toBeNull();
    expect(message.headers![DLQ_HEADERS.reason]).toHaveLength(MAX_REASON_LENGTH);
  });

  it('overwrites stale DLQ headers from an earlier dead-lettering', () => {
    const message = buildDlqMessage(raw({ headers: { [DLQ_HEADERS.attempts]: Buffer.from('9') } }), context);
    expect(message.headers![DLQ_HEADERS.attempts]).toBe('0');
  });
});

describe('headersToStrings', () => {
  it('decodes Buffers and strings and skips undefined', () => {
    expect(headersToStrings({ a: Buffer.from('1'), b: '2', c: undefined })).toEqual({ a: '1', b: '2' });
    expect(headersToStrings(undefined)).toEqual({});
  });
});
