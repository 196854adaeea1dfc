import { HanditModule, TaskRunner, TaskService, type Priority, type Task } from '@app/handit';
import { EventCore } from '@app/infrastructure';
import { createMediumModule, type MediumModule } from '../support/medium';
import { FakeLlmServer } from '../support/llm-server';
import { PRIORITY_PLAN } from '../support/tasks';

/**
 * The task runner through HanditModule on a temporary SQLite file, without HTTP: a task's life
 * from the queue to its stored outcome, the result cache, retries, priorities and cancels.
 */
describe('handit: the task runner on SQLite', () => {
  const TENANT = 'medium-tenant';
  const OPTION = { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 };
  let m: MediumModule;
  let llm: FakeLlmServer;
  let tasks: TaskService;
  let runner: TaskRunner;

  beforeAll(async () => {
    llm = new FakeLlmServer();
    m = await createMediumModule([HanditModule], {
      env: {
        HANDIT_CONCURRENCY: '1',
        // Quant engines inline: no worker thread to start, so the suite stays fast.
        HANDIT_WORKER_THREADS: '0',
        // No aging while the priority test submits: the order is the priorities' alone.
        HANDIT_AGING_INTERVAL_MS: '600000',
        ...(await llm.startAsProvider('test-model')),
      },
    });
    tasks = m.get(TaskService);
    runner = m.get(TaskRunner);
  }, 30_000);
  afterAll(async () => {
    await m?.close();
    await llm?.stop();
  });

  const pricing = (strike: number, options: { cache?: boolean } = { cache: false }, priority?: Priority) =>
    tasks.create({
      tenant: TENANT,
      principalId: null,
      type: 'options_pricing',
      priority,
      input: { ...OPTION, strike },
      options,
    });
  const final = (id: string): Promise<Task> => tasks.waitForFinal(TENANT, id, 10_000);
  const pause = (paused: boolean) => runner.applyPause({ kind: 'queue' }, paused);

  it('runs a compute task to succeeded and stores its result; an identical one is a cache hit', async () => {
    const first = await final((await pricing(41, { cache: true })).task.id);
    expect(first).toMatchObject({ status: 'succeeded', attempts: 1, cacheHit: false, error: null });
    expect(first.result).toEqual(
      expect.objectContaining({ call: expect.objectContaining({ price: expect.any(Number) }) }),
    );
    expect(first.startedAt).toBeInstanceOf(Date);
    expect(first.finishedAt).toBeInstanceOf(Date);

    const second = await final((await pricing(41, { cache: true })).task.id);
    expect(second).toMatchObject({ status: 'succeeded', cacheHit: true });
    expect(second.result).toEqual(first.result);
    expect(runner.recentHistory().map((h) => h.id)).toEqual(expect.arrayContaining([first.id, second.id]));
  });

  it('retries a retryable failure, then fails with the recorded error after maxAttempts', async () => {
    llm.script({ status: 503, error: 'down' }, { status: 503, error: 'down' });
    const created = await tasks.create({
      tenant: TENANT,
      principalId: null,
      type: 'market_commentary',
      input: { question: 'down?' },
      options: { maxAttempts: 2, cache: false },
    });
    const statuses: string[] = [];
    const unsubscribe = tasks.subscribe(created.task.id, (event) => statuses.push(event.status));
    const task = await final(created.task.id);
    unsubscribe();
    expect(task).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'PROVIDER_ERROR' } });
    expect(statuses).toEqual(['running', 'queued', 'running', 'failed']);
  }, 20_000);

  it('stops an attempt at its timeout: timed_out with TIMEOUT, not retried', async () => {
    llm.script({ status: 200, content: 'too late', delayMs: 3000 });
    const created = await tasks.create({
      tenant: TENANT,
      principalId: null,
      type: 'market_commentary',
      input: { question: 'slow?' },
      options: { timeoutMs: 200, maxAttempts: 3, cache: false },
    });
    const task = await final(created.task.id);
    expect(task).toMatchObject({ status: 'timed_out', attempts: 1, result: null, error: { code: 'TIMEOUT' } });
  });

  it('claims queued tasks strictly by priority, FIFO within a level', async () => {
    await pause(true);
    const plan = PRIORITY_PLAN;
    const strikeOf = new Map<string, number>();
    for (const [priority, strike] of plan) {
      const { task } = await pricing(strike, { cache: false }, priority);
      expect(task.status).toBe('queued');
      strikeOf.set(task.id, strike);
    }
    const started: number[] = [];
    const stop = m.get(EventCore).on('task.started', (event) => {
      if (strikeOf.has(event.id)) started.push(strikeOf.get(event.id) as number);
    });
    await pause(false);
    const finished = await Promise.all([...strikeOf.keys()].map(final));
    stop();
    expect(finished.map((t) => t.status)).toEqual(plan.map(() => 'succeeded'));
    expect(started).toEqual([3, 7, 6, 2, 4, 1, 5]);
  });

  it('never runs a task cancelled while queued', async () => {
    await pause(true);
    const { task: queued } = await pricing(11);
    const started: string[] = [];
    const stop = m.get(EventCore).on('task.started', (event) => started.push(event.id));
    const cancelled = await tasks.cancel(TENANT, queued.id);
    expect(cancelled.status).toBe('cancelled');
    await pause(false);
    // A task queued after it runs to the end: the cancelled one, ahead of it, was skipped.
    const after = await final((await pricing(12)).task.id);
    stop();
    expect(after.status).toBe('succeeded');
    expect(started).toEqual([after.id]);
    const stored = await tasks.get(TENANT, queued.id);
    expect(stored).toMatchObject({ status: 'cancelled', attempts: 0, startedAt: null, result: null });
    await expect(tasks.cancel(TENANT, queued.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
