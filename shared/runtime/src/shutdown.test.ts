import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { onShutdown } from './shutdown';

function setup() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n'))
        if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  const logger = createLogger({ service: 'test', destination });
  const exits: number[] = [];
  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const exit = (code: number): void => {
    exits.push(code);
    resolveExit(code);
  };
  return { logger, lines, exits, exited, exit };
}

// A signal no test runner uses, emitted in-process: no real signal is sent.
const SIGNAL: NodeJS.Signals = 'SIGUSR2';

describe('onShutdown', () => {
  it('runs the steps in order on a signal, logs each with its duration and exits 0', async () => {
    const { logger, lines, exited, exit } = setup();
    const order: string[] = [];
    const handle = onShutdown(
      logger,
      [
        {
          name: 'stop consumer',
          run: () => new Promise((r) => setTimeout(() => r(void order.push('consumer')), 20)),
        },
        { name: 'close mongo', run: () => Promise.resolve(void order.push('mongo')) },
      ],
      { signals: [SIGNAL], exit },
    );
    process.emit(SIGNAL, SIGNAL);
    expect(await exited).toBe(0);
    handle.dispose();
    expect(order).toEqual(['consumer', 'mongo']);
    const steps = lines.filter((l) => l.msg === 'shutdown step done');
    expect(steps.map((l) => l.step)).toEqual(['stop consumer', 'close mongo']);
    expect(steps[0]!.durationMs).toEqual(expect.any(Number));
  });

  it('goes on after a failing step and exits 1', async () => {
    const { logger, exited, exit } = setup();
    const ran: string[] = [];
    const handle = onShutdown(
      logger,
      [
        { name: 'a', run: () => Promise.reject(new Error('nope')) },
        { name: 'b', run: () => Promise.resolve(void ran.push('b')) },
      ],
      { signals: [SIGNAL], exit },
    );
    await handle.shutdown('test');
    handle.dispose();
    expect(await exited).toBe(1);
    expect(ran).toEqual(['b']);
  });

  it('exits 1 when the steps overrun the timeout', async () => {
    const { logger, lines, exited, exit } = setup();
    let release = (): void => undefined;
    const handle = onShutdown(
      logger,
      [{ name: 'hang', run: () => new Promise<void>((r) => (release = r)) }],
      {
        signals: [SIGNAL],
        timeoutMs: 50,
        exit,
      },
    );
    process.emit(SIGNAL, SIGNAL);
    expect(await exited).toBe(1);
    expect(lines.some((l) => l.msg === 'shutdown timed out; exiting')).toBe(true);
    release();
    handle.dispose();
  });

  it('a second signal forces exit 1', async () => {
    const { logger, exits, exit } = setup();
    let release = (): void => undefined;
    const handle = onShutdown(
      logger,
      [{ name: 'slow', run: () => new Promise<void>((r) => (release = r)) }],
      {
        signals: [SIGNAL],
        exit,
      },
    );
    process.emit(SIGNAL, SIGNAL);
    process.emit(SIGNAL, SIGNAL);
    expect(exits).toEqual([1]);
    release();
    await handle.shutdown('again');
    handle.dispose();
    expect(exits).toEqual([1, 0]);
  });
});
