// The aggregator and the dashboard as processes, with docker-compose.yml's environment on the local stack: what the
// browser test (test/e2e/dashboard-web.e2e.test.ts) and the page bench (bench/page-stack.ts) draw pages from.
import { join } from 'node:path';
import { loadComposeServices, localServiceEnvironment } from '../../../../deploy/pipeline/compose-env';
import { readStackEnv } from '../../../../deploy/pipeline/stack-env';
import { startService, type RunningService } from '../../../../deploy/pipeline/supervisor';

export interface DashboardProcessesOptions {
  repoRoot: string;
  /** Names the consumer groups (`<run>-aggregator`, `<run>-dashboard`) and the log folder (.data/logs/<run>). */
  run: string;
  brandsFile: string;
  database: string;
  topics: { classified: string; alerts: string };
  /** The dashboard's HTTP port. */
  port: number;
  admin: { email: string; password: string };
  logLevel: string;
  /** More of the dashboard's variables (DASHBOARD_URL, ...). */
  dashboardEnv?: Record<string, string>;
}

/** Starts the aggregator, then the dashboard; the services in start order (a failed start stops what started). */
export async function startDashboardProcesses(options: DashboardProcessesOptions): Promise<RunningService[]> {
  const { repoRoot, run } = options;
  const stack = readStackEnv(repoRoot);
  const compose = loadComposeServices(repoRoot);
  const logDir = join(repoRoot, '.data', 'logs', run);
  const common = {
    BRANDS_FILE: options.brandsFile,
    MONGO_DB: options.database,
    LOG_LEVEL: options.logLevel,
    CLASSIFIED_TOPIC: options.topics.classified,
  };
  const aggregator = await startService({
    repoRoot,
    name: 'aggregator',
    logDir,
    env: localServiceEnvironment(compose.aggregator!.environment, stack, {
      ...common,
      HTTP_PORT: '0',
      ALERTS_TOPIC: options.topics.alerts,
      CONSUMER_GROUP: `${run}-aggregator`,
    }),
  });
  try {
    const dashboard = await startService({
      repoRoot,
      name: 'dashboard',
      logDir,
      env: localServiceEnvironment(compose.dashboard!.environment, stack, {
        ...common,
        HTTP_PORT: String(options.port),
        CONSUMER_GROUP: `${run}-dashboard`,
        DASHBOARD_ADMIN_EMAIL: options.admin.email,
        DASHBOARD_ADMIN_PASSWORD: options.admin.password,
        ...options.dashboardEnv,
      }),
    });
    return [aggregator, dashboard];
  } catch (err) {
    await aggregator.stop().catch(() => undefined);
    throw err;
  }
}
