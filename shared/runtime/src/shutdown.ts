import type { Logger } from 'pino';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void>;
}

export interface ShutdownOptions {
  /** Whole shutdown budget; past it the process exits 1 (default 25 s, under Kubernetes' 30 s grace). */
  timeoutMs?: number;
  signals?: NodeJS.Signals[];
  /** Replaced in tests; default process.exit. */
  exit?: (code: number) => void;
}

export interface ShutdownHandle {
  /** Runs the steps now, as a signal would (e.g. after a fatal start-up error). */
  shutdown(reason: string): Promise<void>;
  /** Removes the signal handlers. */
  dispose(): void;
}

/**
 * On SIGTERM or SIGINT, runs the steps in order (each logged with its duration), then exits 0, or 1 if a step
 * failed or the whole shutdown overran timeoutMs. A second signal exits 1 at once.
 */
export function onShutdown(logger: Logger, steps: ShutdownStep[], o: ShutdownOptions = {}): ShutdownHandle {
  const timeoutMs = o.timeoutMs ?? 25_000;
  const signals = o.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = o.exit ?? ((code: number) => process.exit(code));
  const log = logger.child({ component: 'shutdown' });
  let running: Promise<void> | undefined;

  const shutdown = (reason: string): Promise<void> => {
    running ??= (async () => {
      const started = Date.now();
      log.info({ reason, steps: steps.map((s) => s.name), timeoutMs }, 'shutting down');
      const timer = setTimeout(() => {
        log.error({ timeoutMs }, 'shutdown timed out; exiting');
        exit(1);
      }, timeoutMs);
      timer.unref();
      let failed = false;
      for (const step of steps) {
        const stepStarted = Date.now();
        try {
          await step.run();
          log.info({ step: step.name, durationMs: Date.now() - stepStarted }, 'shutdown step done');
        } catch (err) {
          failed = true;
          log.error({ err, step: step.name, durationMs: Date.now() - stepStarted }, 'shutdown step failed');
        }
      }
      clearTimeout(timer);
      log.info({ durationMs: Date.now() - started, clean: !failed }, 'shutdown complete');
      exit(failed ? 1 : 0);
    })();
    return running;
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (running) {
      log.warn({ signal }, 'second signal during shutdown; exiting now');
      exit(1);
      return;
    }
    void shutdown(signal);
  };

  for (const signal of signals) process.on(signal, onSignal);
  return {
    shutdown,
    dispose() {
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}
