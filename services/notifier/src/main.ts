import { runService } from '@crumbtrail/runtime';
import { createNotifierApp } from './app';
import { loadNotifierConfig } from './config';

runService({ service: 'notifier', loadConfig: () => loadNotifierConfig(), createApp: createNotifierApp });
