import { runService } from '@crumbtrail/runtime';
import { createAggregatorApp } from './app';
import { loadAggregatorConfig } from './config';

runService({
  service: 'aggregator',
  loadConfig: () => loadAggregatorConfig(),
  createApp: createAggregatorApp,
});
