import { signActionToken } from '@crumbtrail/alert-actions';
import type { AlertDoc, HourDoc, SourceStatusDoc } from '@crumbtrail/storage';
import { waitFor } from '../../../test/support';
import type { InboxResponse, Mention, MentionsResponse, SessionResponse } from './api/schemas';
import {
  ACTION_SECRET,
  ADMIN,
  Client,
  classified,
  openAlertDoc,
  startDashboard,
  type Harness,
} from './test-support/harness';

// scrypt (32 MiB, ~0.1 s a hash) on a loaded machine: logins take their time.
jest.setTimeout(60_000);

const H = 3_600_000;
let h: Harness;
let admin: Client;
let manager: Client; // manager of acme
let viewer: Client; // viewer of acme
let outsider: Client; // manager of globex only: every acme route must refuse
const now = Date.now();
const at = (hoursAgo: number, minutes = 0) => new Date(now - hoursAgo * H - minutes * 60_000);

// acme: 8 mentions over the last 6 hours, mixed labels; globex: 2.
const acme = [
  classified({
    brand: 'acme',
    id: 'a1',
    at: at(6),
    sentiment: 'negative',
    intent: 'complaint',
    text: 'Refund still missing, awful',
  }),
  classified({
    brand: 'acme',
    id: 'a2',
    at: at(5),
    sentiment: 'positive',
    intent: 'praise',
    source: 'hackernews',
  }),
  classified({
    brand: 'acme',
    id: 'a3',
    at: at(4),
    sentiment: 'negative',
    intent: 'question',
    text: 'why is the refund late?',
  }),
  classified({
    brand: 'acme',
    id: 'a4',
    at: at(3),
    sentiment: 'neutral',
    lang: 'de',
    text: 'Acme Lieferung',
  }),
  classified({
    brand: 'acme',
    id: 'a5',
    at: at(2),
    sentiment: 'negative',
    intent: 'complaint',
    text: 'refund denied again',
  }),
  classified({
    brand: 'acme',
    id: 'a6',
    at: at(1),
    sentiment: 'positive',
    url: 'javascript:alert(1)',
    text: '<img src=x onerror=alert(1)>',
  }),
  classified({
    brand: 'acme',
    id: 'a7',
    at: at(0, 30),
    sentiment: 'neutral',
    intent: 'question',
    text: 'does it sync?',
  }),
  classified({
    brand: 'acme',
    id: 'a8',
    at: at(0, 10),
    sentiment: 'negative',
    source: 'hackernews',
    text: 'slow sync',
  }),
];
const globex = [
  classified({ brand: 'globex', id: 'g1', at: at(2), sentiment: 'negative', intent: 'complaint' }),
  classified({ brand: 'globex', id: 'g2', at: at(1), sentiment: 'positive' }),
];
const idOf = (m: { eventId: string }) => m.eventId;
const ALERT_ID = 'a'.repeat(32);
const GLOBEX_ALERT_ID = 'b'.repeat(32);

async function userClient(email: string, role: 'manager' | 'viewer', brands: string[]): Promise<Client> {
  const res = await admin.request('POST', '/api/v1/users', {
    email,
    name: email,
    role,
    brands,
    password: 'a-long-password-1',
  });
  expect(res.status).toBe(201);
  const c = new Client(h.base);
  expect((await c.login(email, 'a-long-password-1')).status).toBe(200);
  return c;
}

beforeAll(async () => {
  h = await startDashboard();
  admin = new Client(h.base);
  expect((await admin.login(ADMIN.email, ADMIN.password)).status).toBe(200);
  manager = await userClient('manager@example.com', 'manager', ['acme']);
  viewer = await userClient('viewer@example.com', 'viewer', ['acme']);
  outsider = await userClient('outsider@example.com', 'manager', ['globex']);
  await h.publish([...acme, ...globex]);
  const hours: HourDoc[] = [0, 1, 2].map((ago) => {
    const bucket = new Date(Math.floor((now - ago * H) / H) * H);
    return {
      _id: `acme|${bucket.toISOString()}`,
      brand: 'acme',
      bucket,
      wm: {},
      total: 10,
      sentiment: { negative: 4, positive: 6 },
      intent: { complaint: 3, other: 7 },
      sources: { reddit: 10 },
      langs: { en: 10 },
      complaints: 3,
      updatedAt: bucket,
    };
  });
  await h.db.collection<HourDoc>('rollups_hour').insertMany(hours);
  await h.db
    .collection<AlertDoc>('alerts')
    .insertMany([openAlertDoc(ALERT_ID, 'acme', at(1)), openAlertDoc(GLOBEX_ALERT_ID, 'globex', at(1))]);
  await h.db
    .collection('alert_heads')
    .insertOne({ _id: 'acme' as never, openAlertId: ALERT_ID, updatedAt: new Date() });
  const status: SourceStatusDoc[] = [
    {
      _id: 'acme:reddit',
      brand: 'acme',
      source: 'reddit',
      lastSuccessAt: at(0, 1),
      consecutiveFailures: 0,
      mentionsLastPoll: 3,
      updatedAt: new Date(),
    },
    {
      _id: 'acme:hackernews',
      brand: 'acme',
      source: 'hackernews',
      lastSuccessAt: at(5),
      lastErrorAt: at(0, 2),
      lastError: 'HTTP 503',
      consecutiveFailures: 7,
      updatedAt: new Date(),
    },
  ];
  await h.db.collection<SourceStatusDoc>('source_status').insertMany(status);
  // The read model has indexed everything (the consumer went through the topic).
  await waitFor(
    async () => {
      const res = await manager.get('/api/v1/brands/acme/mentions?period=24h&limit=100');
      return (res.json as MentionsResponse).items?.length === acme.length;
    },
    { timeoutMs: 60_000, description: 'the read model to index the seeded mentions' },
  );
}, 120_000);

afterAll(async () => {
  await h?.stop();
});

describe('login and sessions', () => {
  it('sets an HttpOnly SameSite=Lax cookie and answers the session with a csrf token', async () => {
    const c = new Client(h.base);
    const res = await c.login(ADMIN.email, ADMIN.password);
    expect(res.headers.get('set-cookie')).toMatch(/^ct_session=[\w-]+;.*HttpOnly.*SameSite=Lax/i);
    const s = (await c.get('/api/v1/session')).json as SessionResponse;
    expect(s.user.email).toBe(ADMIN.email);
    expect(s.csrfToken).toBe(c.csrf);
    expect(s.brands.map((b) => b.id)).toEqual(['acme', 'globex']);
    expect(s.canManageUsers).toBe(true);
  });

  it('refuses a wrong password with 401, then rate-limits the account with 429 and Retry-After', async () => {
    const c = new Client(h.base);
    for (let i = 0; i < 5; i++)
      expect((await c.login('viewer@example.com', 'wrong-password')).status).toBe(401);
    const limited = await c.login('viewer@example.com', 'a-long-password-1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('logs out: the cookie stops working', async () => {
    const c = new Client(h.base);
    await c.login(ADMIN.email, ADMIN.password);
    expect((await c.request('POST', '/api/v1/logout')).status).toBe(204);
    expect((await c.get('/api/v1/session')).status).toBe(401);
  });

  it('answers 401 without a session and sends a strict CSP', async () => {
    const res = await new Client(h.base).get('/api/v1/overview');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});

describe('CSRF', () => {
  it('refuses a state change from a session without the right x-csrf-token header', async () => {
    const path = `/api/v1/mentions/${idOf(acme[1]!)}/correction`;
    const body = { sentiment: 'negative', intent: 'complaint' };
    const none = await manager.request('POST', path, body, { csrf: null });
    expect(none.status).toBe(403);
    expect(none.json).toMatchObject({ error: 'csrf' });
    expect((await manager.request('POST', path, body, { csrf: 'forged' })).status).toBe(403);
    expect(await h.db.collection('mention_feedback').findOne({ _id: idOf(acme[1]!) as never })).toBeNull();
  });

  it('lets API tokens (no cookie) act without a csrf token, until revoked', async () => {
    const created = await manager.request('POST', '/api/v1/tokens', { name: 'script' });
    expect(created.status).toBe(201);
    const { token, id } = created.json as { token: string; id: string };
    const script = new Client(h.base);
    script.bearer = token;
    expect((await script.get('/api/v1/brands/acme/inbox')).status).toBe(200);
    expect((await script.get('/api/v1/brands/globex/inbox')).status).toBe(404);
    const stored = await h.db.collection('dashboard_api_tokens').findOne({ id });
    expect(JSON.stringify(stored)).not.toContain(token.slice(20));
    expect((await manager.request('DELETE', `/api/v1/tokens/${id}`)).status).toBe(204);
    expect((await script.get('/api/v1/brands/acme/inbox')).status).toBe(401);
  });
});

describe('every route refuses a user without rights', () => {
  // Public routes, declared as such; adding one means adding it here on purpose.
  const PUBLIC = [
    'POST /api/v1/login',
    'GET /api/v1/openapi.json',
    'GET /email-actions/:token',
    'POST /email-actions/:token',
    'GET /healthz',
    'GET /readyz',
    'GET /metrics',
    'GET /',
    'GET /login',
    'GET /inbox',
    'GET /sources',
    'GET /alerts',
    'GET /alerts/*',
    'GET /brands/*',
    'GET /users',
    'GET /assets/:file',
  ];
  // A valid body per state-changing route, so that the refusal comes from the access check, not from validation.
  const BODIES: Record<string, unknown> = {
    'POST /api/v1/mentions/:id/correction': { sentiment: 'negative', intent: 'complaint' },
    'POST /api/v1/brands/:brand/inbox/actions': { action: 'handle', ids: [idOf(acme[0]!)] },
    'POST /api/v1/alerts/:id/acknowledge': { note: 'mine' },
    'PUT /api/v1/brands/:brand/mute': { hours: 2 },
    'POST /api/v1/users': {
      email: 'x@example.com',
      name: 'x',
      role: 'admin',
      brands: [],
      password: 'a-long-password-1',
    },
    'PATCH /api/v1/users/:id': { role: 'admin' },
    'POST /api/v1/tokens': { name: 'mine' },
  };
  // Routes about the caller's own session and tokens: allowed, and they must not show any acme data.
  const SELF = [
    'GET /api/v1/session',
    'GET /api/v1/tokens',
    'POST /api/v1/tokens',
    'POST /api/v1/logout',
    'DELETE /api/v1/tokens/:id',
    'GET /api/v1/overview',
  ];

  function concrete(url: string, userId: string): string {
    return url
      .replace(':brand', 'acme')
      .replace(/^\/api\/v1\/mentions\/:id/, `/api/v1/mentions/${idOf(acme[0]!)}`)
      .replace(/^\/api\/v1\/alerts\/:id/, `/api/v1/alerts/${ALERT_ID}`)
      .replace(/^\/api\/v1\/users\/:id/, `/api/v1/users/${userId}`)
      .replace(/^\/api\/v1\/tokens\/:id/, '/api/v1/tokens/0123456789abcdef');
  }

  it('as nobody: 401 on every non-public route; the public list is exactly the declared one', async () => {
    const routes = h.app.server().registered.filter((r) => r.method !== 'HEAD');
    const publicOnes = routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`);
    expect(publicOnes.sort()).toEqual([...PUBLIC].sort());
    const nobody = new Client(h.base);
    for (const r of routes.filter((x) => x.access !== 'public')) {
      const res = await nobody.request(
        r.method,
        `${concrete(r.url, 'f'.repeat(24))}${r.url === '/api/v1/live' ? '?brand=acme' : ''}`,
        BODIES[`${r.method} ${r.url}`],
      );
      expect([r.method, r.url, res.status]).toEqual([r.method, r.url, 401]);
    }
  });

  it("as globex's manager: 404 on every acme route, 403 on admin routes, nothing of acme on their own routes", async () => {
    const session = (await outsider.get('/api/v1/session')).json as SessionResponse;
    const routes = h.app
      .server()
      .registered.filter(
        (r) => r.method !== 'HEAD' && r.access !== 'public' && !SELF.includes(`${r.method} ${r.url}`),
      );
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      if (r.method !== 'GET' && r.method !== 'DELETE' && !(key in BODIES))
        throw new Error(`add a body for ${key} to BODIES`);
      const query = ['/api/v1/live', '/api/v1/alerts', '/api/v1/sources'].includes(r.url)
        ? '?brand=acme'
        : '';
      const res = await outsider.request(
        r.method,
        `${concrete(r.url, session.user.id)}${query}`,
        BODIES[key],
      );
      const expected = r.access === 'admin' ? 403 : 404;
      expect([key, res.status]).toEqual([key, expected]);
    }
    for (const key of SELF.filter((k) => k.startsWith('GET'))) {
      const res = await outsider.get(key.slice(4));
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('acme');
    }
    // Nothing of acme changed.
    expect(await h.db.collection('mention_feedback').findOne({ brand: 'acme' })).toBeNull();
    expect(await h.db.collection('alert_acks').findOne({ _id: ALERT_ID as never })).toBeNull();
    expect(await h.db.collection('brand_mutes').findOne({ _id: 'acme' as never })).toBeNull();
  });

  it('answers a guessed id of another brand exactly like an unknown id', async () => {
    const theirs = await outsider.get(`/api/v1/mentions/${idOf(acme[0]!)}`);
    const unknown = await outsider.get(`/api/v1/mentions/${'0'.repeat(32)}`);
    expect(theirs.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect((theirs.json as { error: string }).error).toBe((unknown.json as { error: string }).error);
    expect((await outsider.get(`/api/v1/alerts/${GLOBEX_ALERT_ID}`)).status).toBe(200);
  });
});

describe('mentions', () => {
  const list = async (c: Client, q: string) => {
    const res = await c.get(`/api/v1/brands/acme/mentions?${q}`);
    expect(res.status).toBe(200);
    return res.json as MentionsResponse;
  };

  it('lists newest first with text, author, link, labels and confidences; unsafe links are dropped', async () => {
    const page = await list(viewer, 'period=24h');
    expect(page.items.map((m) => m.id)).toEqual([...acme].reverse().map(idOf));
    const a6 = page.items.find((m) => m.id === idOf(acme[5]!));
    expect(a6).toMatchObject({
      url: null,
      text: '<img src=x onerror=alert(1)>',
      sentimentConfidence: 0.81,
      intentConfidence: 0.72,
    });
    expect(page.items[0]).toMatchObject({
      author: 'user_a8',
      source: 'hackernews',
      url: expect.stringMatching(/^https:/),
    });
  });

  it('filters by sentiment, intent, source, language, words and time range', async () => {
    const ids = async (q: string) => (await list(viewer, q)).items.map((m) => m.id);
    expect(await ids('sentiment=negative')).toEqual(
      [acme[7], acme[4], acme[2], acme[0]].map((m) => idOf(m!)),
    );
    expect(await ids('sentiment=negative&intent=complaint')).toEqual([acme[4], acme[0]].map((m) => idOf(m!)));
    expect(await ids('source=hackernews')).toEqual([acme[7], acme[1]].map((m) => idOf(m!)));
    expect(await ids('lang=de')).toEqual([idOf(acme[3]!)]);
    expect(await ids('q=REFUND%20missing')).toEqual([idOf(acme[0]!)]);
    const from = at(4, 1).toISOString();
    const to = at(1, 1).toISOString();
    expect(await ids(`period=custom&from=${from}&to=${to}`)).toEqual(
      [acme[4], acme[3], acme[2]].map((m) => idOf(m!)),
    );
  });

  it('pages by cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: MentionsResponse = await list(viewer, `limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...acme].reverse().map(idOf));
  });

  it.each([
    ['sentiment=angry', /sentiment: unknown value "angry"/],
    ['source=myspace', /source/],
    ['period=custom&from=yesterday&to=today', /query.from/],
    ['period=custom', /needs from and to/],
    ['cursor=!!!', /cursor/],
    [`cursor=${Buffer.from('{"x":1}').toString('base64url')}`, /cursor/],
    ['limit=1000', /limit/],
    ['period=1y', /period/],
  ])('answers %s with 400 and a message', async (q, message) => {
    const res = await viewer.get(`/api/v1/brands/acme/mentions?${q}`);
    expect(res.status).toBe(400);
    expect((res.json as { message: string }).message).toMatch(message);
  });

  it('answers malformed ids, unknown brands and bad bodies with 4xx, never 500', async () => {
    expect((await viewer.get('/api/v1/mentions/not-an-id')).status).toBe(400);
    expect((await viewer.get('/api/v1/brands/Not_A_Brand/mentions')).status).toBe(400);
    expect((await viewer.get('/api/v1/brands/nosuchbrand/mentions')).status).toBe(404);
    const path = `/api/v1/mentions/${idOf(acme[1]!)}/correction`;
    expect((await manager.request('POST', path, undefined, { raw: '{"sentiment":' })).status).toBe(400);
    expect(
      (await manager.request('POST', path, undefined, { raw: JSON.stringify({ note: 'x'.repeat(70_000) }) }))
        .status,
    ).toBe(413);
    expect((await manager.request('POST', path, { sentiment: 'furious', intent: 'complaint' })).status).toBe(
      400,
    );
    const form = await manager.request('POST', path, undefined, {
      raw: 'sentiment=negative',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });
});

describe('corrections', () => {
  it('stores a manager correction as feedback, shows it on the mention and in lists, and audits it', async () => {
    const id = idOf(acme[1]!);
    const res = await manager.request('POST', `/api/v1/mentions/${id}/correction`, {
      sentiment: 'negative',
      intent: 'complaint',
      note: 'sarcasm',
    });
    expect(res.status).toBe(200);
    expect((res.json as Mention).correction).toMatchObject({
      sentiment: 'negative',
      intent: 'complaint',
      by: 'manager@example.com',
      note: 'sarcasm',
    });
    const fb = await h.db.collection('mention_feedback').findOne({ _id: id as never });
    expect(fb).toMatchObject({
      brand: 'acme',
      lang: 'en',
      model: { sentiment: 'positive', intent: 'praise', version: 'test-1' },
      corrected: { sentiment: 'negative', intent: 'complaint' },
      by: 'manager@example.com',
    });
    const listed = ((await viewer.get('/api/v1/brands/acme/mentions')).json as MentionsResponse).items.find(
      (m) => m.id === id,
    );
    expect(listed?.correction?.sentiment).toBe('negative');
    const audit = await h.db.collection('dashboard_audit').findOne({ action: 'mention.correct', target: id });
    expect(audit).toMatchObject({
      actor: 'manager@example.com',
      brand: 'acme',
      after: { sentiment: 'negative', intent: 'complaint' },
    });
  });

  it('refuses a viewer with 403', async () => {
    const res = await viewer.request('POST', `/api/v1/mentions/${idOf(acme[2]!)}/correction`, {
      sentiment: 'neutral',
      intent: 'other',
    });
    expect(res.status).toBe(403);
  });
});

describe('inbox', () => {
  const inbox = async (q = '') => (await viewer.get(`/api/v1/brands/acme/inbox${q}`)).json as InboxResponse;

  it('lists open complaints and questions oldest first with the open count', async () => {
    const page = await inbox();
    expect(page.items.map((i) => [i.mention.id, i.kind])).toEqual([
      [idOf(acme[0]!), 'complaint'],
      [idOf(acme[2]!), 'question'],
      [idOf(acme[4]!), 'complaint'],
      [idOf(acme[6]!), 'question'],
    ]);
    expect(page.counts.open).toBe(4);
    const paged = await inbox('?limit=2');
    const rest = await inbox(`?limit=2&cursor=${paged.nextCursor}`);
    expect([...paged.items, ...rest.items].map((i) => i.mention.id)).toEqual(
      page.items.map((i) => i.mention.id),
    );
    expect((await inbox('?kind=question')).items).toHaveLength(2);
  });

  it('marks handled, dismisses in bulk and reopens, with who and when; a viewer may not', async () => {
    const path = '/api/v1/brands/acme/inbox/actions';
    expect((await viewer.request('POST', path, { action: 'handle', ids: [idOf(acme[0]!)] })).status).toBe(
      403,
    );
    const handled = await manager.request('POST', path, { action: 'handle', ids: [idOf(acme[0]!)] });
    expect(handled.status).toBe(200);
    expect((handled.json as { items: { state: string; stateBy: string }[] }).items[0]).toMatchObject({
      state: 'handled',
      stateBy: 'manager@example.com',
    });
    const bulk = await manager.request('POST', path, {
      action: 'dismiss',
      ids: [idOf(acme[2]!), idOf(acme[6]!)],
    });
    expect(bulk.status).toBe(200);
    expect((await inbox()).items.map((i) => i.mention.id)).toEqual([idOf(acme[4]!)]);
    expect((await inbox()).counts.open).toBe(1);
    expect((await inbox('?state=handled')).items.map((i) => i.mention.id)).toEqual([idOf(acme[0]!)]);
    expect((await inbox('?state=dismissed')).items).toHaveLength(2);
    await manager.request('POST', path, { action: 'reopen', ids: [idOf(acme[0]!)] });
    expect((await inbox()).items.map((i) => i.mention.id)).toEqual([idOf(acme[0]!), idOf(acme[4]!)]);
    expect(
      await h.db.collection('dashboard_audit').countDocuments({ brand: 'acme', action: /^inbox\./ }),
    ).toBe(3);
  });

  it("answers another brand's item id with 404 and changes nothing", async () => {
    const res = await manager.request('POST', '/api/v1/brands/acme/inbox/actions', {
      action: 'handle',
      ids: [idOf(globex[0]!)],
    });
    expect(res.status).toBe(404);
    const theirs = (await outsider.get('/api/v1/brands/globex/inbox')).json as InboxResponse;
    expect(theirs.items.map((i) => [i.mention.id, i.state])).toEqual([[idOf(globex[0]!), 'open']]);
  });
});

describe('alerts and mutes', () => {
  it('lists and shows an alert with its evidence; acknowledges with a note (the first stands)', async () => {
    const listed = (await viewer.get('/api/v1/alerts?brand=acme')).json as {
      items: { alertId: string; acknowledgement: unknown }[];
    };
    expect(listed.items.map((a) => a.alertId)).toEqual([ALERT_ID]);
    const detail = await viewer.get(`/api/v1/alerts/${ALERT_ID}`);
    expect(detail.json).toMatchObject({
      alert: { alertId: ALERT_ID, topTerms: [{ term: 'refund', count: 4 }] },
      acknowledgement: null,
    });
    expect(
      (await viewer.request('POST', `/api/v1/alerts/${ALERT_ID}/acknowledge`, { note: 'x' })).status,
    ).toBe(403);
    const ack = await manager.request('POST', `/api/v1/alerts/${ALERT_ID}/acknowledge`, { note: 'on it' });
    expect(ack.json).toMatchObject({ acknowledgement: { by: 'manager@example.com', note: 'on it' } });
    const again = await admin.request('POST', `/api/v1/alerts/${ALERT_ID}/acknowledge`, {});
    expect(again.json).toMatchObject({ acknowledgement: { by: 'manager@example.com' } });
    const all = (await admin.get('/api/v1/alerts')).json as { items: { alertId: string }[] };
    expect(all.items.map((a) => a.alertId).sort()).toEqual([ALERT_ID, GLOBEX_ALERT_ID]);
  });

  it('mutes a brand for some hours, shows it, and unmutes', async () => {
    expect((await viewer.request('PUT', '/api/v1/brands/acme/mute', { hours: 4 })).status).toBe(403);
    expect((await manager.request('PUT', '/api/v1/brands/acme/mute', { hours: 0 })).status).toBe(400);
    const muted = await manager.request('PUT', '/api/v1/brands/acme/mute', { hours: 4, note: 'maintenance' });
    expect(muted.status).toBe(200);
    const until = Date.parse((muted.json as { mute: { until: string } }).mute.until);
    expect(Math.abs(until - (Date.now() + 4 * H))).toBeLessThan(60_000);
    expect(((await viewer.get('/api/v1/brands/acme/trend')).json as { mute: { by: string } }).mute.by).toBe(
      'manager@example.com',
    );
    expect((await manager.request('DELETE', '/api/v1/brands/acme/mute')).json).toEqual({ mute: null });
    expect(
      await h.db
        .collection('dashboard_audit')
        .countDocuments({ brand: 'acme', action: /^brand\.(un)?mute$/ }),
    ).toBe(2);
  });
});

describe('overview, brand trend and sources', () => {
  it('shows the trend from the hour rollups with alerts marked, breakdowns, share of voice and previous period', async () => {
    const res = await viewer.get('/api/v1/brands/acme/trend?period=24h&compare=true');
    expect(res.status).toBe(200);
    const t = res.json as {
      series: { total: number; negative: number }[];
      totals: { mentions: number; negativeShare: number };
      previous: { totals: { mentions: number } };
      alerts: { alertId: string }[];
      breakdowns: { source: Record<string, number> };
      shareOfVoice: { brand: string; share: number }[];
      topNegativeTerms: { term: string }[];
      granularity: string;
    };
    expect(t.granularity).toBe('hour');
    expect(t.series).toHaveLength(24);
    expect(t.totals).toMatchObject({ mentions: 30, negativeShare: 0.4 });
    expect(t.series.filter((p) => p.total === 10)).toHaveLength(3);
    expect(t.previous.totals.mentions).toBe(0);
    expect(t.alerts.map((a) => a.alertId)).toEqual([ALERT_ID]);
    expect(t.breakdowns.source).toEqual({ reddit: 30 });
    expect(t.shareOfVoice).toEqual([{ brand: 'acme', mentions: 30, share: 1 }]); // the viewer reads acme only
    expect(t.topNegativeTerms.map((x) => x.term)).toContain('refund');
  });

  it('overview: per readable brand, volume, open alerts and inbox, sources in trouble', async () => {
    const o = (await viewer.get('/api/v1/overview?period=24h')).json as {
      brands: {
        brand: { id: string };
        mentions: number;
        openAlerts: number;
        openInbox: number;
        sourcesInTrouble: { source: string; state: string }[];
      }[];
    };
    expect(o.brands.map((b) => b.brand.id)).toEqual(['acme']);
    expect(o.brands[0]).toMatchObject({
      mentions: 30,
      openAlerts: 1,
      sourcesInTrouble: [{ source: 'hackernews', state: 'failing' }],
    });
    expect(o.brands[0]?.openInbox).toBeGreaterThan(0);
  });

  it('sources: a failing source shows as failing, an unpolled one as unknown', async () => {
    const s = (await admin.get('/api/v1/sources')).json as {
      items: { brand: string; source: string; state: string; lastError: string | null }[];
    };
    expect(s.items.map((i) => [i.brand, i.source, i.state]).sort()).toEqual([
      ['acme', 'hackernews', 'failing'],
      ['acme', 'reddit', 'ok'],
      ['globex', 'reddit', 'unknown'],
    ]);
    expect(s.items.find((i) => i.source === 'hackernews')?.lastError).toBe('HTTP 503');
  });
});

describe('live stream', () => {
  it('sends a new mention and inbox item of the brand, and nothing of other brands', async () => {
    const controller = new AbortController();
    const res = await fetch(`${h.base}/api/v1/live?brand=acme`, {
      headers: { cookie: manager.cookie ?? '' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    const fresh = classified({
      brand: 'acme',
      id: 'live1',
      at: new Date(),
      sentiment: 'negative',
      intent: 'complaint',
      text: 'live complaint',
    });
    await h.publish([
      classified({ brand: 'globex', id: 'live-g', at: new Date(), text: 'globex secret' }),
      fresh,
    ]);
    await waitFor(
      async () => {
        const { value } = await reader.read();
        text += new TextDecoder().decode(value as Uint8Array | undefined);
        return text.includes('event: inbox');
      },
      { timeoutMs: 30_000, description: 'the live events' },
    );
    controller.abort();
    expect(text).toContain('event: mention');
    expect(text).toContain('live complaint');
    expect(text).not.toContain('globex secret');
  });
});

describe('users and email actions', () => {
  it('lets an admin manage users and refuses others', async () => {
    expect((await manager.get('/api/v1/users')).status).toBe(403);
    const created = await admin.request('POST', '/api/v1/users', {
      email: 'temp@example.com',
      name: 'Temp',
      role: 'viewer',
      brands: ['acme'],
      password: 'a-long-password-1',
    });
    expect(created.status).toBe(201);
    const id = (created.json as { id: string }).id;
    expect(
      (
        await admin.request('POST', '/api/v1/users', {
          email: 'temp@example.com',
          name: 'T',
          role: 'viewer',
          brands: [],
          password: 'a-long-password-1',
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await admin.request('POST', '/api/v1/users', {
          email: 'x@example.com',
          name: 'T',
          role: 'viewer',
          brands: ['nope'],
          password: 'a-long-password-1',
        })
      ).status,
    ).toBe(400);
    const patched = await admin.request('PATCH', `/api/v1/users/${id}`, { role: 'manager' });
    expect(patched.json).toMatchObject({ role: 'manager' });
    const stored = await h.db.collection('dashboard_users').findOne({ _id: id as never });
    expect(stored?.passwordHash).toMatch(/^scrypt\$/);
    expect((await admin.request('DELETE', `/api/v1/users/${id}`)).status).toBe(204);
    expect((await admin.get('/api/v1/users')).text).not.toContain('temp@example.com');
  });

  it('shows an email action on GET without acting, and acts on POST as the recipient', async () => {
    await h.db.collection('brand_mutes').deleteMany({});
    const token = signActionToken(
      {
        kind: 'mute',
        alertId: GLOBEX_ALERT_ID,
        brand: 'globex',
        hours: 8,
        recipient: 'pm@example.com',
        expiresAt: Date.now() + H,
      },
      ACTION_SECRET,
    );
    const page = await fetch(`${h.base}/email-actions/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Mute the alerts of brand globex for 8 hours');
    expect(await h.db.collection('brand_mutes').findOne({ _id: 'globex' as never })).toBeNull();
    const done = await fetch(`${h.base}/email-actions/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(done.status).toBe(200);
    expect(await h.db.collection('brand_mutes').findOne({ _id: 'globex' as never })).toMatchObject({
      by: 'email:pm@example.com',
    });
    const forged = await fetch(`${h.base}/email-actions/${token.slice(0, -2)}xx`, { method: 'POST' });
    expect(forged.status).toBe(400);
  });

  it('serves the OpenAPI document of every API route', async () => {
    const doc = (await new Client(h.base).get('/api/v1/openapi.json')).json as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/brands/{brand}/mentions', '/api/v1/alerts/{id}/acknowledge']),
    );
  });
});
