import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@crumbtrail/runtime';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { createApp } from './app';
import type { PollerApp } from './app';
import { loadPollerConfig } from './config';
import { startFakeApi } from './test-support/fake-api';
import type { FakeApi } from './test-support/fake-api';
import { waitFor } from './test-support/harness';

jest.setTimeout(60_000);

describe('poller app: start-up polls, skipped sources, /healthz and /metrics', () => {
  let api: FakeApi;
  let app: PollerApp;
  const logs: Record<string, unknown>[] = [];
  const unique = `app-${Date.now().toString(36)}`;
  const dbName = `poller_test_${unique.replace(/-/g, '_')}`;

  beforeAll(async () => {
    api = await startFakeApi(() => ({ status: 503, body: { message: 'down for maintenance' } }));
    const dir = mkdtempSync(join(tmpdir(), 'poller-app-'));
    writeFileSync(
      join(dir, 'demo.jsonl'),
      `${JSON.stringify({ id: 'd1', text: 'acme demo', author: 'a', publishedAt: '2025-05-01T10:00:00Z' })}\n`,
    );
    writeFileSync(
      join(dir, 'brands.yaml'),
      `brands:
  - id: acme
    name: Acme
    query: acme
    sources:
      hackernews: { schedule: "0 0 1 1 *" }
      x: { schedule: "*/5 * * * *" }
      youtube: { schedule: "*/5 * * * *", videoIds: [abc] }
      replay: { schedule: "0 0 1 1 *", file: demo.jsonl }
  - id: globex
    name: Globex
    query: globex
    sources:
      x: { schedule: "*/5 * * * *" }
`,
    );
    const config = loadPollerConfig({
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      MONGO_URL: process.env.MONGO_URL,
      MONGO_DB: dbName,
      BRANDS_FILE: join(dir, 'brands.yaml'),
      HTTP_PORT: '0',
      POLL_ON_START: 'true',
      SOURCE_UNHEALTHY_AFTER: '1',
      HTTP_MAX_RETRIES: '1',
      HACKERNEWS_BASE_URL: api.url,
    });
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n'))
          if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger({ service: 'poller', level: 'info', destination });
    app = createApp({
      config,
      logger,
      topic: `test.poller.${unique}`,
      retryPolicy: { baseDelayMs: 10, maxDelayMs: 20 },
    });
    await app.start();
  });

  afterAll(async () => {
    await app?.stop();
    await api?.close();
    const admin = new Kafka({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [`test.poller.${unique}`] }).catch(() => undefined);
    await admin.disconnect();
    const mongo = await MongoClient.connect(process.env.MONGO_URL!);
    await mongo
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
  });

  it('logs one line per source skipped for a missing key, naming the brands', () => {
    const skipped = logs.filter((l) => typeof l.msg === 'string' && l.msg.includes('skipped'));
    expect(skipped.map((l) => l.msg)).toEqual([
      'source x skipped: X_BEARER_TOKEN not set (brands: acme, globex)',
      'source youtube skipped: YOUTUBE_API_KEY not set (brands: acme)',
    ]);
  });

  it('runs every poll at start-up; a failing source makes /healthz 503 with details while the others go on', async () => {
    const base = `http://127.0.0.1:${app.opsPort()!}`;
    let httpStatus = 0;
    const health = await waitFor(async () => {
      const res = await fetch(`${base}/healthz`);
      httpStatus = res.status;
      const body = (await res.json()) as {
        status: string;
        components: {
          name: string;
          healthy: boolean;
          details?: { unhealthy?: string[]; sources?: { source: string; state: string }[] };
        }[];
      };
      const sources = body.components.find((c) => c.name === 'sources');
      const states = Object.fromEntries((sources?.details?.sources ?? []).map((s) => [s.source, s.state]));
      return states.hackernews === 'unhealthy' && states.replay === 'healthy' ? body : undefined;
    }, 'hackernews unhealthy and replay healthy');
    expect(httpStatus).toBe(503);
    expect(health.status).toBe('unhealthy');
    expect(health.components.find((c) => c.name === 'sources')!.details!.unhealthy).toEqual([
      'acme:hackernews',
    ]);
    expect(health.components.map((c) => c.name)).toEqual(['scheduler', 'sources', 'mongo']);
    expect(api.requests.length).toBe(2); // first try + 1 retry
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/poller_source_healthy\{[^}]*source="hackernews"[^}]*brand="acme"[^}]*\} 0/);
    expect(metrics).toMatch(/poller_source_healthy\{[^}]*source="replay"[^}]*\} 1/);
    expect(metrics).toMatch(/poller_source_healthy\{[^}]*source="x"[^}]*brand="globex"[^}]*\} 0/);
    expect(metrics).toMatch(
      /poller_api_errors_total\{[^}]*source="hackernews"[^}]*kind="server_error"[^}]*\} 2/,
    );
    expect(metrics).toMatch(
      /poller_mentions_published_total\{[^}]*source="replay"[^}]*brand="acme"[^}]*\} 1/,
    );
    expect(metrics).toMatch(/poller_mentions_fetched_total\{[^}]*source="replay"[^}]*\} 1/);
    expect(metrics).toMatch(
      /poller_poll_duration_seconds_count\{[^}]*source="hackernews"[^}]*outcome="failed"[^}]*\} 1/,
    );
  });
});
