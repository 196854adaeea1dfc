import { createMediumModule, type MediumModule } from '@app/infrastructure/testing';
import { newId } from '@app/infrastructure';
import { WebhookService, WebhooksModule } from '@app/webhooks';
import { TEST_DATABASE_URL, urlWithSearchPath, withAdminClient } from '../support/pg-schema';
import { waitUntil } from '../support/tasks';
import { signatureVerifies, WebhookReceiver } from '../support/webhook-receiver';

// Started by scripts/ci/start-postgres.sh. One schema per run, shared by the two "replicas" below.
const schema = `test_${newId().toLowerCase()}`;
const OCCURRENCES = 120;

describe('webhooks on PostgreSQL: two replicas share the outbox', () => {
  const receiver = new WebhookReceiver();
  let replicas: MediumModule[] = [];

  beforeAll(async () => {
    await withAdminClient((client) => client.query(`CREATE SCHEMA "${schema}"`));
    await receiver.start();
    const env = {
      DATABASE_URL: urlWithSearchPath(TEST_DATABASE_URL, schema),
      WEBHOOK_ALLOWLIST: '127.0.0.1',
      WEBHOOK_POLL_INTERVAL_MS: '20',
      WEBHOOK_BACKOFF_MS: '50',
    };
    // One after the other: the first runs the migrations.
    replicas.push(await createMediumModule([WebhooksModule], { env }));
    replicas.push(await createMediumModule([WebhooksModule], { env }));
  }, 60_000);

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    replicas = [];
    await receiver.stop();
    await withAdminClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
  });

  it('delivers every row exactly once while both replicas claim at the same time, signed', async () => {
    const [a, b] = replicas.map((replica) => replica.get(WebhookService));
    const url = `http://127.0.0.1:${receiver.port}/hooks`;
    const { subscription, secret } = await a.create(
      { tenant: 'desk-pg', id: 'admin' },
      { url, events: ['task.succeeded'] },
    );
    // Published through both replicas, each occurrence twice: the dedupe key keeps one row per occurrence.
    await Promise.all(
      Array.from({ length: OCCURRENCES }, (_, i) =>
        Promise.all(
          [a, b].map((service) =>
            service.publish({
              tenant: 'desk-pg',
              event: 'task.succeeded',
              objectId: `task-${i}`,
              occurrence: 'finished',
              data: { id: `task-${i}` },
            }),
          ),
        ),
      ),
    );
    await waitUntil(() => receiver.received.length >= OCCURRENCES, 60_000, 'every delivery');
    // Give a double delivery the time to show up.
    await new Promise((r) => setTimeout(r, 500));
    const objects = receiver.received.map((r) => r.body.data.id as string);
    expect(objects).toHaveLength(OCCURRENCES);
    expect(new Set(objects).size).toBe(OCCURRENCES);
    expect(new Set(receiver.received.map((r) => r.headers['x-webhook-id'])).size).toBe(OCCURRENCES);
    for (const r of receiver.received) expect(signatureVerifies(secret, r)).toBe(true);
    const log = await b.deliveriesOf({
      tenant: 'desk-pg',
      subscriptionId: subscription.id,
      status: 'succeeded',
      limit: 100,
    });
    expect(log.items).toHaveLength(100);
    expect(log.items.every((d) => d.attempts === 1)).toBe(true);
    const otherTenant = await b.deliveriesOf({ tenant: 'desk-other' });
    expect(otherTenant.items).toEqual([]);
  }, 90_000);
});
