import cron from 'node-cron';
import type { Logger } from '@crumbtrail/runtime';
import { cronExpression } from './periods';
import { digestSchedules, type DigestRunner } from './digest-runner';
import type { BrandConfig } from '@crumbtrail/contracts';

export interface CronLike {
  schedule(
    expression: string,
    fn: () => void,
    options: { timezone: string; name: string },
  ): { stop(): void | Promise<void> };
}

/**
 * One node-cron job per brand and digest kind, at minute 0 of the brand's local hour in its time zone (node-cron
 * follows DST), plus one catch-up tick at start. The ledger makes every call idempotent.
 */
export function startDigestScheduler(
  runner: DigestRunner,
  brands: readonly BrandConfig[],
  logger: Logger,
  scheduler: CronLike = cron,
): { stop(): Promise<void> } {
  const jobs = brands.flatMap(digestSchedules).map((s) => {
    const expression = cronExpression(s.hour, s.kind, s.weekday);
    logger.info(
      { brand: s.brand.id, kind: s.kind, cron: expression, timeZone: s.timeZone },
      'digest scheduled',
    );
    return scheduler.schedule(expression, () => void runner.tick([s]), {
      timezone: s.timeZone,
      name: `digest:${s.kind}:${s.brand.id}`,
    });
  });
  if (jobs.length > 0) void runner.tick();
  return {
    async stop() {
      for (const job of jobs) await job.stop();
    },
  };
}
