// The dashboard in the demo: started first (so the notifier's emails can link to it), with a demo admin created
// from the environment on its first start, and its URL and login printed for the person running the demo.
import { randomBytes } from 'node:crypto';
import type { ComposeService, LocalEndpoints } from './compose-env';
import { localServiceEnvironment } from './compose-env';
import { freePort, startService, type RunningService } from './supervisor';

/** The demo's admin login (a local, throwaway stack: printed on purpose). */
export const DEMO_ADMIN = { email: 'demo@crumbtrail.local', password: 'crumbtrail-demo' } as const;

export interface DemoDashboard {
  service: RunningService;
  url: string;
  /** Variables that link the other services to the dashboard (the notifier's email links and action tokens). */
  linkEnv: Record<string, string>;
}

export async function startDemoDashboard(options: {
  repoRoot: string;
  compose: Record<string, ComposeService>;
  stack: LocalEndpoints;
  brandsFile: string;
  database: string;
  logDir: string;
}): Promise<DemoDashboard | undefined> {
  const composeService = options.compose.dashboard;
  // A checkout whose compose file has no dashboard yet still runs the rest of the demo.
  if (!composeService) return undefined;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const linkEnv = { DASHBOARD_URL: url, ACTION_TOKEN_SECRET: randomBytes(32).toString('hex') };
  const env = localServiceEnvironment(composeService.environment, options.stack, {
    BRANDS_FILE: options.brandsFile,
    MONGO_DB: options.database,
    HTTP_PORT: String(port),
    DASHBOARD_ADMIN_EMAIL: DEMO_ADMIN.email,
    DASHBOARD_ADMIN_PASSWORD: DEMO_ADMIN.password,
    ...linkEnv,
  });
  const service = await startService({
    repoRoot: options.repoRoot,
    name: 'dashboard',
    env,
    logDir: options.logDir,
  });
  return { service, url, linkEnv };
}

/** The lines that tell the person running the demo where the dashboard is and how to log in. */
export function dashboardLoginLines(url: string): string[] {
  return [
    `Dashboard: ${url}`,
    `  log in as ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password} (demo admin, created on the dashboard's first start)`,
  ];
}
