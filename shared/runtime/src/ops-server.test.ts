import { Counter, Registry } from 'prom-client';
import type { ComponentHealth } from './health';
import { createLogger } from './logger';
import { startOpsServer } from './ops-server';
import type { OpsServer, Readiness } from './ops-server';

describe('startOpsServer', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });
  const registry = new Registry();
  new Counter({ name: 'test_things_total', help: 'things', registers: [registry] }).inc(3);
  let checks: ComponentHealth[] = [];
  let ready: Readiness | Error = false;
  let server: OpsServer;
  let base: string;

  beforeAll(async () => {
    server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      registry,
      checks: () => checks,
      ready: () => {
        if (ready instanceof Error) throw ready;
        return Promise.resolve(ready);
      },
    });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());

  it('binds a real port when asked for 0', () => {
    expect(server.port).toBeGreaterThan(0);
  });

  it('/healthz is 200 when every component is healthy and 503 with the culprit otherwise', async () => {
    checks = [
      { name: 'consumer', healthy: true },
      { name: 'mongo', healthy: true },
    ];
    let res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', components: checks });

    checks = [
      { name: 'consumer', healthy: false, details: { lag: 5 } },
      { name: 'mongo', healthy: true },
    ];
    res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unhealthy', components: checks });
  });

  it('/readyz follows ready(), and a throw means not ready', async () => {
    ready = false;
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    ready = new Error('db down');
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
  });

  it('/readyz carries the details ready() gives (a standby replica says so)', async () => {
    ready = { ready: true, details: { role: 'standby' } };
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', details: { role: 'standby' } });
  });

  it('/metrics serves the registry in Prometheus text format', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('test_things_total 3');
  });

  it('answers 404 for unknown paths and 405 for other methods', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('close() is idempotent and frees the port', async () => {
    const other = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      registry,
      checks: () => [],
      ready: () => true,
    });
    await Promise.all([other.close(), other.close()]);
    await expect(fetch(`http://127.0.0.1:${other.port}/healthz`)).rejects.toThrow();
  });
});
