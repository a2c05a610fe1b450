import pino from 'pino';
import { createScheduler, cronProblem } from './scheduler';

const logger = pino({ level: 'silent' });

describe('cronProblem', () => {
  it('accepts node-cron expressions and names problems', () => {
    expect(cronProblem('*/5 * * * *')).toBeUndefined();
    expect(cronProblem('*/30 * * * * *')).toBeUndefined();
    expect(cronProblem('61 * * * *')).toMatch(/minute/);
  });
});

describe('createScheduler', () => {
  it('never overlaps runs of the same job, but runs different jobs side by side', async () => {
    const release: (() => void)[] = [];
    const runs: string[] = [];
    const job = (key: string) => ({
      key,
      schedule: '0 0 1 1 *',
      run: () =>
        new Promise<void>((resolve) => {
          runs.push(key);
          release.push(resolve);
        }),
    });
    const s = createScheduler([job('a:x'), job('b:x')], logger);
    const first = s.runNow('a:x');
    const second = s.runNow('a:x');
    const other = s.runNow('b:x');
    expect(runs).toEqual(['a:x', 'b:x']);
    expect(s.running().sort()).toEqual(['a:x', 'b:x']);
    release.forEach((r) => r());
    await Promise.all([first, second, other]);
    expect(s.running()).toEqual([]);
    const again = s.runNow('a:x');
    expect(runs).toEqual(['a:x', 'b:x', 'a:x']);
    release.at(-1)!();
    await again;
  });

  it('keeps going after a failing job and stop() waits for running jobs', async () => {
    let finished = false;
    const s = createScheduler(
      [
        { key: 'bad', schedule: '* * * * *', run: () => Promise.reject(new Error('boom')) },
        {
          key: 'slow',
          schedule: '* * * * *',
          run: () =>
            new Promise<void>((r) =>
              setTimeout(() => {
                finished = true;
                r();
              }, 20),
            ),
        },
      ],
      logger,
    );
    s.start();
    const all = s.runAll();
    await s.stop();
    expect(finished).toBe(true);
    await all;
  });
});
