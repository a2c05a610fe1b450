#!/usr/bin/env node
import { runClassify, CLASSIFY_USAGE } from './commands/classify';
import { runEval, EVAL_USAGE } from './commands/eval';
import { runDlq, DLQ_USAGE } from './commands/dlq-redrive';
import { runFeedback, FEEDBACK_USAGE } from './commands/feedback';
import { runUsers, USERS_USAGE } from './commands/users';

const USAGE = `usage: crumbtrail <command> [options]

commands:
  ${CLASSIFY_USAGE.split('\n').join('\n  ')}

  ${EVAL_USAGE.split('\n').join('\n  ')}

  ${DLQ_USAGE.split('\n').join('\n  ')}

  ${USERS_USAGE.split('\n').join('\n  ')}

  ${FEEDBACK_USAGE.split('\n').join('\n  ')}`;

type Command = (argv: string[]) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  classify: runClassify,
  eval: runEval,
  dlq: runDlq,
  users: runUsers,
  feedback: runFeedback,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`crumbtrail: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (err) {
    console.error(`crumbtrail ${name}: ${(err as Error).message}`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 2;
  },
);
