import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, mongoEnv } from '@crumbtrail/runtime';
import {
  COLLECTIONS,
  FEEDBACK_TASKS,
  feedbackLine,
  type FeedbackTask,
  type MentionFeedbackDoc,
} from '@crumbtrail/storage';
import { MongoClient } from 'mongodb';
import { z } from 'zod';

export const FEEDBACK_USAGE = `feedback export --out <file.jsonl> [--task sentiment|complaint|question] [--brand <id>]
    Writes the label corrections made in the dashboard (collection ${COLLECTIONS.mentionFeedback}) as labelled
    data in the trainer's line format {"id","text","label","lang","source","domain"}, one task per file
    (default sentiment; complaint: complaint/not_complaint; question: question/statement). MONGO_URL, MONGO_DB.`;

export async function runFeedback(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { out: { type: 'string' }, task: { type: 'string' }, brand: { type: 'string' } },
  });
  if (sub !== 'export' || !values.out) {
    console.error(`usage: crumbtrail ${FEEDBACK_USAGE}`);
    return 2;
  }
  const task = (values.task ?? 'sentiment') as FeedbackTask;
  if (!FEEDBACK_TASKS.includes(task)) throw new Error(`--task must be one of ${FEEDBACK_TASKS.join(', ')}`);
  const config = loadConfig(z.object(mongoEnv));
  const client = await MongoClient.connect(config.MONGO_URL);
  try {
    const col = client.db(config.MONGO_DB).collection<MentionFeedbackDoc>(COLLECTIONS.mentionFeedback);
    const out = createWriteStream(values.out, 'utf8');
    let n = 0;
    // A full read of the collection (an export, not a page): corrections are few compared with mentions.
    for await (const doc of col.find(values.brand ? { brand: values.brand } : {}).sort({ _id: 1 })) {
      out.write(`${JSON.stringify(feedbackLine(doc, task))}\n`);
      n += 1;
    }
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    console.log(`wrote ${n} ${task} line(s) to ${values.out}`);
    return 0;
  } finally {
    await client.close();
  }
}
