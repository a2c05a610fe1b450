// Node helpers for stack.sh (run with `node --import tsx deploy/local/stackctl.ts <command>`):
//   free-ports <n>                       print n distinct free loopback TCP ports
//   wait [--timeout-ms N] --kafka host:port --mongo url --smtp host:port --mail-http url
//        [--pid name=pid]... [--log name=path]...
//     polls each given component until it answers (Kafka: admin describeCluster; FerretDB: ping; SMTP: 220 greeting;
//     mail HTTP: GET /messages) or its process died or the deadline passed; prints one line per component.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';

export type Component = 'kafka' | 'mongo' | 'smtp' | 'mail-http';
const COMPONENTS: readonly Component[] = ['kafka', 'mongo', 'smtp', 'mail-http'];

export interface WaitArgs {
  timeoutMs: number;
  targets: Partial<Record<Component, string>>;
  pids: Partial<Record<Component, number>>;
  logs: Partial<Record<Component, string>>;
}

function isComponent(name: string): name is Component {
  return (COMPONENTS as readonly string[]).includes(name);
}

export function parseWaitArgs(argv: string[]): WaitArgs {
  const args: WaitArgs = { timeoutMs: 120_000, targets: {}, pids: {}, logs: {} };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    if (!flag.startsWith('--') || value === undefined)
      throw new Error(`expected "--option value", got "${flag}"`);
    const name = flag.slice(2);
    if (name === 'timeout-ms') {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0)
        throw new Error(`--timeout-ms must be a positive number, got "${value}"`);
      args.timeoutMs = n;
    } else if (name === 'pid' || name === 'log') {
      const eq = value.indexOf('=');
      const component = value.slice(0, eq);
      if (eq < 1 || !isComponent(component))
        throw new Error(`--${name} expects <component>=<value>, got "${value}"`);
      if (name === 'pid') {
        const pid = Number(value.slice(eq + 1));
        if (!Number.isInteger(pid) || pid <= 0) throw new Error(`bad pid in "${value}"`);
        args.pids[component] = pid;
      } else {
        args.logs[component] = value.slice(eq + 1);
      }
    } else if (isComponent(name)) {
      args.targets[name] = value;
    } else {
      throw new Error(`unknown option ${flag}`);
    }
  }
  return args;
}

export function splitHostPort(target: string): { host: string; port: number } {
  const idx = target.lastIndexOf(':');
  const port = Number(target.slice(idx + 1));
  if (idx < 1 || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`expected host:port, got "${target}"`);
  }
  return { host: target.slice(0, idx), port };
}

async function probeKafka(brokers: string): Promise<void> {
  const kafka = new Kafka({
    clientId: 'crumbtrail-stack-probe',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('no brokers in metadata yet');
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function probeMongo(url: string): Promise<void> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 1500, connectTimeoutMS: 1500 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close().catch(() => undefined);
  }
}

function probeSmtp(target: string): Promise<void> {
  const { host, port } = splitHostPort(target);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => socket.destroy(new Error('no SMTP greeting within 2s')), 2000);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      socket.end('QUIT\r\n');
      if (chunk.toString('utf8').startsWith('220')) resolve();
      else reject(new Error(`unexpected SMTP greeting: ${chunk.toString('utf8').trim()}`));
    });
  });
}

async function probeMailHttp(baseUrl: string): Promise<void> {
  const res = await fetch(new URL('messages', baseUrl), { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`GET /messages answered ${res.status}`);
}

const probes: Record<Component, (target: string) => Promise<void>> = {
  kafka: probeKafka,
  mongo: probeMongo,
  smtp: probeSmtp,
  'mail-http': probeMailHttp,
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function logTail(path: string | undefined, lines = 25): string {
  if (!path) return '';
  try {
    const all = readFileSync(path, 'utf8').trimEnd().split('\n');
    return `\n--- last lines of ${path} ---\n${all.slice(-lines).join('\n')}\n---`;
  } catch {
    return '';
  }
}

async function waitFor(
  component: Component,
  target: string,
  args: WaitArgs,
  startedAt: number,
): Promise<boolean> {
  const deadline = startedAt + args.timeoutMs;
  const pid = args.pids[component];
  let lastError = 'no attempt made';
  for (;;) {
    if (pid !== undefined && !alive(pid)) {
      console.log(
        `${component}: process ${pid} exited before it became ready${logTail(args.logs[component])}`,
      );
      return false;
    }
    try {
      await probes[component](target);
      console.log(`${component}: ready at ${target} (${((Date.now() - startedAt) / 1000).toFixed(1)}s)`);
      return true;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) {
      const log = args.logs[component];
      console.log(
        `${component}: not ready at ${target} after ${args.timeoutMs / 1000}s (last error: ${lastError})` +
          (log ? `; log: ${log}` : '') +
          logTail(log),
      );
      return false;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'free-ports') {
    const n = Number(rest[0] ?? '1');
    if (!Number.isInteger(n) || n < 1 || n > 32)
      throw new Error('free-ports expects a count between 1 and 32');
    console.log((await freePorts(n)).join(' '));
    return 0;
  }
  if (command === 'wait') {
    const args = parseWaitArgs(rest);
    const startedAt = Date.now();
    const entries = COMPONENTS.flatMap((c) => {
      const target = args.targets[c];
      return target === undefined ? [] : [[c, target] as const];
    });
    const results = await Promise.all(entries.map(([c, target]) => waitFor(c, target, args, startedAt)));
    return results.every(Boolean) ? 0 : 1;
  }
  throw new Error(`unknown command "${command ?? ''}" (expected free-ports or wait)`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`stackctl: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    },
  );
}
