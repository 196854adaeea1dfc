import { FakeLlmServer } from '../support/llm-server';
import { FINAL, Replica, TASKS, api, clusterResources, counter, pool, query, until } from '../support/distributed';

jest.setTimeout(240_000);

/**
 * Issue 10, "must show" 1: replicas of the built service on one PostgreSQL and one Redis.
 * A = ROLE=api (HTTP only), B = ROLE=all, W = ROLE=worker. Tasks go round-robin to A and B;
 * B and W execute.
 */
const N = Number(process.env.DISTRIBUTED_TASKS ?? 2000);
const PRICING = {
  type: 'options_pricing',
  input: { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 },
  options: { cache: false },
};

describe('distributed mode: tasks across replicas', () => {
  const cluster = clusterResources('dist_tasks');
  const { schema } = cluster;
  let a: Replica;
  let b: Replica;
  let w: Replica;
  let llm: FakeLlmServer;

  beforeAll(async () => {
    llm = new FakeLlmServer();
    llm.otherwise({ status: 200, content: 'slow answer', delayMs: 10_000 });
    const llmUrl = await llm.start();
    const env = await cluster.env({ HANDIT_CONCURRENCY: '8', LLM_BASE_URL: llmUrl, LLM_MODEL: 'm' });
    [a, b, w] = await cluster.startInTurn(env, 'api', 'all', 'worker');
  });

  afterAll(async () => {
    await cluster.release();
    await llm?.stop();
  });

  it(`finishes ${N} tasks submitted round-robin to two replicas, each exactly once`, async () => {
    const started = Date.now();
    const ids = await pool(
      Array.from({ length: N }, (_, i) => i),
      32,
      async (i) => {
        const res = await api(i % 2 ? b.port : a.port, 'POST', TASKS, {
          ...PRICING,
          priority: ['critical', 'high', 'normal', 'low', 'background'][i % 5],
        });
        expect(res.status).toBe(202);
        return res.body.data.id as string;
      },
    );
    const submittedMs = Date.now() - started;
    expect(new Set(ids).size).toBe(N);

    await until(
      async () =>
        (
          await query<{ n: string }>(
            schema,
            `SELECT count(*) AS n FROM handit_tasks WHERE status IN ('succeeded','failed','cancelled','timed_out')`,
          )
        )[0].n === String(N),
      180_000,
      `${N} tasks to finish`,
      250,
    );
    const finishedMs = Date.now() - started;
    const rows = await query<{ status: string; attempts: number; n: string }>(
      schema,
      'SELECT status, attempts, count(*) AS n FROM handit_tasks GROUP BY status, attempts',
    );
    expect(rows).toEqual([{ status: 'succeeded', attempts: 1, n: String(N) }]);

    // Each success was settled once, by an executing replica; the api replica executed nothing.
    const settled = await Promise.all(
      [a, b, w].map((r) => counter(r.port, 'handit_tasks_total', { status: 'succeeded' })),
    );
    expect(settled[0]).toBe(0);
    expect(settled[1] + settled[2]).toBe(N);
    expect(settled[1]).toBeGreaterThan(0);
    expect(settled[2]).toBeGreaterThan(0);
    process.stdout.write(
      `[distributed] ${N} tasks: submitted in ${submittedMs} ms, all finished after ${finishedMs} ms (${Math.round((N / finishedMs) * 1000)} tasks/s); executed by all=${settled[1]} worker=${settled[2]}\n`,
    );
  });

  it('a task created on one replica is visible, waitable, streamable and cancellable on another', async () => {
    // Visible and ?wait= across replicas: created on A (which executes nothing), read on B.
    const quick = await api(a.port, 'POST', TASKS, PRICING);
    expect(quick.status).toBe(202);
    const seen = await api(b.port, 'GET', `${TASKS}/${quick.body.data.id}`);
    expect(seen.status).toBe(200);
    const waited = await api(b.port, 'POST', `${TASKS}?wait=10000`, PRICING);
    expect(waited.status).toBe(200);
    expect(waited.body.data.status).toBe('succeeded');

    // A slow LLM task created on A runs on B or W; B streams it and A cancels it.
    const slow = await api(a.port, 'POST', TASKS, {
      type: 'market_commentary',
      input: { question: 'cancel me' },
      options: { cache: false },
    });
    expect(slow.status).toBe(202);
    const id = slow.body.data.id as string;
    await until(
      async () => (await api(b.port, 'GET', `${TASKS}/${id}`)).body.data.status === 'running',
      20_000,
      'the slow task to run',
    );

    const controller = new AbortController();
    const stream = await fetch(`http://127.0.0.1:${b.port}${TASKS}/${id}/events`, { signal: controller.signal });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = stream.body!.getReader();
    let text = '';
    const streamed = (async () => {
      for (let i = 0; i < 100 && !text.includes('"cancelled"'); i++) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString();
      }
    })();
    await until(() => text.includes('"running"'), 5000, 'the stream to report running');

    const cancelStarted = Date.now();
    const cancelled = await api(a.port, 'DELETE', `${TASKS}/${id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data.status).toBe('cancelled');
    // The owner aborted its attempt (pub/sub), well before the fallback that settles the row itself.
    expect(Date.now() - cancelStarted).toBeLessThan(4000);
    expect(cancelled.body.data.error).toEqual(
      expect.objectContaining({ code: 'CANCELLED', message: 'Cancelled while running' }),
    );
    await Promise.race([streamed, new Promise((r) => setTimeout(r, 5000))]);
    controller.abort();
    expect(text).toContain('"cancelled"');
    await until(() => llm.aborted >= 1, 5000, 'the provider call to be aborted');

    // A second cancel is a conflict on any replica; an unknown id is 404 everywhere.
    expect((await api(b.port, 'DELETE', `${TASKS}/${id}`)).status).toBe(409);
    expect((await api(b.port, 'GET', `${TASKS}/01ARZ3NDEKTSV4RRFFQ69G5FAV`)).status).toBe(404);
    const final = await api(w.port, 'GET', `${TASKS}/${id}`);
    expect(FINAL).toContain(final.body.data.status);
  });

  it('readiness reports PostgreSQL and Redis on every role', async () => {
    for (const replica of [a, b, w]) {
      const ready = await api(replica.port, 'GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.data.info).toEqual(
        expect.objectContaining({
          database: expect.objectContaining({ status: 'up' }),
          redis: expect.objectContaining({ status: 'up' }),
        }),
      );
    }
  });
});
