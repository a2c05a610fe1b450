import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createClassifier, loadModel, type Classifier } from '@crumbtrail/nlp';

export const CLASSIFY_USAGE = `crumbtrail classify [--in FILE] [--model FILE]
  Reads JSONL {"id","text","lang"?,"title"?} from FILE or stdin; writes one JSONL classification per input line:
  {"id","lang","langSource","sentiment":{"label","score","confidence"},"intent":{"label","confidence","flags"}}.
  Bad lines are reported on stderr with their line number; the others are still classified.`;

/** Classifies one input line; returns the output line or throws an Error saying what is wrong with the input. */
export function classifyLine(line: string, classifier: Classifier): string {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch (err) {
    throw new Error(`not valid JSON (${(err as Error).message})`);
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error('expected a JSON object');
  const r = o as Record<string, unknown>;
  if (typeof r.text !== 'string') throw new Error('"text" must be a string');
  if (r.lang !== undefined && r.lang !== null && typeof r.lang !== 'string')
    throw new Error('"lang" must be a string');
  if (r.title !== undefined && r.title !== null && typeof r.title !== 'string')
    throw new Error('"title" must be a string');
  const res = classifier.classify({
    text: r.text,
    ...(typeof r.lang === 'string' ? { lang: r.lang } : {}),
    ...(typeof r.title === 'string' ? { title: r.title } : {}),
  });
  return JSON.stringify({ id: r.id ?? null, ...res, modelVersion: classifier.modelVersion });
}

/** Streams JSONL from `input` to `output`; returns the number of bad lines. */
export async function classifyStream(
  input: Readable,
  output: Writable,
  errors: Writable,
  classifier: Classifier,
): Promise<number> {
  let lineNo = 0;
  let bad = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim().length === 0) continue;
    try {
      const out = classifyLine(line, classifier);
      if (!output.write(out + '\n')) await new Promise((resolve) => output.once('drain', resolve));
    } catch (err) {
      bad++;
      errors.write(`crumbtrail classify: line ${lineNo}: ${(err as Error).message}\n`);
    }
  }
  return bad;
}

export async function runClassify(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { in: { type: 'string' }, model: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(CLASSIFY_USAGE);
    return 0;
  }
  const classifier = createClassifier(loadModel(values.model));
  const input = values.in ? createReadStream(values.in) : process.stdin;
  const bad = await classifyStream(input, process.stdout, process.stderr, classifier);
  return bad > 0 ? 1 : 0;
}
