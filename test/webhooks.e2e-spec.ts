import request from 'supertest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebhookService } from '@app/webhooks';
import { createTestApp, TestApp } from './support/create-test-app';
import { TASKS, waitUntil } from './support/tasks';
import { signatureVerifies, WebhookReceiver } from './support/webhook-receiver';
import { BUY_CANDLES, HOLD_CANDLES, ORCH, walk } from './support/workflows';

jest.setTimeout(60_000);

const WEBHOOKS = '/api/v1/webhooks';
const KEYS = {
  a: 'wh-a-admin-key-7f3c',
  aViewer: 'wh-a-viewer-key-2b8d',
  aOps: 'wh-a-ops-key-9c1e',
  b: 'wh-b-admin-key-4e6a',
};
const API_KEYS = [
  `a-admin:admin:desk-a:${KEYS.a}`,
  `a-viewer:viewer:desk-a:${KEYS.aViewer}`,
  `a-ops:operator:desk-a:${KEYS.aOps}`,
  `b-admin:admin:desk-b:${KEYS.b}`,
].join(',');
const as = (key: string) => ({ 'X-API-Key': key });

const pricing = (strike: number) => ({
  type: 'options_pricing',
  input: { spot: 42, strike, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 },
  options: { cache: false },
});

/** Accepted, then failed by the engine (NUMERIC_OVERFLOW: squares of these returns overflow): a task.failed event. */
const FAILING = {
  type: 'risk_assessment',
  input: { returns: [1e300, 2e300, -0.5, 3e300, 1e300] },
  options: { cache: false },
};

async function deliveriesOf(t: TestApp, subscriptionId: string, key = KEYS.a) {
  const res = await request(t.http).get(`${WEBHOOKS}/deliveries?subscriptionId=${subscriptionId}`).set(as(key));
  expect(res.status).toBe(200);
  return res.body.data.items as any[];
}

describe('webhooks: subscriptions, signed delivery, retries, task and run webhooks', () => {
  let t: TestApp;
  const receiver = new WebhookReceiver();
  let url: string;

  beforeAll(async () => {
    url = await receiver.start();
    t = await createTestApp({
      API_KEYS,
      WEBHOOK_ALLOWLIST: '127.0.0.1',
      WEBHOOK_BACKOFF_MS: '100',
      WEBHOOK_POLL_INTERVAL_MS: '100',
      HANDIT_WORKER_THREADS: '0',
      RATE_LIMIT_MAX: '0',
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.script();
  });

  it('delivers a finished task to a subscription, signed with the secret shown once, and logs the delivery', async () => {
    const created = await request(t.http)
      .post(WEBHOOKS)
      .set(as(KEYS.a))
      .send({ url, events: ['task.succeeded'], description: 'signals' })
      .expect(201);
    const sub = created.body.data;
    expect(sub.secret).toMatch(/^whsec_/);
    expect(created.headers.location).toBe(`${WEBHOOKS}/${sub.id}`);
    expect((await request(t.http).get(`${WEBHOOKS}/${sub.id}`).set(as(KEYS.a))).body.data).not.toHaveProperty('secret');

    const task = await request(t.http).post(`${TASKS}?wait=10000`).set(as(KEYS.a)).send(pricing(40)).expect(200);
    await waitUntil(() => receiver.received.some((r) => r.body.data?.id === task.body.data.id), 20_000, 'the delivery');
    const hit = receiver.received.find((r) => r.body.data?.id === task.body.data.id)!;
    expect(signatureVerifies(sub.secret, hit)).toBe(true);
    expect(signatureVerifies('whsec_some-other-secret', hit)).toBe(false);
    expect(hit.headers['x-webhook-event']).toBe('task.succeeded');
    expect(hit.body).toMatchObject({ event: 'task.succeeded', subscriptionId: sub.id, data: { status: 'succeeded' } });
    expect(hit.body.data.result.call.price).toBeCloseTo(4.76, 2);

    await waitUntil(async () => (await deliveriesOf(t, sub.id))[0]?.status === 'succeeded', 10_000, 'the log');
    const [delivery] = await deliveriesOf(t, sub.id);
    expect(delivery).toMatchObject({ id: hit.headers['x-webhook-id'], attempts: 1, lastStatusCode: 200 });
    expect(delivery.log).toHaveLength(1);
    await request(t.http).delete(`${WEBHOOKS}/${sub.id}`).set(as(KEYS.a)).expect(200);
  });

  it('retries a delivery the receiver answers 500, with the same id, until it is taken', async () => {
    const sub = (
      await request(t.http)
        .post(WEBHOOKS)
        .set(as(KEYS.a))
        .send({ url, events: ['task.failed'] })
        .expect(201)
    ).body.data;
    receiver.script(500, 500, 200);
    // A task that fails in its engine: a strike no option can have.
    const res = await request(t.http).post(`${TASKS}?wait=10000`).set(as(KEYS.a)).send(FAILING).expect(200);
    expect(res.body.data.status).toBe('failed');
    const taskId = res.body.data.id;
    await waitUntil(() => receiver.received.filter((r) => r.body.data?.id === taskId).length >= 3, 20_000, '3 tries');
    const tries = receiver.received.filter((r) => r.body.data?.id === taskId);
    expect(tries.map((r) => r.answered)).toEqual([500, 500, 200]);
    expect(new Set(tries.map((r) => r.headers['x-webhook-id'])).size).toBe(1);
    expect(tries.map((r) => r.headers['x-webhook-attempt'])).toEqual(['1', '2', '3']);
    for (const r of tries) expect(signatureVerifies(sub.secret, r)).toBe(true);
    await waitUntil(async () => (await deliveriesOf(t, sub.id))[0]?.status === 'succeeded', 10_000, 'the log');
    const [delivery] = await deliveriesOf(t, sub.id);
    expect(delivery.attempts).toBe(3);
    expect(delivery.log.map((a: any) => a.statusCode)).toEqual([500, 500, 200]);
    expect(delivery.log[0].error).toMatch(/^HTTP 500/);
    const metrics = (await request(t.http).get('/metrics')).text;
    expect(metrics).toMatch(/webhook_delivery_attempts_total\{event="task.failed",outcome="retried"\} 2/);
    expect(metrics).toMatch(/webhook_delivery_attempts_total\{event="task.failed",outcome="succeeded"\} 1/);
    await request(t.http).delete(`${WEBHOOKS}/${sub.id}`).set(as(KEYS.a)).expect(200);
  });

  it('delivers the webhook given with a task, signed with its own secret', async () => {
    const secret = 'task-secret-0123456789';
    const res = await request(t.http)
      .post(TASKS)
      .set(as(KEYS.a))
      .send({ ...pricing(41), webhook: { url, secret } })
      .expect(202);
    const id = res.body.data.id;
    await waitUntil(() => receiver.received.some((r) => r.body.data?.id === id), 20_000, 'the task webhook');
    const hit = receiver.received.find((r) => r.body.data?.id === id)!;
    expect(hit.body.event).toBe('task.succeeded');
    expect(signatureVerifies(secret, hit)).toBe(true);
    // Once: the event and the re-check after storing the webhook make one delivery.
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received.filter((r) => r.body.data?.id === id)).toHaveLength(1);
  });

  it('leaves a result over 1 MB out of the delivery, marked, so the outbox row and the POST stay bounded', async () => {
    const secret = 'big-result-secret-0123456789';
    const indicators = [{ name: 'bbands' }, { name: 'macd' }, { name: 'sma', period: 20 }];
    const res = await request(t.http)
      .post(TASKS)
      .set(as(KEYS.a))
      .send({
        type: 'technical_analysis',
        input: { candles: walk(20_000, 100, 0.0001, 0.01, 9), indicators },
        options: { cache: false },
        webhook: { url, secret },
      })
      .expect(202);
    const id = res.body.data.id;
    await waitUntil(() => receiver.received.some((r) => r.body.data?.id === id), 30_000, 'the delivery');
    const hit = receiver.received.find((r) => r.body.data?.id === id)!;
    expect(hit.body.data).toMatchObject({ status: 'succeeded', result: null, resultOmitted: true });
    expect(hit.raw.length).toBeLessThan(100_000);
    expect(signatureVerifies(secret, hit)).toBe(true);
    const full = await request(t.http).get(hit.body.data.links.self).set(as(KEYS.a)).expect(200);
    expect(full.body.data.result.candles).toBe(20_000);
  });

  it('signs a task webhook without a secret with the tenant secret, and asks for one while there is none', async () => {
    const refused = await request(t.http)
      .post(TASKS)
      .set(as(KEYS.b))
      .send({ ...pricing(42), webhook: { url } })
      .expect(400);
    expect(refused.body.error.details.fields[0].field).toBe('webhook.secret');
    await request(t.http).post(`${WEBHOOKS}/secret`).set(as(KEYS.aOps)).expect(403);
    const rotated = await request(t.http).post(`${WEBHOOKS}/secret`).set(as(KEYS.b)).expect(201);
    const res = await request(t.http)
      .post(TASKS)
      .set(as(KEYS.b))
      .send({ ...pricing(42), webhook: { url } })
      .expect(202);
    await waitUntil(() => receiver.received.some((r) => r.body.data?.id === res.body.data.id), 20_000, 'delivery');
    const hit = receiver.received.find((r) => r.body.data?.id === res.body.data.id)!;
    expect(signatureVerifies(rotated.body.data.secret, hit)).toBe(true);
  });

  it('delivers a run webhook when the run finishes', async () => {
    const secret = 'run-secret-0123456789';
    const res = await request(t.http)
      .post(`${ORCH}/execute`)
      .set(as(KEYS.a))
      .send({
        workflow: 'market-scan',
        input: {
          symbols: [
            { symbol: 'AAA', candles: BUY_CANDLES },
            { symbol: 'BBB', candles: HOLD_CANDLES },
          ],
        },
        webhook: { url, secret, events: ['run.succeeded'] },
      })
      .expect(202);
    const id = res.body.data.id;
    await waitUntil(() => receiver.received.some((r) => r.body.data?.id === id), 30_000, 'the run webhook');
    const hit = receiver.received.find((r) => r.body.data?.id === id)!;
    expect(hit.body).toMatchObject({ event: 'run.succeeded', data: { status: 'succeeded' } });
    expect(hit.body.data.output.scanned).toBe(2);
    expect(signatureVerifies(secret, hit)).toBe(true);
  });

  it('sends a test delivery on request', async () => {
    const sub = (
      await request(t.http)
        .post(WEBHOOKS)
        .set(as(KEYS.a))
        .send({ url, events: ['run.failed'] })
        .expect(201)
    ).body.data;
    const res = await request(t.http).post(`${WEBHOOKS}/${sub.id}/test`).set(as(KEYS.aOps)).expect(202);
    expect(res.body.data).toMatchObject({ event: 'webhook.test', subscriptionId: sub.id });
    await waitUntil(() => receiver.received.some((r) => r.body.event === 'webhook.test'), 20_000, 'the test ping');
    const hit = receiver.received.find((r) => r.body.event === 'webhook.test')!;
    expect(hit.headers['x-webhook-id']).toBe(res.body.data.id);
    expect(signatureVerifies(sub.secret, hit)).toBe(true);
    await waitUntil(
      async () => (await request(t.http).get(res.headers.location).set(as(KEYS.a))).body.data.status === 'succeeded',
      10_000,
      'the test delivery log',
    );
  });

  it('keeps subscriptions and deliveries to their tenant, and management to admins', async () => {
    const sub = (
      await request(t.http)
        .post(WEBHOOKS)
        .set(as(KEYS.a))
        .send({ url, events: ['task.succeeded'] })
        .expect(201)
    ).body.data;
    await request(t.http).get(`${WEBHOOKS}/${sub.id}`).set(as(KEYS.b)).expect(404);
    await request(t.http).delete(`${WEBHOOKS}/${sub.id}`).set(as(KEYS.b)).expect(404);
    await request(t.http).post(`${WEBHOOKS}/${sub.id}/test`).set(as(KEYS.b)).expect(404);
    const listB = await request(t.http).get(WEBHOOKS).set(as(KEYS.b)).expect(200);
    expect(listB.body.data.items.map((s: any) => s.id)).not.toContain(sub.id);
    const deliveriesB = await request(t.http).get(`${WEBHOOKS}/deliveries?subscriptionId=${sub.id}`).set(as(KEYS.b));
    expect(deliveriesB.body.data.items).toEqual([]);
    await request(t.http)
      .post(WEBHOOKS)
      .set(as(KEYS.aViewer))
      .send({ url, events: ['task.failed'] })
      .expect(403);
    await request(t.http)
      .post(WEBHOOKS)
      .set(as(KEYS.aOps))
      .send({ url, events: ['task.failed'] })
      .expect(403);
    await request(t.http).get(WEBHOOKS).set(as(KEYS.aViewer)).expect(200);
  });

  const fine = 'https://hooks.example.com/x';
  it.each([
    [{ url: fine, events: ['task.exploded'] }, 'events'],
    [{ url: fine, events: [] }, 'events'],
    [{ url: 'ftp://example.com/x', events: ['task.failed'] }, 'url'],
    [{ url: 'https://u:p@example.com/x', events: ['task.failed'] }, 'url'],
    [{ url: fine, events: ['task.failed'], secret: 'short' }, 'secret'],
    [{ events: ['task.failed'] }, 'url'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const res = await request(t.http).post(WEBHOOKS).set(as(KEYS.a)).send(body).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields.map((f: any) => f.field.replace(/\[\d+\]$/, ''))).toContain(field);
  });

  it('refuses a task webhook asking for run events', async () => {
    const res = await request(t.http)
      .post(TASKS)
      .set(as(KEYS.a))
      .send({ ...pricing(43), webhook: { url, secret: 'task-secret-0123456789', events: ['run.succeeded'] } })
      .expect(400);
    expect(res.body.error.details.fields[0].field).toBe('webhook.events');
  });
});

describe('webhooks: the start-up sweep', () => {
  const receiver = new WebhookReceiver();
  const dir = mkdtempSync(join(tmpdir(), 'aio-webhook-sweep-'));
  afterAll(async () => {
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers, after a restart, a task webhook whose completion never reached the outbox', async () => {
    const url = await receiver.start();
    const env = { SQLITE_PATH: join(dir, 'o.db'), WEBHOOK_ALLOWLIST: '127.0.0.1', HANDIT_WORKER_THREADS: '0' };
    const first = await createTestApp({ ...env, WEBHOOKS_ENABLED: 'false' });
    const task = await request(first.http).post(`${TASKS}?wait=10000`).send(pricing(44)).expect(200);
    // What a process killed between the task's completion and its outbox row leaves: the webhook, no delivery.
    const secret = 'sweep-secret-0123456789';
    await first.app.get(WebhookService).watch({ tenant: 'default', id: 'anonymous' }, 'task', task.body.data.id, {
      url,
      secret,
    });
    await first.close();

    const second = await createTestApp({ ...env, WEBHOOK_POLL_INTERVAL_MS: '100' });
    try {
      await waitUntil(() => receiver.received.length >= 1, 20_000, 'the swept delivery');
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0].body).toMatchObject({ event: 'task.succeeded', data: { id: task.body.data.id } });
      expect(signatureVerifies(secret, receiver.received[0])).toBe(true);
    } finally {
      await second.close();
    }
  });
});

describe('webhooks: SSRF guard without an allow-list', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ HANDIT_WORKER_THREADS: '0' })), 60_000);
  afterAll(async () => t?.close());

  it.each(['http://127.0.0.1:9/hooks', 'http://localhost:9/hooks', 'http://[::1]:9/hooks', 'http://169.254.169.254/'])(
    'refuses %s as a subscription and as a task webhook (400 naming the url)',
    async (target) => {
      const sub = await request(t.http)
        .post(WEBHOOKS)
        .send({ url: target, events: ['task.failed'] })
        .expect(400);
      expect(sub.body.error.details.fields[0]).toMatchObject({ field: 'url' });
      expect(sub.body.error.message).toMatch(/WEBHOOK_ALLOWLIST/);
      const task = await request(t.http)
        .post(TASKS)
        .send({ ...pricing(40), webhook: { url: target, secret: 'task-secret-0123456789' } })
        .expect(400);
      expect(task.body.error.details.fields[0]).toMatchObject({ field: 'webhook.url' });
    },
  );
});
