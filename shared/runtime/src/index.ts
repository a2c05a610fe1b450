export { createLogger, redactUrl, REDACT_PATHS } from './logger';
export type { Logger, LoggerOptions } from './logger';
export {
  ConfigError,
  loadConfig,
  kafkaEnv,
  kafkaConsumerEnv,
  consumerGroupTiming,
  mongoEnv,
  opsEnv,
  brandsEnv,
  leaseEnv,
  leaseTiming,
  envBoolean,
  envPort,
  kafkaConnectionFrom,
  LOG_LEVELS,
  SASL_MECHANISMS,
} from './config';
export type { ConfigIssue, KafkaConnectionConfig, SaslMechanism } from './config';
export { loadBrandsFile, parseBrandsFile, BrandsFileError } from './brands-file';
export { formatIssues, formatPath } from './zod-issues';
export { consumerHealth } from './health';
export type { ComponentHealth } from './health';
export { createKafka } from './kafka/client';
export { ensureTopics } from './kafka/topics';
export type { TopicSpec } from './kafka/topics';
export { createProducer } from './kafka/producer';
export type { EventProducer, OutgoingMessage } from './kafka/producer';
export { ok, drop, retry, dlq, backoffDelayMs, DEFAULT_RETRY_POLICY } from './kafka/outcome';
export type { Outcome, RetryPolicy } from './kafka/outcome';
export { buildDlqMessage, headersToStrings } from './kafka/dlq';
export type { DlqContext } from './kafka/dlq';
export { startBatchConsumer, decode } from './kafka/batch-consumer';
export { mergeConcurrentBatches } from './kafka/merge-batches';
export type { BatchConsumer, BatchConsumerOptions, ConsumedMessage } from './kafka/batch-consumer';
export { connectMongo, mongoHealth } from './mongo';
export { createLease, keepLease, leaseHolderId, fencedFilter, LEASES_COLLECTION } from './lease';
export type { Lease, LeaseDoc, LeaseKeeper, LeaseKeeperOptions, LeaseOptions, LeaseState } from './lease';
export type { MongoConnection } from './mongo';
export { createMetricsRegistry, counter, gauge, histogram } from './metrics';
export { startOpsServer } from './ops-server';
export type { OpsServer, OpsServerOptions, Readiness } from './ops-server';
export { onShutdown } from './shutdown';
export type { ShutdownHandle, ShutdownOptions, ShutdownStep } from './shutdown';
export type { Registry } from 'prom-client';
export type { Kafka } from 'kafkajs';
export type { Db, MongoClient } from 'mongodb';
export { runService } from './run-service';
export type { ServiceApp, RunServiceOptions } from './run-service';
