import { runService } from '@crumbtrail/runtime';
import { createClassifierApp } from './app';
import { loadClassifierConfig } from './config';

runService({
  service: 'classifier',
  loadConfig: () => loadClassifierConfig(),
  createApp: createClassifierApp,
});
