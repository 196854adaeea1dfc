import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { api, childApps, freePort, sigkill } from './support/child-app';
import { TASKS, waitUntil } from './support/tasks';
import { signatureVerifies, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(120_000);

const SECRET = 'restart-secret-0123456789';

/** The built service's environment: a database file of its own, webhooks polled fast, `webhooks` on top. */
function serviceEnv(webhooks: Record<string, string>): Record<string, string> {
  return {
    SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'aio-webhooks-')), 'o.db'),
    WEBHOOK_TIMEOUT_MS: '1000',
    WEBHOOK_POLL_INTERVAL_MS: '100',
    LOG_LEVEL: 'warn',
    ...webhooks,
  };
}

describe('webhooks: durable outbox across a SIGKILL of the built service', () => {
  const children = childApps();
  let receiver: WebhookReceiver;
  beforeEach(() => (receiver = new WebhookReceiver()));
  afterEach(async () => {
    children.killAll();
    await receiver.stop();
  });

  /** An options task, run to its end, whose webhook goes to `url`. */
  const taskWithWebhook = (port: number, strike: number, url: string) =>
    api(port, 'POST', `${TASKS}?wait=10000`, {
      type: 'options_pricing',
      input: { spot: 42, strike, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 },
      webhook: { url, secret: SECRET },
    });

  it('delivers a task webhook that was in flight when the service was SIGKILLed, once, after the restart', async () => {
    const url = await receiver.start();
    // The first POST is held unanswered: the delivery is in flight when the process dies.
    receiver.script('hang');
    const env = serviceEnv({ WEBHOOK_ALLOWLIST: '127.0.0.1', WEBHOOK_BACKOFF_MS: '100' });
    const first = await children.start(env);
    const task = await taskWithWebhook(first.port, 40, url);
    expect(task.status).toBe(200);
    await waitUntil(() => receiver.received.length === 1, 20_000, 'the first (held) delivery');
    await sigkill(first);

    const second = await children.start(env);
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
    const env = serviceEnv({
      WEBHOOK_ALLOWLIST: '127.0.0.0/8',
      WEBHOOK_BACKOFF_MS: '200',
      WEBHOOK_MAX_BACKOFF_MS: '500',
    });
    const first = await children.start(env);
    const task = await taskWithWebhook(first.port, 41, url);
    expect(task.status).toBe(200);
    await waitUntil(
      async () => {
        const log = await api(first.port, 'GET', '/api/v1/webhooks/deliveries');
        return log.body.data.items[0]?.attempts >= 1 && log.body.data.items[0]?.status === 'pending';
      },
      20_000,
      'a refused attempt',
    );
    await sigkill(first);

    await receiver.start(port);
    await children.start(env);
    await waitUntil(() => receiver.received.length >= 1, 30_000, 'the delivery after restart');
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].body.data.id).toBe(task.body.data.id);
    expect(signatureVerifies(SECRET, receiver.received[0])).toBe(true);
  });
});
