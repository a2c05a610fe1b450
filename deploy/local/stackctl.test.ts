import { parseWaitArgs, splitHostPort } from './stackctl';

describe('parseWaitArgs', () => {
  it('collects targets, pids and log files per component', () => {
    expect(
      parseWaitArgs([
        '--timeout-ms',
        '5000',
        '--kafka',
        '127.0.0.1:9092',
        '--mongo',
        'mongodb://127.0.0.1:27017/',
        '--pid',
        'kafka=123',
        '--log',
        'kafka=/tmp/kafka.log',
        '--mail-http',
        'http://127.0.0.1:8025/',
      ]),
    ).toEqual({
      timeoutMs: 5000,
      targets: {
        kafka: '127.0.0.1:9092',
        mongo: 'mongodb://127.0.0.1:27017/',
        'mail-http': 'http://127.0.0.1:8025/',
      },
      pids: { kafka: 123 },
      logs: { kafka: '/tmp/kafka.log' },
    });
  });

  it('defaults the timeout to two minutes', () => {
    expect(parseWaitArgs(['--smtp', '127.0.0.1:2525']).timeoutMs).toBe(120_000);
  });

  it.each([
    [['--kafka'], 'expected "--option value", got "--kafka"'],
    [['kafka', 'x'], 'expected "--option value", got "kafka"'],
    [['--timeout-ms', '-1'], '--timeout-ms must be a positive number, got "-1"'],
    [['--pid', 'redis=1'], '--pid expects <component>=<value>, got "redis=1"'],
    [['--pid', 'kafka=abc'], 'bad pid in "kafka=abc"'],
    [['--zookeeper', 'x'], 'unknown option --zookeeper'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseWaitArgs(argv)).toThrow(message);
  });
});

describe('splitHostPort', () => {
  it('splits at the last colon', () => {
    expect(splitHostPort('127.0.0.1:9092')).toEqual({ host: '127.0.0.1', port: 9092 });
    expect(splitHostPort('[::1]:25')).toEqual({ host: '[::1]', port: 25 });
  });

  it.each(['9092', ':9092', 'host:', 'host:0', 'host:70000', 'host:12x'])('rejects "%s"', (target) => {
    expect(() => splitHostPort(target)).toThrow(`expected host:port, got "${target}"`);
  });
});
