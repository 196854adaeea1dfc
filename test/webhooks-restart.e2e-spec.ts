import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ChildApp, freePort, spawnService } from './support/child-app';
import { waitUntil } from './support/tasks';
import { signatureVerifies, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(120_000);

const TASKS = '/api/v1/ai-orchestration/tasks';
const SECRET = 'restart-secret-0123456789';

async function api(port: number, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

describe('webhooks: durable outbox across a SIGKILL of the built service', () => {
  const children: ChildApp[] = [];
  let receiver: WebhookReceiver;
  beforeEach(() => (receiver = new WebhookReceiver()));
  afterEach(async () => {
    for (const child of children) if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
    await receiver.stop();
  });

  it('delivers a task webhook that was in flight when the service was SIGKILLed, once, after the restart', async () => {
    const url = await receiver.start();
    // The first POST is held unanswered: the delivery is in flight when the process dies.
    receiver.script('hang');
    const env = {
      SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'aio-webhooks-')), 'o.db'),
      WEBHOOK_ALLOWLIST: '127.0.0.1',
      WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_POLL_INTERVAL_MS: '100',
      WEBHOOK_BACKOFF_MS: '100',
      LOG_LEVEL: 'warn',
    };
    const first = spawnService(env, await freePort());
    children.push(first);
    await first.ready;
    const task = await api(first.port, 'POST', `${TASKS}?wait=10000`, {
      type: 'options_pricing',
      input: { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 },
      webhook: { url, secret: SECRET },
    });
    expect(task.status).toBe(200);
    await waitUntil(() => receiver.received.length === 1, 20_000, 'the first (held) delivery');
    first.proc.kill('SIGKILL');
    await first.exited;

    const second = spawnService(env, await freePort());
    children.push(second);
    await second.ready;
    // Retaken once its lease (2 × timeout + 1 s) has run out.
    await waitUntil(() => receiver.received.some((r) => r.answered === 200), 30_000, 'the delivery after restart');
    // Nothing more arrives: delivered once.
    await new Promise((r) => setTimeout(r, 2000));
    expect(receiver.received.filter((r) => r.answered === 200)).toHaveLength(1);
    expect(receiver.received).toHaveLength(2);
    const ids = new Set(receiver.received.map((r) => r.headers['x-webhook-id']));
    expect(ids.size).toBe(1);
    for (const r of receiver.received) {
      expect(r.body).toMatchObject({ event: 'task.succeeded', data: { id: task.body.data.id } });
      expect(signatureVerifies(SECRET, r)).toBe(true);
    }
    const [deliveryId] = [...ids] as string[];
    const delivery = await api(second.port, 'GET', `/api/v1/webhooks/deliveries/${deliveryId}`);
    expect(delivery.body.data).toMatchObject({ status: 'succeeded', attempts: 2, lastStatusCode: 200 });
  });

  it('keeps a delivery the receiver could not take across a SIGKILL and delivers it once after the restart', async () => {
    // The receiver is down at first: every attempt is refused and backs off in the outbox.
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hooks`;
    const env = {
      SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'aio-webhooks-')), 'o.db'),
      WEBHOOK_ALLOWLIST: '127.0.0.0/8',
      WEBHOOK_TIMEOUT_MS: '1000',
      WEBHOOK_POLL_INTERVAL_MS: '100',
      WEBHOOK_BACKOFF_MS: '200',
      WEBHOOK_MAX_BACKOFF_MS: '500',
      LOG_LEVEL: 'warn',
    };
    const first = spawnService(env, await freePort());
    children.push(first);
    await first.ready;
    const task = await api(first.port, 'POST', `${TASKS}?wait=10000`, {
      type: 'options_pricing',
      input: { spot: 42, strike: 41, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 },
      webhook: { url, secret: SECRET },
    });
    expect(task.status).toBe(200);
    await waitUntil(
      async () => {
        const log = await api(first.port, 'GET', '/api/v1/webhooks/deliveries');
        return log.body.data.items[0]?.attempts >= 1 && log.body.data.items[0]?.status === 'pending';
      },
      20_000,
      'a refused attempt',
    );
    first.proc.kill('SIGKILL');
    await first.exited;

    await receiver.start(port);
    const second = spawnService(env, await freePort());
    children.push(second);
    await second.ready;
    await waitUntil(() => receiver.received.length >= 1, 30_000, 'the delivery after restart');
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].body.data.id).toBe(task.body.data.id);
    expect(signatureVerifies(SECRET, receiver.received[0])).toBe(true);
  });
});
