import type { Registry } from 'prom-client';
import { ConfigError } from './config';
import type { ComponentHealth } from './health';
import { createLogger, type Logger } from './logger';
import { startOpsServer } from './ops-server';
import { onShutdown } from './shutdown';

/** What a service's composition root (app.ts) hands to runService. */
export interface ServiceApp {
  registry: Registry;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): ComponentHealth[] | Promise<ComponentHealth[]>;
  ready(): boolean | Promise<boolean>;
}

export interface RunServiceOptions<C extends { LOG_LEVEL: string; HTTP_PORT: number }> {
  service: string;
  loadConfig(): C;
  createApp(config: C, logger: Logger): ServiceApp;
}

/** EX_CONFIG from sysexits.h: the configuration is wrong; restarting will not help. */
const EXIT_CONFIG = 78;

/**
 * The start-up every service shares: config (a bad value stops the service with a message naming it), logger, ops
 * server (/healthz, /readyz, /metrics), graceful shutdown on SIGTERM (stop intake and drain, then close the ops
 * server), then start. A failure during start-up shuts down what was started and exits 1.
 */
export function runService<C extends { LOG_LEVEL: string; HTTP_PORT: number }>(
  options: RunServiceOptions<C>,
): void {
  let config: C;
  try {
    config = options.loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? `${options.service}: ${err.message}` : err);
    process.exit(err instanceof ConfigError ? EXIT_CONFIG : 1);
  }
  const logger = createLogger({ service: options.service, level: config.LOG_LEVEL });
  void (async () => {
    const app = options.createApp(config, logger);
    const ops = await startOpsServer({
      port: config.HTTP_PORT,
      logger,
      registry: app.registry,
      checks: () => app.health(),
      ready: () => app.ready(),
    });
    const shutdown = onShutdown(logger, [
      { name: 'app', run: () => app.stop() },
      { name: 'ops server', run: () => ops.close() },
    ]);
    try {
      await app.start();
      logger.info({ port: ops.port }, `${options.service} running`);
    } catch (err) {
      logger.fatal({ err }, `${options.service} failed to start`);
      await shutdown.shutdown('start-up failed');
    }
  })().catch((err: unknown) => {
    logger.fatal({ err }, `${options.service} crashed during start-up`);
    process.exit(1);
  });
}
