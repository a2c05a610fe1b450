import { createLogger, onShutdown, startOpsServer } from '@crumbtrail/runtime';
import { createAggregatorApp } from './app';
import { loadAggregatorConfig } from './config';

async function main(): Promise<void> {
  const config = loadAggregatorConfig();
  const logger = createLogger({ service: 'aggregator', level: config.LOG_LEVEL });
  const app = createAggregatorApp(config, logger);
  const ops = await startOpsServer({
    port: config.HTTP_PORT,
    logger,
    registry: app.registry,
    checks: () => app.health(),
    ready: () => app.ready(),
  });
  const shutdown = onShutdown(logger, [
    { name: 'consumer, detection, producer and mongo', run: () => app.stop() },
    { name: 'ops server', run: () => ops.close() },
  ]);
  try {
    await app.start();
  } catch (err) {
    logger.fatal({ err }, 'aggregator failed to start');
    await shutdown.shutdown('start-up failed');
    process.exit(1);
  }
  logger.info({ port: ops.port }, 'aggregator running');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
