import { FakeLlmServer } from '../support/llm-server';
import { PrivateRedis, Replica, TASKS, api, clusterResources, query, until } from '../support/distributed';

jest.setTimeout(240_000);

/**
 * Issue 10, "must show" 4: Redis stopped (`shutdown nosave`: its jobs are gone) and started again
 * on the same port under load. Readiness goes 503 and comes back by itself; every task answered
 * 202 finishes (the reconciler re-adds jobs for queued rows); requests are answered 202 or 503,
 * never 500.
 */
describe('distributed mode: Redis restarted under load', () => {
  const cluster = clusterResources('dist_redis');
  const { schema } = cluster;
  let redis: PrivateRedis;
  let llm: FakeLlmServer;

  afterAll(async () => {
    await cluster.release();
    await llm?.stop();
    await redis?.stop();
  });

  it('readiness fails while Redis is down and recovers; every accepted task finishes', async () => {
    redis = await PrivateRedis.start();
    llm = new FakeLlmServer();
    llm.otherwise({ status: 200, content: 'answer', delayMs: 200 });
    const env = await cluster.env(
      { HANDIT_CONCURRENCY: '4', LLM_BASE_URL: await llm.start(), LLM_MODEL: 'm' },
      redis.url,
    );
    const [a, b, w] = await cluster.startInTurn(env, 'api', 'all', 'worker');

    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    let submitting = true;
    const load = (async () => {
      for (let i = 0; i < 600 && submitting; i++) {
        const res = await api(i % 2 ? b.port : a.port, 'POST', TASKS, {
          type: 'market_commentary',
          input: { question: `q${i}` },
          options: { cache: false },
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 202) accepted.push(res.body.data.id);
        await new Promise((r) => setTimeout(r, 40));
      }
    })();

    await until(() => accepted.length >= 20, 20_000, 'load to start');
    await redis.shutdown();
    const readyStatus = async (r: Replica) => (await api(r.port, 'GET', '/health/ready')).status;
    await until(
      async () => (await readyStatus(a)) === 503 && (await readyStatus(w)) === 503,
      15_000,
      'readiness to fail while Redis is down',
    );
    const duringOutage = accepted.length;
    await new Promise((r) => setTimeout(r, 3000));
    await redis.start();
    await until(
      async () => (await Promise.all([a, b, w].map(readyStatus))).every((s) => s === 200),
      30_000,
      'readiness to recover',
    );
    await new Promise((r) => setTimeout(r, 2000));
    submitting = false;
    await load;
    expect(accepted.length).toBeGreaterThan(duringOutage);

    const ids = accepted.map((id) => `'${id}'`).join(',');
    await until(
      async () =>
        (
          await query<{ n: string }>(
            schema,
            `SELECT count(*) AS n FROM handit_tasks WHERE id IN (${ids}) AND status = 'succeeded'`,
          )
        )[0].n === String(accepted.length),
      120_000,
      `all ${accepted.length} accepted tasks to succeed`,
      500,
    );
    // Answers were 202 (row saved) or 503 (not accepted); nothing else.
    expect([...statuses.keys()].filter((s) => s !== 202 && s !== 503)).toEqual([]);
    // No task reached the provider twice.
    expect(new Set(llm.completed).size).toBe(llm.completed.length);
    process.stdout.write(
      `[distributed] Redis restart: ${accepted.length} accepted (${duringOutage} before readiness failed), answers ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
  });
});
