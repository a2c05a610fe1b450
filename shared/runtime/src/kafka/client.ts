import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConfig, LogEntry, SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaConnectionConfig } from '../config';

/** A kafkajs client whose own logs go through the service's pino logger (component "kafkajs"). */
export function createKafka(c: KafkaConnectionConfig, logger: Logger): Kafka {
  const config: KafkaConfig = {
    clientId: c.clientId,
    brokers: c.brokers,
    ssl: c.ssl ?? false,
    logLevel: kafkaLogLevelFor(logger.level),
    logCreator: kafkaLogCreator(logger),
  };
  if (c.sasl) config.sasl = saslOptions(c.sasl);
  if (c.connectionTimeoutMs !== undefined) config.connectionTimeout = c.connectionTimeoutMs;
  if (c.requestTimeoutMs !== undefined) config.requestTimeout = c.requestTimeoutMs;
  return new Kafka(config);
}

function saslOptions(sasl: NonNullable<KafkaConnectionConfig['sasl']>): SASLOptions {
  const { username, password } = sasl;
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}

/** kafkajs filters before calling the log creator, so pass it the level the pino logger would keep. */
export function kafkaLogLevelFor(pinoLevel: string): logLevel {
  switch (pinoLevel) {
    case 'trace':
    case 'debug':
      return logLevel.DEBUG;
    case 'info':
      return logLevel.INFO;
    case 'warn':
      return logLevel.WARN;
    case 'silent':
      return logLevel.NOTHING;
    default:
      return logLevel.ERROR;
  }
}

export function pinoLevelFor(level: logLevel): 'error' | 'warn' | 'info' | 'debug' | undefined {
  switch (level) {
    case logLevel.ERROR:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    case logLevel.DEBUG:
      return 'debug';
    default:
      return undefined;
  }
}

/** kafkajs `logCreator`: each entry becomes one pino line with kafkajs' namespace and fields. */
export function kafkaLogCreator(logger: Logger): () => (entry: LogEntry) => void {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const pinoLevel = pinoLevelFor(level);
      if (pinoLevel === undefined) return;
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      child[pinoLevel]({ namespace, ...fields }, message);
    };
}
