import type { AddressInfo } from 'node:net';
import request from 'supertest';
import WebSocket from 'ws';
import { EventCore } from '@app/infrastructure';
import type { AlertNotification } from '@app/monitoring-orchestrator';
import { createTestApp, TestApp } from './support/create-test-app';
import { pauseTaskQueue, TASKS } from './support/tasks';
import { BUY_CANDLES, ORCH } from './support/workflows';

jest.setTimeout(60_000);

const KEY_A = 'ws-key-tenant-a-000000000001';
const KEY_B = 'ws-key-tenant-b-000000000001';
const KEY_VIEWER = 'ws-key-viewer-a-00000000001';
const API_KEYS = `a:operator:tenant-a:${KEY_A},b:operator:tenant-b:${KEY_B},v:viewer:tenant-a:${KEY_VIEWER}`;
const HULL = { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 };

type Frame = Record<string, any>;

/** A real `ws` client that queues frames, so a test can wait for the one it expects. */
class Client {
  readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(
    readonly ws: WebSocket,
    private readonly timeoutMs = 10_000,
  ) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first frame (not yet taken) that matches; taken from the queue. */
  async next(match: (f: Frame) => boolean = () => true, what = 'a frame'): Promise<Frame> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const at = this.frames.findIndex(match);
      if (at >= 0) return this.frames.splice(at, 1)[0];
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${this.timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Events of one subscription until it is unsubscribed (completed). */
  async eventsUntilDone(subscription: string): Promise<Frame[]> {
    const events: Frame[] = [];
    for (;;) {
      const f = await this.next(
        (x) => x.subscription === subscription || x.id === subscription,
        `${subscription} frames`,
      );
      if (f.type === 'unsubscribed') return events;
      if (f.type === 'event') events.push(f);
    }
  }

  close(): void {
    this.ws.close();
  }
}

describe('WebSocket /ws', () => {
  let t: TestApp;
  let url: string;
  const clients: Client[] = [];

  async function connect(headers: Record<string, string> = {}): Promise<Client> {
    const client = new Client(new WebSocket(url, { headers }));
    clients.push(client);
    await client.opened;
    return client;
  }

  async function authed(key = KEY_A): Promise<Client> {
    const client = await connect({ 'X-API-Key': key });
    await client.next((f) => f.type === 'welcome', 'welcome');
    return client;
  }

  beforeAll(async () => {
    t = await createTestApp({
      API_KEYS,
      WS_AUTH_TIMEOUT_MS: '300',
      WS_MAX_SUBSCRIPTIONS: '3',
      WS_MAX_BUFFERED_BYTES: '4096',
    });
    await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(t.http.address() as AddressInfo).port}/ws`;
  }, 30_000);
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await t.close();
  });

  it('authenticates with the API key in a header or a first message, never echoing it', async () => {
    const byHeader = await connect({ 'X-API-Key': KEY_A });
    expect(await byHeader.next()).toEqual({
      type: 'welcome',
      principal: { id: 'a', tenant: 'tenant-a', role: 'operator' },
      limits: { maxSubscriptions: 3, maxBufferedBytes: 4096 },
    });
    const byMessage = await connect();
    byMessage.send({ type: 'subscribe', id: 's', channel: 'tasks' });
    expect(await byMessage.next()).toEqual(expect.objectContaining({ type: 'error', code: 'UNAUTHORIZED' }));
    byMessage.send({ type: 'auth', apiKey: KEY_B });
    const welcome = await byMessage.next();
    expect(welcome.principal.tenant).toBe('tenant-b');
    expect(JSON.stringify(welcome)).not.toContain(KEY_B);
  });

  it('closes 4401 on a bad key, and when no credentials come within WS_AUTH_TIMEOUT_MS', async () => {
    const bad = await connect({ 'X-API-Key': 'not-a-key' });
    expect(await bad.next()).toEqual(expect.objectContaining({ type: 'error', code: 'UNAUTHORIZED' }));
    expect((await bad.closed).code).toBe(4401);
    const silent = await connect();
    expect((await silent.closed).code).toBe(4401);
    const badMessage = await connect();
    badMessage.send({ type: 'auth', apiKey: 'wrong' });
    expect((await badMessage.closed).code).toBe(4401);
  });

  it('streams a task’s status as the SSE stream does, until final; another tenant’s task is 404', async () => {
    await pauseTaskQueue(t.app, true);
    const created = await request(t.http)
      .post(TASKS)
      .set('X-API-Key', KEY_A)
      .send({ type: 'options_pricing', input: HULL })
      .expect(202);
    const id = created.body.data.id as string;
    const a = await authed();
    a.send({ type: 'subscribe', id: 'task-1', channel: 'task', target: id });
    expect(await a.next()).toEqual({ type: 'subscribed', id: 'task-1', channel: 'task', target: id });
    const first = await a.next((f) => f.type === 'event');
    expect(first).toEqual(
      expect.objectContaining({ subscription: 'task-1', channel: 'task', event: 'status', data: expect.any(Object) }),
    );
    expect(first.data).toEqual(expect.objectContaining({ id, status: 'queued' }));
    await pauseTaskQueue(t.app, false);
    const rest = await a.eventsUntilDone('task-1');
    expect(rest.map((e) => e.data.status)).toContain('succeeded');
    expect(rest.at(-1)!.data.status).toBe('succeeded');

    const b = await authed(KEY_B);
    b.send({ type: 'subscribe', id: 'steal', channel: 'task', target: id });
    expect(await b.next()).toEqual(
      expect.objectContaining({ type: 'error', code: 'NOT_FOUND', subscription: 'steal' }),
    );
  });

  it('streams a workflow run’s stored events and resumes after an event id', async () => {
    const run = await request(t.http)
      .post(`${ORCH}/execute?wait=20000`)
      .set('X-API-Key', KEY_A)
      .send({ workflow: 'market-scan', input: { symbols: [{ symbol: 'SPY', candles: BUY_CANDLES }] } })
      .expect(200);
    const runId = run.body.data.id as string;
    const a = await authed();
    a.send({ type: 'subscribe', id: 'run', channel: 'run', target: runId });
    const all = await a.eventsUntilDone('run');
    expect(all.at(-1)!.event).toBe('done');
    expect(all.every((e) => typeof e.id === 'string')).toBe(true);
    // The SSE stream of the same run sends the same events, with the same ids.
    const sse = await request(t.http).get(`${ORCH}/runs/${runId}/events`).set('X-API-Key', KEY_A).expect(200);
    expect([...sse.text.matchAll(/^id: (\S+)$/gm)].map((m) => m[1])).toEqual(all.map((e) => e.id));

    a.send({ type: 'subscribe', id: 'again', channel: 'run', target: runId, lastEventId: all[1].id });
    const resumed = await a.eventsUntilDone('again');
    expect(resumed.map((e) => e.id)).toEqual(all.slice(2).map((e) => e.id));
  });

  it('follows the tenant’s tasks by filter, never another tenant’s, and replays from lastEventId', async () => {
    const a = await authed();
    a.send({ type: 'subscribe', id: 'done', channel: 'tasks', filter: { status: 'succeeded' } });
    await a.next((f) => f.type === 'subscribed');
    await request(t.http)
      .post(`${TASKS}?wait=5000`)
      .set('X-API-Key', KEY_B)
      .send({ type: 'options_pricing', input: HULL })
      .expect(200);
    const mine = await request(t.http)
      .post(`${TASKS}?wait=5000`)
      .set('X-API-Key', KEY_A)
      .send({ type: 'options_pricing', input: { ...HULL, spot: 43 } })
      .expect(200);
    const event = await a.next((f) => f.type === 'event');
    expect(event.data).toEqual(
      expect.objectContaining({ id: mine.body.data.id, status: 'succeeded', tenant: 'tenant-a' }),
    );
    expect(a.frames.filter((f) => f.type === 'event')).toEqual([]);

    // A reconnecting client names the last event it saw and gets what came after, if still held.
    const before = event.id as string;
    const later = await request(t.http)
      .post(`${TASKS}?wait=5000`)
      .set('X-API-Key', KEY_A)
      .send({ type: 'options_pricing', input: { ...HULL, spot: 44 } })
      .expect(200);
    const again = await authed();
    again.send({ type: 'subscribe', id: 'r', channel: 'tasks', filter: { status: 'succeeded' }, lastEventId: before });
    expect(await again.next()).toEqual(expect.objectContaining({ type: 'subscribed', resumed: true }));
    expect((await again.next((f) => f.type === 'event')).data.id).toBe(later.body.data.id);
  });

  it('sends alerts of the tenant’s rules and system rules, not another tenant’s', async () => {
    const a = await authed();
    a.send({ type: 'subscribe', id: 'alerts', channel: 'alerts', filter: { severity: 'critical' } });
    await a.next((f) => f.type === 'subscribed');
    const alert = (tenant: string | null, name: string, severity = 'critical'): AlertNotification => ({
      status: 'firing',
      tenant,
      rule: { id: name, name, severity, series: 'http.error_ratio', comparison: '>', threshold: 0.05, forMs: 0 },
      value: 0.2,
      startsAt: new Date().toISOString(),
      endsAt: null,
      silenced: false,
      replica: 'embedded',
    });
    const events = t.app.get(EventCore);
    events.emit('alert.firing', alert('tenant-b', 'theirs'));
    events.emit('alert.firing', alert('tenant-a', 'minor', 'warning'));
    events.emit('alert.firing', alert('tenant-a', 'ours'));
    events.emit('alert.firing', alert(null, 'system'));
    const got = [await a.next((f) => f.type === 'event'), await a.next((f) => f.type === 'event')];
    expect(got.map((e) => [e.event, e.data.rule.name])).toEqual([
      ['alert.firing', 'ours'],
      ['alert.firing', 'system'],
    ]);
  });

  it('claims an external agent’s mailbox (operator), and refuses a viewer', async () => {
    const agent = await request(t.http)
      .post('/api/v1/agents')
      .set('X-API-Key', KEY_A)
      .send({ name: 'ws-agent', kind: 'external', capabilities: ['job'] })
      .expect(201);
    const viewer = await authed(KEY_VIEWER);
    viewer.send({ type: 'subscribe', id: 'm', channel: 'mailbox', target: agent.body.data.id });
    expect(await viewer.next()).toEqual(expect.objectContaining({ type: 'error', code: 'FORBIDDEN' }));
    const a = await authed();
    a.send({ type: 'subscribe', id: 'm', channel: 'mailbox', target: agent.body.data.id });
    await a.next((f) => f.type === 'subscribed');
    await request(t.http)
      .post('/api/v1/agents/messages')
      .set('X-API-Key', KEY_A)
      .send({ to: agent.body.data.id, type: 'job', payload: { n: 1 } })
      .expect(202);
    const message = await a.next((f) => f.type === 'event');
    expect(message).toEqual(expect.objectContaining({ event: 'message', channel: 'mailbox' }));
    expect(message.data).toEqual(expect.objectContaining({ leaseId: expect.any(String), payload: { n: 1 } }));
  });

  it('refuses bad messages naming the field, and bounds subscriptions per socket', async () => {
    const a = await authed();
    const cases: [unknown, string][] = [
      ['not json', 'message'],
      [[1], 'message'],
      [{ type: 'shout' }, 'type'],
      [{ type: 'subscribe', id: 'x', channel: 'everything' }, 'channel'],
      [{ type: 'subscribe', id: 'x', channel: 'task' }, 'target'],
      [{ type: 'subscribe', id: 'x', channel: 'tasks', extra: 1 }, 'extra'],
      [{ type: 'subscribe', id: 'x', channel: 'run', target: 'r', lastEventId: 'nope' }, 'lastEventId'],
    ];
    for (const [message, field] of cases) {
      a.send(message);
      const error = await a.next((f) => f.type === 'error');
      expect({ field, code: error.code }).toEqual({ field, code: 'VALIDATION_FAILED' });
      expect(error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    for (const id of ['s1', 's2', 's3']) {
      a.send({ type: 'subscribe', id, channel: 'tasks' });
      await a.next((f) => f.type === 'subscribed' && f.id === id);
    }
    a.send({ type: 'subscribe', id: 's4', channel: 'tasks' });
    expect(await a.next((f) => f.type === 'error')).toEqual(
      expect.objectContaining({ code: 'CONFLICT', details: { setting: 'WS_MAX_SUBSCRIPTIONS', limit: 3 } }),
    );
    a.send({ type: 'unsubscribe', id: 's1' });
    expect(await a.next((f) => f.type === 'unsubscribed')).toEqual({
      type: 'unsubscribed',
      id: 's1',
      reason: 'unsubscribed',
    });
    a.send({ type: 'ping' });
    expect(await a.next((f) => f.type === 'pong')).toEqual({ type: 'pong' });
  });

  it('closes a socket that does not read (1013) instead of buffering for it', async () => {
    const slow = await authed();
    slow.send({ type: 'subscribe', id: 'all', channel: 'alerts' });
    await slow.next((f) => f.type === 'subscribed');
    // The client stops reading: the kernel buffers fill, then the server's own queue grows.
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const events = t.app.get(EventCore);
    const big = 'x'.repeat(16_384);
    for (let i = 0; i < 2000 && slow.ws.readyState === WebSocket.OPEN; i++) {
      events.emit('alert.firing', {
        status: 'firing',
        tenant: 'tenant-a',
        rule: { id: `r${i}`, name: big, severity: 'info', series: 's', comparison: '>', threshold: 0, forMs: 0 },
        value: 1,
        startsAt: new Date().toISOString(),
        endsAt: null,
        silenced: false,
        replica: 'embedded',
      });
      if (i % 50 === 49) await new Promise((r) => setImmediate(r));
    }
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await slow.closed).code).toBe(1013);
    const metrics = await request(t.http).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^ws_slow_consumer_closes_total 1$/m);
  });
});

describe('WebSocket /ws and the rate limit', () => {
  let t: TestApp;
  let url: string;
  const clients: Client[] = [];

  async function connect(): Promise<Client> {
    const client = new Client(new WebSocket(url, { headers: { 'X-API-Key': KEY_A } }));
    clients.push(client);
    await client.opened;
    return client;
  }

  beforeAll(async () => {
    t = await createTestApp({ API_KEYS, RATE_LIMIT_MAX: '4', RATE_LIMIT_TTL_MS: '60000' });
    await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(t.http.address() as AddressInfo).port}/ws`;
  }, 30_000);
  afterAll(async () => {
    for (const c of clients.splice(0)) c.close();
    await t.close();
  });

  it('spends the caller’s HTTP budget on the upgrade and on each message: RATE_LIMITED, then 4429', async () => {
    // The upgrade is one request of the four; three pings are the other three, the fourth is over.
    const first = await connect();
    expect((await first.next((f) => f.type === 'welcome', 'welcome')).principal.id).toBe('a');
    for (let i = 0; i < 4; i++) first.send({ type: 'ping' });
    for (let i = 0; i < 3; i++) expect((await first.next((f) => f.type === 'pong', 'pong')).type).toBe('pong');
    const limited = await first.next((f) => f.type === 'error', 'the rate-limit error');
    expect(first.frames.filter((f) => f.type === 'pong')).toEqual([]);
    expect(limited).toEqual(
      expect.objectContaining({ code: 'RATE_LIMITED', details: expect.objectContaining({ limit: 4 }) }),
    );
    expect(limited.details.retryAfterSec).toBeGreaterThanOrEqual(1);

    // The same budget as HTTP: the key's next request is refused there too.
    const http = await request(t.http).get(TASKS).set('X-API-Key', KEY_A);
    expect(http.status).toBe(429);
    expect(http.headers['retry-after']).toBeDefined();

    // A new socket of the spent caller is told why and closed with 4429; another caller is not.
    const again = await connect();
    expect((await again.next((f) => f.type === 'error', 'the rate-limit error')).code).toBe('RATE_LIMITED');
    expect((await again.closed).code).toBe(4429);
    const other = new Client(new WebSocket(url, { headers: { 'X-API-Key': KEY_B } }));
    clients.push(other);
    expect((await other.next((f) => f.type === 'welcome', 'welcome')).principal.id).toBe('b');
    other.send({ type: 'ping' });
    expect((await other.next((f) => f.type === 'pong', 'pong')).type).toBe('pong');
  });
});
