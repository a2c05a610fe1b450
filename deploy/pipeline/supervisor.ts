import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface RunningService {
  name: string;
  port: number;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>;
  /** SIGTERM and wait: the graceful path every service must support. */
  stop(timeoutMs?: number): Promise<number | string>;
  /** SIGKILL: the crash path. */
  kill(): Promise<number | string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface StartOptions {
  repoRoot: string;
  name: string;
  env: Record<string, string>;
  logDir: string;
  /** How long to wait for /healthz to answer 200. */
  readyTimeoutMs?: number;
}

/** Starts `node services/<name>/dist/main.js` on a free ops port and waits until its /healthz is green. */
export async function startService(options: StartOptions): Promise<RunningService> {
  const port =
    options.env.HTTP_PORT && options.env.HTTP_PORT !== '0' ? Number(options.env.HTTP_PORT) : await freePort();
  mkdirSync(options.logDir, { recursive: true });
  const logFile = join(options.logDir, `${options.name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(
    process.execPath,
    [join(options.repoRoot, 'services', options.name, 'dist', 'main.js')],
    {
      cwd: options.repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/',
        ...options.env,
        HTTP_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      log.end();
      resolve(code ?? signal ?? 'unknown');
    });
  });
  const service: RunningService = {
    name: options.name,
    port,
    pid: child.pid ?? -1,
    logFile,
    exited,
    async stop(timeoutMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
  await waitForHealthy(service, options.readyTimeoutMs ?? 60_000);
  return service;
}

async function waitForHealthy(service: RunningService, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | string | undefined;
  void service.exited.then((code) => (exitedWith = code));
  for (;;) {
    if (exitedWith !== undefined) {
      throw new Error(
        `${service.name} exited with ${exitedWith} before becoming healthy; see ${service.logFile}`,
      );
    }
    try {
      const response = await fetch(`http://127.0.0.1:${service.port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await service.kill();
      throw new Error(`${service.name} not healthy after ${timeoutMs} ms; see ${service.logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
