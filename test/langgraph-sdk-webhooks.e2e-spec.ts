import request from 'supertest';
import { LG_KEYS, startSdkApp, waitFor, type SdkApp } from './support/langgraph-sdk';
import { signatureVerifies, WebhookReceiver } from './support/webhook-receiver';

const ADMIN_KEY = 'lg-alice-admin-key-000000000000001';
const DESK = { desk: 'hooks', symbol: 'EURUSD', quantity: 250000 };

/** A Platform run's `webhook`, given through the unmodified SDK, is delivered signed like any run webhook. */
describe('LangGraph SDK: run webhooks', () => {
  let sdk: SdkApp;
  const receiver = new WebhookReceiver();
  let url: string;
  let secret: string;

  beforeAll(async () => {
    url = await receiver.start();
    sdk = await startSdkApp({
      API_KEYS: [`alice:operator:desk-a:${LG_KEYS.alice}`, `alice-admin:admin:desk-a:${ADMIN_KEY}`].join(','),
      WEBHOOK_ALLOWLIST: '127.0.0.1',
      WEBHOOK_BACKOFF_MS: '100',
      WEBHOOK_POLL_INTERVAL_MS: '100',
    });
    // A webhook given without a secret is signed with the tenant's.
    secret = (await request(sdk.app.http).post('/api/v1/webhooks/secret').set('x-api-key', ADMIN_KEY).expect(201)).body
      .data.secret;
  }, 60_000);
  afterAll(async () => {
    await sdk?.close();
    await receiver.stop();
  });

  it('POSTs the run, signed with the tenant secret, when it stops at its interrupt and when it finishes', async () => {
    const client = sdk.client();
    const thread = await client.threads.create();
    const run = await client.runs.create(thread.thread_id, 'desk-assistant', { input: DESK, webhook: url });
    const interrupted = await waitFor(
      async () => receiver.received.find((r) => r.body.data?.id === run.run_id && r.body.event === 'run.interrupted'),
      30_000,
      'the interrupted run’s webhook',
    );
    expect(signatureVerifies(secret, interrupted)).toBe(true);
    expect(interrupted.headers['x-webhook-event']).toBe('run.interrupted');

    const resumed = await client.runs.create(thread.thread_id, 'desk-assistant', {
      command: { resume: { approved: true } },
      webhook: url,
    });
    const succeeded = await waitFor(
      async () => receiver.received.find((r) => r.body.data?.id === resumed.run_id && r.body.event === 'run.succeeded'),
      30_000,
      'the finished run’s webhook',
    );
    expect(signatureVerifies(secret, succeeded)).toBe(true);
    expect(succeeded.body.data).toMatchObject({ id: resumed.run_id, status: 'succeeded' });
  }, 90_000);

  it('POSTs each run a cron starts to the cron’s webhook, signed with the tenant secret', async () => {
    const client = sdk.client();
    const thread = await client.threads.create();
    const cron = await client.crons.createForThread(thread.thread_id, 'desk-assistant', {
      schedule: '*/1 * * * * *',
      input: { desk: 'cron-hooks', symbol: 'EURUSD', quantity: 10 },
      webhook: url,
    });
    try {
      // The cron's runs are the thread's runs; one of them settling is POSTed to the cron's webhook.
      const delivered = await waitFor(
        async () => {
          const runIds = new Set((await client.runs.list(thread.thread_id)).map((r) => r.run_id));
          return receiver.received.find(
            (r) => runIds.has(r.body.data?.id) && ['run.interrupted', 'run.succeeded'].includes(r.body.event),
          );
        },
        30_000,
        'the cron run’s webhook',
      );
      expect(signatureVerifies(secret, delivered)).toBe(true);
      const run = await client.runs.get(thread.thread_id, delivered.body.data.id);
      expect((run.metadata as Record<string, unknown>).cron_id).toBe(cron.cron_id);
    } finally {
      await client.crons.delete(cron.cron_id);
    }
  }, 60_000);

  it('refuses a cron whose webhook is a private address that is not allow-listed, storing nothing', async () => {
    const client = sdk.client();
    const thread = await client.threads.create();
    await expect(
      client.crons.createForThread(thread.thread_id, 'desk-assistant', {
        schedule: '*/1 * * * * *',
        input: DESK,
        webhook: 'http://10.1.2.3/hooks',
      }),
    ).rejects.toThrow(/400|VALIDATION_FAILED|webhook/);
    expect(await client.crons.search({ threadId: thread.thread_id })).toEqual([]);
  });

  it('refuses a webhook to a private address that is not allow-listed, before any run exists', async () => {
    const client = sdk.client();
    const thread = await client.threads.create();
    await expect(
      client.runs.create(thread.thread_id, 'desk-assistant', { input: DESK, webhook: 'http://10.1.2.3/hooks' }),
    ).rejects.toThrow(/400|VALIDATION_FAILED|webhook/);
    expect(await client.runs.list(thread.thread_id)).toEqual([]);
  });
});
