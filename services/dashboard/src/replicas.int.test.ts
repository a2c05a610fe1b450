import type { ClassifiedMention } from '@crumbtrail/contracts';
import { createKafka, createLogger, kafkaConnectionFrom, type Kafka } from '@crumbtrail/runtime';
import { waitFor } from '../../../test/support';
import type { InboxResponse, MentionsResponse } from './api/schemas';
import { LoginFailures, type LoginFailureDoc } from './auth/login-failures-repo';
import { LOGIN_LIMITS } from './auth/rate-limit';
import {
  ADMIN,
  Client,
  classified,
  startDashboard,
  startReplica,
  type Harness,
  type Replica,
} from './test-support/harness';

// Two dashboard processes (replicas) on one database, topic and consumer group, as `docker compose up --scale
// dashboard=2` runs them behind a load balancer.
jest.setTimeout(120_000);

let h: Harness; // replica A (owns the database)
let b: Replica; // replica B
let kafka: Kafka;
let partitions: number[];

/** The partitions of one member's assignment (Kafka's ConsumerProtocol MemberAssignment bytes). */
function assignedPartitions(bytes: Buffer): number[] {
  let at = 2; // version
  const out: number[] = [];
  const topics = bytes.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topics; t++) {
    at += 2 + bytes.readInt16BE(at); // topic name
    const n = bytes.readInt32BE(at);
    at += 4;
    for (let i = 0; i < n; i++, at += 4) out.push(bytes.readInt32BE(at));
  }
  return out;
}

/** An open live stream; collects what arrives. */
async function openStream(base: string, cookie: string) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/live?brand=acme`, {
    headers: { cookie },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const reading = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += decoder.decode(value as Uint8Array, { stream: true });
      }
    } catch {
      // aborted by close()
    }
  })();
  /** Ids of the mention events received so far, in order. */
  const mentionIds = (): string[] =>
    text
      .split('\n\n')
      .filter((frame) => frame.startsWith('event: mention\n'))
      .map((frame) => (JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as { id: string }).id);
  const inboxIds = (): string[] =>
    text
      .split('\n\n')
      .filter((frame) => frame.startsWith('event: inbox\n'))
      .map(
        (frame) =>
          (JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as { mention: { id: string } }).mention.id,
      );
  return {
    mentionIds,
    inboxIds,
    texts: () => text,
    async close() {
      controller.abort();
      await reading;
    },
  };
}

beforeAll(async () => {
  h = await startDashboard();
  b = await startReplica(h);
  kafka = createKafka(
    kafkaConnectionFrom(h.config, 'dashboard-replicas-test'),
    createLogger({ service: 'test', level: 'warn' }),
  );
  const admin = kafka.admin();
  await admin.connect();
  try {
    const meta = await admin.fetchTopicMetadata({ topics: [h.topic] });
    partitions = (meta.topics[0]?.partitions ?? []).map((p) => p.partitionId).sort();
  } finally {
    await admin.disconnect();
  }
}, 120_000);

afterAll(async () => {
  await b?.stop();
  await h?.stop();
});

describe('live streams with two replicas', () => {
  it('a stream on either replica receives the mentions of every partition, and each is indexed once', async () => {
    expect(partitions.length).toBeGreaterThanOrEqual(2);
    // The read-model group really is split: both replicas hold partitions of it (without the per-replica live
    // consumer, a stream on one replica would miss the other's partitions).
    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const { groups } = await admin.describeGroups([h.config.CONSUMER_GROUP!]);
          const members = groups[0]?.members ?? [];
          return (
            groups[0]?.state === 'Stable' &&
            members.length === 2 &&
            members.every((m) => assignedPartitions(m.memberAssignment).length > 0)
          );
        },
        { timeoutMs: 60_000, description: 'the read-model group split between the two replicas' },
      );
    } finally {
      await admin.disconnect();
    }

    const admin1 = new Client(h.base);
    expect((await admin1.login(ADMIN.email, ADMIN.password)).status).toBe(200);
    // The session is in MongoDB: the same cookie works on both replicas.
    const onA = await openStream(h.base, admin1.cookie!);
    const onB = await openStream(b.base, admin1.cookie!);
    try {
      // A new live group starts at the latest offset when it first fetches: probe each partition until both
      // streams have seen a mention from it, so nothing published afterwards can fall before that offset.
      const seen = new Map<number, string[]>(partitions.map((p) => [p, []]));
      let round = 0;
      await waitFor(
        async () => {
          const ids = (s: typeof onA) => new Set(s.mentionIds());
          const [a, bb] = [ids(onA), ids(onB)];
          const missing = partitions.filter(
            (p) => !seen.get(p)!.some((id) => a.has(id)) || !seen.get(p)!.some((id) => bb.has(id)),
          );
          if (missing.length === 0) return true;
          round++;
          for (const p of missing) {
            const probe = classified({ brand: 'acme', id: `probe-${p}-${round}`, at: new Date() });
            seen.get(p)!.push(probe.eventId);
            await h.publishTo(p, [probe]);
          }
          return false;
        },
        { timeoutMs: 60_000, intervalMs: 500, description: 'both streams to see every partition' },
      );

      const published: ClassifiedMention[] = [];
      for (const p of partitions) {
        const batch = [0, 1, 2].map((i) =>
          classified({
            brand: 'acme',
            id: `p${p}-m${i}`,
            at: new Date(),
            ...(i === 0 && { intent: 'complaint' as const, sentiment: 'negative' as const }),
            text: `mention ${i} on partition ${p}`,
          }),
        );
        published.push(...batch);
        await h.publishTo(p, batch);
      }
      const ids = published.map((m) => m.eventId);
      const complaints = published.filter((m) => m.classification.intent.label === 'complaint');
      for (const [name, stream] of [
        ['replica A', onA],
        ['replica B', onB],
      ] as const) {
        await waitFor(() => ids.every((id) => stream.mentionIds().includes(id)), {
          timeoutMs: 30_000,
          description: `every mention on the stream of ${name}`,
        });
        // Each once, and the complaints as inbox items too.
        expect(
          stream
            .mentionIds()
            .filter((id) => ids.includes(id))
            .sort(),
        ).toEqual([...ids].sort());
        await waitFor(() => complaints.every((m) => stream.inboxIds().includes(m.eventId)), {
          description: `the inbox items on the stream of ${name}`,
        });
      }

      // The read model (shared group): every mention listed once, and every complaint once in the inbox, on both.
      for (const base of [h.base, b.base]) {
        const c = new Client(base);
        c.cookie = admin1.cookie;
        const listed = await waitFor(
          async () => {
            const page = (await c.get('/api/v1/brands/acme/mentions?period=24h&limit=100'))
              .json as MentionsResponse;
            const got = page.items.map((m) => m.id).filter((id) => ids.includes(id));
            return got.length >= ids.length && got;
          },
          { timeoutMs: 60_000, description: 'the read model to list every mention' },
        );
        expect([...listed].sort()).toEqual([...ids].sort());
        const inbox = (await c.get('/api/v1/brands/acme/inbox?limit=100')).json as InboxResponse;
        expect(inbox.items.map((i) => i.mention.id).sort()).toEqual(complaints.map((m) => m.eventId).sort());
        expect(inbox.counts.open).toBe(complaints.length);
      }
    } finally {
      await onA.close();
      await onB.close();
    }
  });
});

describe('login rate limiting with two replicas', () => {
  const victim = 'victim@example.com';

  it('counts failures sent to both replicas together, and the lock survives a restart', async () => {
    const onA = new Client(h.base);
    const onB = new Client(b.base);
    // 5 failures, split 3 / 2: each process alone has seen fewer than the limit.
    for (const c of [onA, onB, onA, onB, onA]) {
      expect((await c.login(victim, 'wrong-password')).status).toBe(401);
    }
    for (const c of [onA, onB]) {
      const limited = await c.login(victim, 'another-wrong-password');
      expect(limited.status).toBe(429);
      expect(limited.json).toMatchObject({ message: expect.stringMatching(/too many failed logins/) });
      const retry = Number(limited.headers.get('retry-after'));
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(15 * 60);
    }
    const stored = await h.db
      .collection<LoginFailureDoc>('dashboard_login_failures')
      .findOne({ _id: `account:${victim}` });
    expect(stored?.count).toBe(5);

    // A new process (replica B restarted) knows nothing in memory, and still refuses.
    await b.stop();
    b = await startReplica(h);
    const fresh = await new Client(b.base).login(victim, 'wrong-password');
    expect(fresh.status).toBe(429);
    expect(Number(fresh.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from the same address is not locked (30 per address).
    expect((await new Client(b.base).login(ADMIN.email, ADMIN.password)).status).toBe(200);
  });

  it('counts concurrent failures exactly, opens a new window after one ends, and sweeps ended windows', async () => {
    const one = new LoginFailures(h.db, LOGIN_LIMITS);
    const two = new LoginFailures(h.db, LOGIN_LIMITS);
    const col = h.db.collection<LoginFailureDoc>('dashboard_login_failures');
    const t0 = new Date();
    // Ten failures at the same moment through two repositories (two replicas): none lost to a race.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).fail('racer@example.com', '10.0.0.7', t0)),
    );
    expect((await col.findOne({ _id: 'account:racer@example.com' }))?.count).toBe(10);
    expect((await col.findOne({ _id: 'ip:10.0.0.7' }))?.count).toBe(10);
    expect(await one.retryAfterMs('Racer@Example.com', '10.0.0.8', t0)).toBe(LOGIN_LIMITS.account.windowMs);
    expect(await one.retryAfterMs('someone@example.com', '10.0.0.8', t0)).toBe(0);

    // After the window: allowed again, and the next failure opens a new window of one.
    const later = new Date(t0.getTime() + LOGIN_LIMITS.account.windowMs);
    expect(await two.retryAfterMs('racer@example.com', '10.0.0.7', later)).toBe(0);
    await two.fail('racer@example.com', '10.0.0.9', later);
    expect(await col.findOne({ _id: 'account:racer@example.com' })).toMatchObject({ count: 1, start: later });

    // A success forgets the account (not the address).
    await one.succeeded('racer@example.com', '10.0.0.7');
    expect(await col.findOne({ _id: 'account:racer@example.com' })).toBeNull();

    // The sweep deletes windows that ended, and only those.
    const swept = await one.sweep(new Date(t0.getTime() + LOGIN_LIMITS.ip.windowMs + 1));
    expect(swept).toBeGreaterThanOrEqual(1);
    expect(await col.findOne({ _id: 'ip:10.0.0.7' })).toBeNull();
    expect(await col.findOne({ _id: 'ip:10.0.0.9' })).not.toBeNull();
  });
});
