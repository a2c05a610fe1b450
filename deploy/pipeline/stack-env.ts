import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface StackEnv {
  KAFKA_BROKERS: string;
  MONGO_URL: string;
  SMTP_HOST?: string;
  SMTP_PORT?: string;
  MAIL_UI_URL?: string;
}

/** Where the local stack keeps its state: `CRUMBTRAIL_DATA_DIR` as stack.sh reads it, else `<repo>/.data`. */
export function stackDataDir(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CRUMBTRAIL_DATA_DIR?.trim();
  return configured ? resolve(configured) : join(repoRoot, '.data');
}

/** Reads the `export KEY=value` lines that `stack.sh up` writes to <data dir>/stack.env; the environment wins. */
export function readStackEnv(repoRoot: string, env: NodeJS.ProcessEnv = process.env): StackEnv {
  const values: Record<string, string> = {};
  try {
    for (const line of readFileSync(join(stackDataDir(repoRoot, env), 'stack.env'), 'utf8').split('\n')) {
      const match = /^(?:export\s+)?([A-Z_]+)=['"]?(.*?)['"]?$/.exec(line.trim());
      if (match) values[match[1]!] = match[2]!;
    }
  } catch {
    // no local stack: the environment must name external services
  }
  const pick = (key: string): string | undefined => env[key] || values[key];
  const brokers = pick('KAFKA_BROKERS');
  const mongo = pick('MONGO_URL');
  if (!brokers || !mongo) {
    throw new Error('KAFKA_BROKERS and MONGO_URL are unknown: run "npm run stack:up" or set them');
  }
  const stack: StackEnv = { KAFKA_BROKERS: brokers, MONGO_URL: mongo };
  for (const key of ['SMTP_HOST', 'SMTP_PORT', 'MAIL_UI_URL'] as const) {
    const value = pick(key);
    if (value) stack[key] = value;
  }
  return stack;
}
