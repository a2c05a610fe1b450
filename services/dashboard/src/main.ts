import { ConfigError, createLogger, onShutdown } from '@crumbtrail/runtime';
import { createDashboardApp } from './app';
import { loadDashboardConfig, type DashboardConfig } from './config';

/**
 * Like the other services' runService, except that the one HTTP port serves the API, the web app and the ops
 * endpoints (/healthz, /readyz, /metrics) from the same Fastify server.
 */
let config: DashboardConfig;
try {
  config = loadDashboardConfig();
} catch (err) {
  console.error(err instanceof ConfigError ? `dashboard: ${err.message}` : err);
  process.exit(err instanceof ConfigError ? 78 : 1);
}
const logger = createLogger({ service: 'dashboard', level: config.LOG_LEVEL });
const app = createDashboardApp(config, logger);
const shutdown = onShutdown(logger, [{ name: 'app', run: () => app.stop() }]);
app.start().then(
  () => logger.info('dashboard running'),
  async (err: unknown) => {
    logger.fatal({ err }, 'dashboard failed to start');
    await shutdown.shutdown('start-up failed');
  },
);
