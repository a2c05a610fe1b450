import { z } from 'zod';
import { Alert } from './alert';
import { ClassifiedMention } from './classified-mention';
import { RawMention } from './raw-mention';
import { SourceHealthEvent } from './source-health-event';
import { TOPICS } from './topics';

/** Which schema describes the value of each topic; the source of the generated JSON Schema files. */
export const TOPIC_SCHEMAS = {
  [TOPICS.mentionsRaw.name]: RawMention,
  [TOPICS.mentionsClassified.name]: ClassifiedMention,
  [TOPICS.alerts.name]: Alert,
  [TOPICS.sourceHealth.name]: SourceHealthEvent,
} as const;

/** JSON Schema (draft 2020-12) for every topic, keyed by file name. */
export function topicJsonSchemas(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [topic, schema] of Object.entries(TOPIC_SCHEMAS)) {
    out[`${topic}.schema.json`] = {
      $id: `https://crumbtrail.dev/schemas/${topic}.schema.json`,
      title: topic,
      ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }),
    };
  }
  return out;
}

/** Serialised exactly as committed, so a test can compare byte for byte. */
export function renderJsonSchema(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
