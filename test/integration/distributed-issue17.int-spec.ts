import { Replica, TASKS, api, clusterResources, until } from '../support/distributed';
import { openSseClient } from '../support/sse-client';
import { signatureVerifies, WebhookReceiver } from '../support/webhook-receiver';
import { sp500Candles } from '../support/sp500';
import { walk } from '../support/workflows';

jest.setTimeout(180_000);

const PAUSE = '/api/v1/scheduler/queues/handit.tasks';
const SECRET = 'distributed-secret-0123456789';

/**
 * An api replica (HTTP only) and a worker replica of the built service on one PostgreSQL and one
 * Redis: the worker runs the task; the api replica's SSE client hears its progress over Redis, and
 * its webhook is delivered once from the shared outbox. A replay reads its first checkpoint from
 * the PostgresSaver.
 */
describe('distributed mode: progress, webhooks and replay across replicas', () => {
  const cluster = clusterResources('dist_progress');
  const receiver = new WebhookReceiver();
  let a: Replica;

  beforeAll(async () => {
    await receiver.start();
    const env = await cluster.env({
      HANDIT_WORKER_THREADS: '1',
      WEBHOOK_ALLOWLIST: '127.0.0.1',
      WEBHOOK_POLL_INTERVAL_MS: '100',
    });
    [a] = await cluster.startInTurn(env, 'api', 'worker');
  });

  afterAll(async () => {
    await cluster.release();
    await receiver.stop();
  });

  it('streams a worker’s progress to the api replica’s SSE client and delivers the task webhook once', async () => {
    // Held until the stream is open, so every report is heard.
    expect((await api(a.port, 'POST', `${PAUSE}/pause`, {})).status).toBe(200);
    const created = await api(a.port, 'POST', TASKS, {
      type: 'technical_analysis',
      input: {
        candles: walk(20_000, 100, 0.0001, 0.01, 9),
        indicators: [{ name: 'sma', period: 50 }, { name: 'rsi' }],
      },
      options: { cache: false },
      webhook: { url: `http://127.0.0.1:${receiver.port}/hooks`, secret: SECRET },
    });
    expect(created.status).toBe(202);
    const id = created.body.data.id as string;
    const stream = openSseClient(a.port, `${TASKS}/${id}/events`);
    await until(() => stream.events.length > 0, 10_000, 'the first status event');
    expect((await api(a.port, 'POST', `${PAUSE}/resume`, {})).status).toBe(200);
    await stream.closed;

    const progress = stream.events.filter((e) => e.event === 'progress').map((e) => e.data);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[progress.length - 1]).toMatchObject({ id, fraction: 1, message: 'computed rsi(period=14) (2/2)' });
    expect(stream.events[stream.events.length - 1]).toMatchObject({ event: 'status', data: { status: 'succeeded' } });

    await until(() => receiver.received.length >= 1, 30_000, 'the webhook');
    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].body).toMatchObject({ event: 'task.succeeded', data: { id, status: 'succeeded' } });
    expect(signatureVerifies(SECRET, receiver.received[0])).toBe(true);
  });

  it('replays a finished run on PostgreSQL identically, from its first checkpoint in the PostgresSaver', async () => {
    const runs = '/api/v1/orchestration/runs';
    const input = { symbol: 'SPX', assetClass: 'indices', candles: sp500Candles(120) };
    const started = await api(a.port, 'POST', '/api/v1/orchestration/execute?wait=60000', {
      workflow: 'trading-analysis',
      input,
    });
    expect(started.body.data.status).toBe('succeeded');
    const replay = await api(a.port, 'POST', `${runs}/${started.body.data.id}/replay`, {});
    expect(replay.status).toBe(202);
    let diff: { status: number; body: any } | undefined;
    await until(
      async () => {
        diff = await api(a.port, 'GET', `${runs}/${started.body.data.id}/replays/${replay.body.data.id}/diff`);
        return diff.status === 200;
      },
      60_000,
      'the replay to finish',
      250,
    );
    expect(diff!.body.data).toMatchObject({ identical: true, replayStatus: 'succeeded', input: { verdict: 'equal' } });
    expect(diff!.body.data.summary.different).toBe(0);
  });
});
