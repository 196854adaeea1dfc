import { bootScheduler, createTestSchedule, gate, SchedulerHarness, START, tempDb } from './support/scheduler';

/**
 * Issue 9, "Must show" 1: every schedule kind fires on time under a manual clock, retries and the
 * dead letter, pause/resume, overlap policies. (Restart and missed firings: scheduler-restart.)
 */
const at = (offsetMs: number) => new Date(START.getTime() + offsetMs).toISOString();

describe('scheduler: firing, retries, dead letter, pause, overlap', () => {
  let h: SchedulerHarness;
  let db: ReturnType<typeof tempDb>;

  beforeEach(async () => {
    db = tempDb();
    h = await bootScheduler(db.path, START);
  });
  afterEach(async () => {
    await h.close();
    db.remove();
  });

  const create = (body: object) => createTestSchedule(h, body);
  const runsOf = async (scheduleId: string) =>
    (await h.api('get', `/api/v1/scheduler/runs?scheduleId=${scheduleId}&limit=100`).expect(200)).body.data
      .items as Array<Record<string, unknown>>;

  it('fires cron (in its time zone), interval and one-off schedules exactly at their fire times', async () => {
    // 03:30 in New York is 08:30 UTC in January.
    const cron = await create({ name: 'ny', cron: '30 3 * * *', timezone: 'America/New_York' });
    const every = await create({ name: 'minutely', everyMs: 60_000 });
    const once = await create({ name: 'once', at: at(90_000), input: { symbol: 'EURUSD' } });
    expect(cron.nextFireTimes.slice(0, 2)).toEqual(['2031-01-06T08:30:00.000Z', '2031-01-07T08:30:00.000Z']);
    expect(every.nextFireTimes.slice(0, 2)).toEqual([at(60_000), at(120_000)]);
    expect(once.nextFireTimes).toEqual([at(90_000)]);

    await h.advance(59_999);
    expect(h.job.calls).toEqual([]);
    await h.advance(1);
    expect(h.job.calls).toEqual([
      expect.objectContaining({ scheduleId: every.id, scheduledFor: at(60_000), at: at(60_000) }),
    ]);

    await h.advance(29_999);
    expect(h.job.calls).toHaveLength(1);
    await h.advance(1);
    expect(h.job.calls[1]).toEqual(
      expect.objectContaining({
        scheduleId: once.id,
        scheduledFor: at(90_000),
        at: at(90_000),
        input: { symbol: 'EURUSD' },
      }),
    );

    // Step to 08:29:59.999: the interval fires each minute on the minute, the cron not yet.
    for (let i = 0; i < 28; i++) await h.advance(i === 0 ? 30_000 : 60_000);
    await h.advance(59_999);
    const cronCalls = () => h.job.calls.filter((c) => c.scheduleId === cron.id);
    expect(cronCalls()).toEqual([]);
    await h.advance(1);
    expect(cronCalls()).toEqual([
      expect.objectContaining({ scheduledFor: '2031-01-06T08:30:00.000Z', at: '2031-01-06T08:30:00.000Z' }),
    ]);

    const everyCalls = h.job.calls.filter((c) => c.scheduleId === every.id);
    expect(everyCalls.map((c) => c.scheduledFor)).toEqual(Array.from({ length: 30 }, (_, i) => at((i + 1) * 60_000)));
    expect(everyCalls.every((c) => c.at === c.scheduledFor)).toBe(true);

    const onceView = (await h.api('get', `/api/v1/scheduler/schedules/${once.id}`).expect(200)).body.data;
    expect(onceView).toMatchObject({ state: 'completed', nextFireAt: null, lastFireAt: at(90_000), nextFireTimes: [] });
    expect(onceView.lastRuns).toEqual([
      expect.objectContaining({ status: 'succeeded', attempts: 1, trigger: 'schedule', durationMs: 0 }),
    ]);
  });

  it('retries with backoff, then dead-letters; a dead letter can be retried and purged', async () => {
    h.job.behaviour = () => {
      throw new Error('upstream timeout');
    };
    const s = await create({
      everyMs: 3_600_000,
      maxAttempts: 3,
      backoff: { type: 'exponential', delayMs: 5_000, maxDelayMs: 60_000 },
    });
    const trigger = await h.api('post', `/api/v1/scheduler/schedules/${s.id}/trigger`).expect(202);
    expect(trigger.headers.location).toBe(`/api/v1/scheduler/runs/${trigger.body.data.id}`);
    await h.advance(0);
    const runId = trigger.body.data.id as string;
    const run = async () => (await h.api('get', `/api/v1/scheduler/runs/${runId}`).expect(200)).body.data;

    expect(await run()).toMatchObject({
      status: 'retrying',
      attempts: 1,
      notBefore: at(5_000),
      error: 'upstream timeout',
    });
    await h.advance(4_999);
    expect(h.job.calls).toHaveLength(1);
    await h.advance(1);
    expect(await run()).toMatchObject({ status: 'retrying', attempts: 2, notBefore: at(15_000) });
    await h.advance(10_000);
    const dead = await run();
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, finishedAt: at(15_000) });
    expect(dead.errors.map((e: { attempt: number }) => e.attempt)).toEqual([1, 2, 3]);
    expect(h.job.calls.map((c) => [c.attempt, c.at])).toEqual([
      [1, at(0)],
      [2, at(5_000)],
      [3, at(15_000)],
    ]);

    const letters = (await h.api('get', '/api/v1/scheduler/dead-letter').expect(200)).body.data.items;
    expect(letters.map((r: { id: string }) => r.id)).toEqual([runId]);

    h.job.behaviour = () => ({ recovered: true });
    const retried = await h.api('post', `/api/v1/scheduler/dead-letter/${runId}/retry`).expect(202);
    expect(retried.body.data).toMatchObject({ status: 'queued', attempts: 0, trigger: 'dead-letter-retry' });
    await h.advance(0);
    expect(await run()).toMatchObject({ status: 'succeeded', attempts: 1, result: { recovered: true } });
    const again = await h.api('post', `/api/v1/scheduler/dead-letter/${runId}/retry`).expect(409);
    expect(again.body.error.code).toBe('CONFLICT');

    h.job.behaviour = () => {
      throw new Error('still broken');
    };
    const s2 = await create({ everyMs: 3_600_000, maxAttempts: 1 });
    await h.api('post', `/api/v1/scheduler/schedules/${s2.id}/trigger`).expect(202);
    await h.advance(0);
    expect((await h.api('get', '/api/v1/scheduler/dead-letter').expect(200)).body.data.items).toHaveLength(1);
    await h.api('delete', '/api/v1/scheduler/dead-letter').expect(403);
    expect((await h.api('delete', '/api/v1/scheduler/dead-letter', 'admin').expect(200)).body.data).toEqual({
      purged: 1,
    });
    expect((await h.api('get', '/api/v1/scheduler/dead-letter').expect(200)).body.data.items).toEqual([]);
  });

  it('pauses and resumes a schedule without making up the firings of the pause', async () => {
    const s = await create({ everyMs: 60_000 });
    await h.advance(60_000);
    expect(h.job.calls).toHaveLength(1);
    const paused = (await h.api('post', `/api/v1/scheduler/schedules/${s.id}/pause`).expect(200)).body.data;
    expect(paused).toMatchObject({ state: 'paused', enabled: false, nextFireAt: null });
    await h.advance(300_000);
    expect(h.job.calls).toHaveLength(1);
    const resumed = (await h.api('post', `/api/v1/scheduler/schedules/${s.id}/resume`).expect(200)).body.data;
    expect(resumed).toMatchObject({ state: 'active', nextFireAt: at(420_000) });
    await h.advance(0);
    expect(h.job.calls).toHaveLength(1);
    await h.advance(60_000);
    expect(h.job.calls.map((c) => c.scheduledFor)).toEqual([at(60_000), at(420_000)]);
  });

  it('pauses the scheduler queue: firings are accepted and wait; resume runs them', async () => {
    await h.api('post', '/api/v1/scheduler/queues/scheduler.runs/pause').expect(403);
    const pausedQueue = (await h.api('post', '/api/v1/scheduler/queues/scheduler.runs/pause', 'admin').expect(200)).body
      .data;
    expect(pausedQueue).toMatchObject({ name: 'scheduler.runs', paused: true });
    const s = await create({ everyMs: 60_000, overlapPolicy: 'queue', priority: 'high' });
    await h.advance(60_000);
    await h.advance(60_000);
    expect(h.job.calls).toEqual([]);
    const queues = (await h.api('get', '/api/v1/scheduler/queues', 'viewer').expect(200)).body.data;
    expect(queues.queues.find((q: { name: string }) => q.name === 'scheduler.runs')).toMatchObject({
      paused: true,
      queued: 2,
      depthByPriority: expect.objectContaining({ high: 2 }),
      running: 0,
    });
    // The budget counts every tenant's work: only the whole-queue view (system admin) shows it.
    expect(queues.budget).toBeUndefined();
    await h.api('get', '/api/v1/scheduler/queues?scope=queue', 'admin').expect(403);
    const whole = (await h.api('get', '/api/v1/scheduler/queues?scope=queue', 'system').expect(200)).body.data;
    expect(whole.budget).toMatchObject({ total: 8, interactiveReserved: 2 });

    await h.api('post', '/api/v1/scheduler/queues/scheduler.runs/resume', 'admin').expect(200);
    await h.advance(0);
    expect(h.job.calls.map((c) => c.scheduledFor)).toEqual([at(60_000), at(120_000)]);
    expect((await runsOf(s.id)).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);

    await h.api('post', '/api/v1/scheduler/queues/scheduler.runs/pause', 'admin').expect(200);
    await h.advance(60_000);
    await h.advance(60_000);
    const drained = (await h.api('post', '/api/v1/scheduler/queues/scheduler.runs/drain', 'admin').expect(200)).body
      .data;
    expect(drained).toMatchObject({ removed: 2, queue: { queued: 0 } });
    await h.api('post', '/api/v1/scheduler/queues/scheduler.runs/resume', 'admin').expect(200);
    await h.advance(0);
    expect(h.job.calls).toHaveLength(2);
    expect((await runsOf(s.id)).map((r) => r.status).sort()).toEqual([
      'cancelled',
      'cancelled',
      'succeeded',
      'succeeded',
    ]);
    await h.api('post', '/api/v1/scheduler/queues/no.such.queue/pause', 'admin').expect(404);
  });

  it('overlapPolicy skip records a skipped firing while the previous run is still going', async () => {
    const hold = gate();
    h.job.behaviour = (call) => (call === 1 ? hold.promise : undefined);
    const s = await create({ everyMs: 60_000, overlapPolicy: 'skip' });
    // The held run keeps the engine busy, so move the clock by hand and wait for the records.
    h.clock.advance(60_000);
    await waitFor(() => h.job.calls.length === 1);
    h.clock.advance(60_000);
    h.engine.kick();
    await waitFor(async () => (await runsOf(s.id)).length === 2);
    expect((await runsOf(s.id)).map((r) => r.status)).toEqual(['skipped', 'running']);
    hold.open();
    await h.engine.idle();
    const runs = await runsOf(s.id);
    expect(runs.map((r) => [r.scheduledFor, r.status])).toEqual([
      [at(120_000), 'skipped'],
      [at(60_000), 'succeeded'],
    ]);
    expect(runs[0].error).toMatch(/overlapPolicy skip/);
    expect(h.job.calls).toHaveLength(1);
  });

  it('overlapPolicy queue runs the next firing only after the previous run ends', async () => {
    const hold = gate();
    h.job.behaviour = (call) => (call === 1 ? hold.promise : undefined);
    const s = await create({ everyMs: 60_000, overlapPolicy: 'queue' });
    h.clock.advance(60_000);
    await waitFor(() => h.job.calls.length === 1);
    h.clock.advance(60_000);
    h.engine.kick();
    await waitFor(async () => (await runsOf(s.id)).length === 2);
    expect((await runsOf(s.id)).map((r) => r.status)).toEqual(['queued', 'running']);
    expect(h.job.calls).toHaveLength(1);
    hold.open();
    await h.engine.idle();
    expect(h.job.calls.map((c) => c.scheduledFor)).toEqual([at(60_000), at(120_000)]);
    expect((await runsOf(s.id)).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });
});

/** Polls a condition between event-loop turns (no timers): the scheduler works asynchronously. */
async function waitFor(condition: () => boolean | Promise<boolean>, turns = 5000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (await condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error('condition not met');
}
