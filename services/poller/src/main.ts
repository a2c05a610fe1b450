import { ConfigError, createLogger, onShutdown } from '@crumbtrail/runtime';
import { createApp } from './app';
import { describeConfig, loadPollerConfig } from './config';

async function main(): Promise<void> {
  const config = loadPollerConfig();
  const logger = createLogger({ service: 'poller', level: config.LOG_LEVEL });
  logger.info({ config: describeConfig(config) }, 'configuration loaded');
  const app = createApp({ config, logger });
  onShutdown(logger, [{ name: 'poller', run: () => app.stop() }]);
  await app.start();
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78); // EX_CONFIG
  }
  console.error(err);
  process.exit(1);
});
