import { Counter, Histogram, type Registry } from 'prom-client';

export interface ClassifierMetrics {
  classified: Counter<'sentiment' | 'intent' | 'lang'>;
  classifySeconds: Histogram;
}

export function createClassifierMetrics(registry: Registry): ClassifierMetrics {
  return {
    classified: new Counter({
      name: 'crumbtrail_mentions_classified_total',
      help: 'Mentions classified, by sentiment, primary intent and language',
      labelNames: ['sentiment', 'intent', 'lang'],
      registers: [registry],
    }),
    classifySeconds: new Histogram({
      name: 'crumbtrail_classify_duration_seconds',
      help: 'Time to classify one mention',
      buckets: [0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.005, 0.02],
      registers: [registry],
    }),
  };
}
