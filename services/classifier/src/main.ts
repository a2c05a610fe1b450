import { createLogger, onShutdown, startOpsServer } from '@crumbtrail/runtime';
import { createClassifierApp } from './app';
import { loadClassifierConfig } from './config';

async function main(): Promise<void> {
  const config = loadClassifierConfig();
  const logger = createLogger({ service: 'classifier', level: config.LOG_LEVEL });
  const app = createClassifierApp(config, logger);
  const ops = await startOpsServer({
    port: config.HTTP_PORT,
    logger,
    registry: app.registry,
    checks: () => app.health(),
    ready: () => app.ready(),
  });
  onShutdown(logger, [
    { name: 'consumer and producer', run: () => app.stop() },
    { name: 'ops server', run: () => ops.close() },
  ]);
  await app.start();
  logger.info({ port: ops.port }, 'classifier started');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
