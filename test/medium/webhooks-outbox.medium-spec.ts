import { rmSync } from 'node:fs';
import { createMediumModule, type MediumModule } from '@app/infrastructure/testing';
import { WebhookService, WebhooksModule } from '@app/webhooks';
import { DeliveryRepository } from '@app/webhooks/testing';
import { waitUntil } from '../support/tasks';
import { WebhookReceiver } from '../support/webhook-receiver';

const CALLER = { tenant: 'desk-m', id: 'admin' };

describe('webhooks outbox (medium, SQLite): retries, refused targets, expired leases', () => {
  const receiver = new WebhookReceiver();
  let m: MediumModule;
  let service: WebhookService;
  let url: string;

  beforeAll(async () => {
    url = await receiver.start();
    m = await createMediumModule([WebhooksModule], {
      env: {
        WEBHOOK_ALLOWLIST: '127.0.0.1',
        WEBHOOK_POLL_INTERVAL_MS: '50',
        WEBHOOK_BACKOFF_MS: '50',
        WEBHOOK_MAX_BACKOFF_MS: '100',
        WEBHOOK_MAX_ATTEMPTS: '3',
        // Generous: a first POST on a loaded CI machine took longer than 500 ms and was logged as a timeout.
        WEBHOOK_TIMEOUT_MS: '5000',
      },
    });
    service = m.get(WebhookService);
  });
  let firstDataDir: string | undefined;
  afterAll(async () => {
    await m?.close();
    if (firstDataDir) rmSync(firstDataDir, { recursive: true, force: true });
    await receiver.stop();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.script();
  });

  const publish = (objectId: string) =>
    service.publish({ tenant: CALLER.tenant, event: 'task.failed', objectId, occurrence: 'x', data: { id: objectId } });

  async function deliveryOf(objectId: string) {
    const page = await service.deliveriesOf({ tenant: CALLER.tenant, limit: 100 });
    return page.items.find((d) => d.objectId === objectId)!;
  }

  it('retries a failing receiver with backoff and fails the delivery for good after the last attempt', async () => {
    const { subscription } = await service.create(CALLER, { url, events: ['task.failed'] });
    receiver.script(503, 503, 503, 200);
    expect(await publish('t-retry')).toBe(1);
    // Published again (an event and a sweep): still one row.
    expect(await publish('t-retry')).toBe(0);
    await waitUntil(async () => (await deliveryOf('t-retry'))?.status === 'failed', 20_000, 'the last attempt');
    const delivery = await deliveryOf('t-retry');
    expect(delivery.attempts).toBe(3);
    expect(delivery.log.map((a) => a.statusCode)).toEqual([503, 503, 503]);
    expect(receiver.received).toHaveLength(3);
    await service.delete(CALLER.tenant, subscription.id);
  });

  it('refuses at delivery a loopback target outside the allow-list (checked before every attempt), without a POST', async () => {
    // Stored without the creation check (as a webhook stored before the allow-list was narrowed).
    await service.watch(CALLER, 'task', 't-local', {
      url: `http://127.0.0.2:${receiver.port}/hooks`,
      secret: 'x'.repeat(16),
    });
    expect(await publish('t-local')).toBe(1);
    await waitUntil(async () => (await deliveryOf('t-local'))?.status === 'failed', 20_000, 'the refusal');
    const delivery = await deliveryOf('t-local');
    expect(delivery.attempts).toBe(1);
    expect(delivery.lastError).toMatch(/^Refused target: resolves to 127\.0\.0\.2 \(loopback\)/);
    expect(receiver.received).toHaveLength(0);
  });

  it('claims again a row whose deliverer died mid-delivery, once its lease has run out', async () => {
    // The dispatcher stops; the same database file is reopened by a module that delivers nothing.
    await m.module.close();
    firstDataDir = m.dataDir;
    m = await createMediumModule([WebhooksModule], {
      sqlitePath: m.config.database.sqlitePath,
      env: { WEBHOOK_ALLOWLIST: '127.0.0.1', WEBHOOKS_ENABLED: 'false' },
    });
    service = m.get(WebhookService);
    await service.watch(CALLER, 'task', 't-lease', { url, secret: 'y'.repeat(16) });
    expect(await publish('t-lease')).toBe(1);
    // What a process SIGKILLed mid-POST leaves: the row claimed, its lease running.
    const repo = m.get(DeliveryRepository);
    const now = new Date();
    // A 2 s lease: long enough that the second claim surely falls inside it on a loaded machine.
    const [claimed] = await repo.claim(now, new Date(now.getTime() + 2000), 10);
    expect(claimed.status).toBe('delivering');
    expect(await repo.claim(new Date(), new Date(Date.now() + 2000), 10)).toEqual([]);
    await new Promise((r) => setTimeout(r, 2100));
    const [again] = await repo.claim(new Date(), new Date(Date.now() + 2000), 10);
    expect(again).toMatchObject({ id: claimed.id, attempts: 2 });
  });
});
