import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * One reliability run at a time per private stack: a second run would reset and restart the stack under the
 * first one's services. The lock file holds the owner's pid; a lock whose owner is gone (killed) is taken over.
 * Returns a release function, or throws naming the live owner.
 */
export function acquireRunLock(file: string, pid = process.pid): () => void {
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${pid}\n`, { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new Error(
          `another reliability run (pid ${owner}) is using this stack; wait for it to end or stop it (lock: ${file})`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not take the reliability run lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
