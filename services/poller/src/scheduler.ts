import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

export interface ScheduledJob {
  /** `brand:source`: one job per brand and source. */
  key: string;
  schedule: string;
  run(): Promise<unknown>;
}

export interface Scheduler {
  /** Starts the cron schedules. */
  start(): void;
  /** Runs one job now unless it is already running; resolves when that run (or the running one) ends. */
  runNow(key: string): Promise<void>;
  /** Runs every job now (each unless already running) and resolves when all have ended. */
  runAll(): Promise<void>;
  /** Stops the schedules and waits for running jobs to end. */
  stop(): Promise<void>;
  running(): string[];
}

/** Checks a cron expression the way node-cron will run it; returns a readable problem or undefined. */
export function cronProblem(expression: string): string | undefined {
  const detail = cron.validateDetailed(expression);
  if (detail.valid) return undefined;
  return detail.errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'invalid cron expression';
}

/**
 * node-cron schedules, one per brand and source. A run of a job never overlaps another run of the same job: a tick
 * that comes while it still runs is skipped (logged at debug), so a slow API cannot pile up polls.
 */
export function createScheduler(jobs: ScheduledJob[], logger: Logger): Scheduler {
  const inFlight = new Map<string, Promise<void>>();
  const tasks: ScheduledTask[] = [];
  let stopped = false;
  const byKey = new Map(jobs.map((j) => [j.key, j]));

  const trigger = (job: ScheduledJob, reason: string): Promise<void> => {
    const running = inFlight.get(job.key);
    if (running) {
      logger.debug({ job: job.key, reason }, 'previous run still going; this run is skipped');
      return running;
    }
    if (stopped) return Promise.resolve();
    const run = job
      .run()
      .then(() => undefined)
      .catch((err: unknown) => logger.error({ err, job: job.key }, 'job failed'))
      .finally(() => inFlight.delete(job.key));
    inFlight.set(job.key, run);
    return run;
  };

  return {
    start() {
      for (const job of jobs) {
        const task = cron.createTask(job.schedule, () => trigger(job, 'schedule'), {
          name: job.key,
          noOverlap: true,
          logger: {
            info: (m) => logger.debug({ job: job.key }, m),
            warn: (m) => logger.warn({ job: job.key }, m),
            error: (m, err) => logger.error({ job: job.key, err: err ?? m }, 'cron error'),
            debug: (m) => logger.debug({ job: job.key }, String(m)),
          },
        });
        void task.start();
        tasks.push(task);
      }
    },
    runNow(key) {
      const job = byKey.get(key);
      if (!job) return Promise.reject(new Error(`no job ${key}`));
      return trigger(job, 'manual');
    },
    async runAll() {
      await Promise.all(jobs.map((job) => trigger(job, 'manual')));
    },
    async stop() {
      stopped = true;
      await Promise.all(tasks.map(async (t) => t.destroy()));
      tasks.length = 0;
      await Promise.all([...inFlight.values()]);
    },
    running: () => [...inFlight.keys()],
  };
}
