import request from 'supertest';
import { ConcurrencyBudget } from '@app/infrastructure';
import { JobRegistry, SchedulerEngine } from '@app/task-scheduler';
import { createTestApp, TestApp } from './support/create-test-app';

/**
 * Issue 9, "Must show" 3: a flood of scheduled background work and a stream of critical tasks
 * share the global budget. Documented bound (README, fairness policy): while fewer than
 * QUEUE_INTERACTIVE_RESERVED critical items run, a critical item gets its slot at once; measured
 * here as a slot wait of at most CRITICAL_WAIT_BOUND_MS under the flood.
 */
const CRITICAL_WAIT_BOUND_MS = 50;
const WORK_MS = 15;
const KEY = 'fair-operator-key-4e1c';

/** Simulated work: the job and the critical task each hold their slot this long. */
const work = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('scheduler: fair global concurrency budget', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      API_KEYS: `ops:admin:default:${KEY}`,
      QUEUE_GLOBAL_CONCURRENCY: '4',
      QUEUE_INTERACTIVE_RESERVED: '1',
      SCHEDULER_CONCURRENCY: '24',
    });
  }, 30_000);
  afterAll(() => t.close());

  it('keeps critical latency within the bound while 240 scheduled runs flood the budget', async () => {
    const budget = t.app.get(ConcurrencyBudget);
    const engine = t.app.get(SchedulerEngine);
    let backgroundPeak = 0;
    let waitingPeak = 0;
    t.app.get(JobRegistry).register(
      { name: 'test.busy', inputSchema: { type: 'object' } },
      {
        async run() {
          const stats = budget.stats();
          backgroundPeak = Math.max(backgroundPeak, stats.backgroundInUse);
          waitingPeak = Math.max(waitingPeak, stats.waitingBackground);
          await work(WORK_MS);
        },
      },
    );
    const api = (path: string) => request(t.http).post(path).set('X-API-Key', KEY);
    // The flood is queued while the scheduler queue is paused, then released all at once.
    await api('/api/v1/scheduler/queues/scheduler.runs/pause').expect(200);
    // 24 schedules x 10 triggers: 240 runs, 24 eligible at once (one per schedule), 3 budget slots.
    const triggers: Promise<unknown>[] = [];
    for (let s = 0; s < 24; s++) {
      const id = (
        await api('/api/v1/scheduler/schedules')
          .send({ job: 'test.busy', everyMs: 3_600_000, overlapPolicy: 'queue' })
          .expect(201)
      ).body.data.id;
      for (let i = 0; i < 10; i++) triggers.push(api(`/api/v1/scheduler/schedules/${id}/trigger`).expect(202));
    }
    await Promise.all(triggers);
    await api('/api/v1/scheduler/queues/scheduler.runs/resume').expect(200);

    // A stream of critical work on another queue, one item every 10 ms, while the flood runs.
    const waits: number[] = [];
    for (let i = 0; i < 40; i++) {
      const asked = performance.now();
      const release = await budget.acquire('test.critical', { priority: 'critical' });
      waits.push(performance.now() - asked);
      await work(5);
      release();
      await work(5);
    }
    const stillQueued = (
      await request(t.http).get('/api/v1/scheduler/queues').set('X-API-Key', KEY).expect(200)
    ).body.data.queues.find((q: { name: string }) => q.name === 'scheduler.runs');
    await engine.idle();

    const sorted = [...waits].sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length / 2)];
    const max = sorted[sorted.length - 1];
    // Printed so CI logs carry the measured figures.
    console.log(
      `critical slot wait over ${waits.length} items under the flood: p50 ${p50.toFixed(2)} ms, max ${max.toFixed(2)} ms (bound ${CRITICAL_WAIT_BOUND_MS} ms); background peak ${backgroundPeak}/3, background waiters peak ${waitingPeak}`,
    );
    // The flood really was saturating its share and queueing for slots during the measurement.
    expect(backgroundPeak).toBe(3);
    expect(waitingPeak).toBeGreaterThan(0);
    expect(stillQueued.queued + stillQueued.running).toBeGreaterThan(0);
    expect(max).toBeLessThanOrEqual(CRITICAL_WAIT_BOUND_MS);

    // And the background work was not starved either: every run finished.
    const runs = (
      await request(t.http)
        .get('/api/v1/scheduler/runs?status=succeeded&limit=100&job=test.busy')
        .set('X-API-Key', KEY)
        .expect(200)
    ).body.data;
    expect(runs.items).toHaveLength(100);
    expect(budget.stats()).toMatchObject({ inUse: 0, waitingBackground: 0 });
  }, 60_000);

  it('without the reservation the same critical stream waits behind the flood (the policy matters)', async () => {
    const budget = ConcurrencyBudget.create({ total: 4, interactiveReserved: 0, maxWaiters: 1000 });
    const holders = await Promise.all(
      Array.from({ length: 4 }, () => budget.acquire('scheduler.runs', { interactive: false })),
    );
    let granted = false;
    const critical = budget.acquire('test.critical', { priority: 'critical' }).then((release) => {
      granted = true;
      return release;
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(granted).toBe(false);
    holders[0]();
    (await critical)();
    holders.slice(1).forEach((release) => release());
  });
});
