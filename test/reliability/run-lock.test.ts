import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireRunLock } from './run-lock';

describe('reliability run lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-lock-'));

  it('refuses a second run while the first holds the lock, and frees it on release', () => {
    const file = join(dir, 'a.lock');
    const release = acquireRunLock(file);
    expect(() => acquireRunLock(file, process.pid + 1)).toThrow(
      new RegExp(`another reliability run \\(pid ${process.pid}\\)`),
    );
    release();
    expect(existsSync(file)).toBe(false);
    acquireRunLock(file)();
  });

  it('takes over the lock of a run that is gone', () => {
    const file = join(dir, 'b.lock');
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(file, `${gone}\n`);
    const release = acquireRunLock(file);
    expect(existsSync(file)).toBe(true);
    release();
  });
});
