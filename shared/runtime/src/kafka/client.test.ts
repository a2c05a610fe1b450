import { Writable } from 'node:stream';
import { logLevel } from 'kafkajs';
import { createLogger } from '../logger';
import { createKafka, kafkaLogCreator, kafkaLogLevelFor } from './client';

function captured(level = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n'))
        if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { lines, logger: createLogger({ service: 'svc', level, destination }) };
}

describe('kafkajs logs through pino', () => {
  it('maps levels and keeps namespace and fields', () => {
    const { lines, logger } = captured();
    const log = kafkaLogCreator(logger)();
    const entry = (level: logLevel, message: string) => ({
      namespace: 'Consumer',
      level,
      label: 'X',
      log: { timestamp: 'ts', logger: 'kafkajs', message, groupId: 'g', error: 'boom' },
    });
    log(entry(logLevel.ERROR, 'crashed'));
    log(entry(logLevel.WARN, 'slow'));
    log(entry(logLevel.INFO, 'joined'));
    log(entry(logLevel.DEBUG, 'fetch'));
    log(entry(logLevel.NOTHING, 'never'));
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['error', 'crashed'],
      ['warn', 'slow'],
      ['info', 'joined'],
      ['debug', 'fetch'],
    ]);
    expect(lines[0]).toMatchObject({
      service: 'svc',
      component: 'kafkajs',
      namespace: 'Consumer',
      groupId: 'g',
      error: 'boom',
    });
    expect(lines[0]).not.toHaveProperty('logger');
  });

  it('asks kafkajs for no more than the pino level keeps', () => {
    expect(kafkaLogLevelFor('trace')).toBe(logLevel.DEBUG);
    expect(kafkaLogLevelFor('info')).toBe(logLevel.INFO);
    expect(kafkaLogLevelFor('warn')).toBe(logLevel.WARN);
    expect(kafkaLogLevelFor('error')).toBe(logLevel.ERROR);
    expect(kafkaLogLevelFor('silent')).toBe(logLevel.NOTHING);
  });

  it('creates a client without connecting', () => {
    const { logger } = captured('silent');
    const kafka = createKafka(
      {
        clientId: 'c',
        brokers: ['127.0.0.1:1'],
        sasl: { mechanism: 'scram-sha-256', username: 'u', password: 'p' },
      },
      logger,
    );
    expect(typeof kafka.producer).toBe('function');
  });
});
