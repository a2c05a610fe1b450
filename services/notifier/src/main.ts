import { createLogger, onShutdown, startOpsServer } from '@crumbtrail/runtime';
import { createNotifierApp } from './app';
import { loadNotifierConfig } from './config';

async function main(): Promise<void> {
  const config = loadNotifierConfig();
  const logger = createLogger({ service: 'notifier', level: config.LOG_LEVEL });
  const app = createNotifierApp(config, logger);
  const ops = await startOpsServer({
    port: config.HTTP_PORT,
    logger,
    registry: app.registry,
    checks: () => app.health(),
    ready: () => app.ready(),
  });
  onShutdown(logger, [
    { name: 'consumer, SMTP and database', run: () => app.stop() },
    { name: 'ops server', run: () => ops.close() },
  ]);
  await app.start();
  logger.info({ port: ops.port }, 'notifier started');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
