import { FakeLlmServer } from '../support/llm-server';
import { Replica, TASKS, api, clusterResources, countTasks, query, until } from '../support/distributed';

jest.setTimeout(180_000);

/**
 * Issue 10, "must show" 2: a worker SIGKILLed mid-load. Its BullMQ locks expire
 * (HANDIT_LOCK_DURATION_MS = 3 s here), the stalled checker on the surviving worker moves its jobs
 * back, and the survivor takes the tasks over as new attempts. Completions are counted at the
 * side effect (the LLM provider), not only in the rows.
 */
const TASK_COUNT = 18;

describe('distributed mode: a worker killed mid-load', () => {
  const cluster = clusterResources('dist_kill');
  const { schema } = cluster;
  let llm: FakeLlmServer;

  afterAll(async () => {
    await cluster.release();
    await llm?.stop();
  });

  it('recovers its jobs on another replica: nothing lost, nothing finished twice', async () => {
    llm = new FakeLlmServer();
    llm.otherwise({ status: 200, content: 'answer', delayMs: 1500 });
    const env = await cluster.env({ HANDIT_CONCURRENCY: '3', LLM_BASE_URL: await llm.start(), LLM_MODEL: 'm' });
    const [a, b, w] = await cluster.startInTurn(env, 'api', 'all', 'worker');

    const ids: string[] = [];
    for (let i = 0; i < TASK_COUNT; i++) {
      const res = await api(i % 2 ? b.port : a.port, 'POST', TASKS, {
        type: 'market_commentary',
        input: { question: `question ${i}` },
        options: { cache: false },
      });
      expect(res.status).toBe(202);
      ids.push(res.body.data.id);
    }
    const runningOn = async (r: Replica) =>
      (await api(r.port, 'GET', '/status')).body.data.components.handit.details.running as number;
    await until(async () => (await runningOn(w)) >= 2, 20_000, 'the worker to run tasks');
    w.proc.kill('SIGKILL');
    await w.exited;
    const killedAt = Date.now();

    await until(
      async () => (await countTasks(schema, 'succeeded')) === TASK_COUNT,
      120_000,
      'every task to succeed on the surviving replica',
      250,
    );
    const rows = await query<{ id: string; status: string; attempts: number }>(
      schema,
      'SELECT id, status, attempts FROM handit_tasks',
    );
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const retried = rows.filter((r) => r.attempts === 2).length;
    // Each attempt the kill interrupted was retried once; every other task ran once.
    expect(retried).toBeGreaterThanOrEqual(2);
    expect(retried).toBe(llm.aborted);
    expect(rows.every((r) => r.attempts === 1 || r.attempts === 2)).toBe(true);
    // The provider completed each question exactly once: no task ran twice to completion.
    expect([...llm.completed].sort()).toEqual(
      Array.from({ length: TASK_COUNT }, (_, i) => `Question: question ${i}`).sort(),
    );
    process.stdout.write(
      `[distributed] SIGKILL: ${retried} interrupted attempts taken over; all ${TASK_COUNT} done ${Date.now() - killedAt} ms after the kill\n`,
    );
  });
});
