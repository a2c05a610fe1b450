import { DLQ_HEADERS } from '@crumbtrail/contracts';
import type { DlqErrorKind } from '@crumbtrail/contracts';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { OutgoingMessage } from './producer';

/** Longest reason header kept; a reason is for a person reading the DLQ, not a stack dump. */
export const MAX_REASON_LENGTH = 2000;

export interface DlqContext {
  topic: string;
  partition: number;
  groupId: string;
  reason: string;
  errorKind: DlqErrorKind;
  /** Handler calls made for this message (0 when it never reached the handler). */
  attempts: number;
  failedAt: Date;
}

/**
 * The dead-letter copy of a consumed message: key and value bytes exactly as consumed, the original headers,
 * plus DLQ_HEADERS saying why, where from and when. Original headers named like a DLQ header are overwritten
 * (a message dead-lettered twice tells its latest story).
 */
export function buildDlqMessage(message: KafkaMessage, c: DlqContext): OutgoingMessage {
  const headers: Record<string, string> = {
    ...headersToStrings(message.headers),
    [DLQ_HEADERS.reason]: truncate(c.reason, MAX_REASON_LENGTH),
    [DLQ_HEADERS.errorKind]: c.errorKind,
    [DLQ_HEADERS.sourceTopic]: c.topic,
    [DLQ_HEADERS.sourcePartition]: String(c.partition),
    [DLQ_HEADERS.sourceOffset]: message.offset,
    [DLQ_HEADERS.consumerGroup]: c.groupId,
    [DLQ_HEADERS.failedAt]: c.failedAt.toISOString(),
    [DLQ_HEADERS.attempts]: String(c.attempts),
  };
  return {
    key: message.key,
    // An empty Buffer stands for a null value: the producer would otherwise serialise null as "null".
    value: message.value ?? Buffer.alloc(0),
    headers,
  };
}

/** kafkajs gives header values as Buffers (or arrays of them for repeated keys); ours are UTF-8 text. */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    const last = values[values.length - 1];
    if (last !== undefined) out[name] = last.toString();
  }
  return out;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
