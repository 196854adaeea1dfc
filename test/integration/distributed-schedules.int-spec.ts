import { TASKS, api, clusterResources, query } from '../support/distributed';

jest.setTimeout(120_000);

/**
 * Issue 10, "must show" 3: schedules fire once per tick across replicas. Two replicas run the
 * scheduler engine (ROLE=all and ROLE=worker; the api replica runs none); each firing advances
 * the schedule with a compare-and-set on its next fire time in PostgreSQL, so only one replica
 * records the run of a slot, and runs are claimed with a conditional update before executing.
 */
describe('distributed mode: schedules across replicas', () => {
  const cluster = clusterResources('dist_sched');
  const { schema } = cluster;
  afterAll(() => cluster.release());

  it('an interval and a cron schedule fire once per tick over several ticks', async () => {
    const env = await cluster.env({
      SCHEDULER_POLL_INTERVAL_MS: '200',
    });
    const [a, b, w] = await cluster.startInTurn(env, 'api', 'all', 'worker');

    const input = {
      type: 'options_pricing',
      input: { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 },
      options: { cache: false },
    };
    const every = await api(a.port, 'POST', '/api/v1/scheduler/schedules', {
      job: 'handit.submit-task',
      everyMs: 1000,
      input,
    });
    expect(every.status).toBe(201);
    const cron = await api(b.port, 'POST', '/api/v1/scheduler/schedules', {
      job: 'handit.submit-task',
      cron: '*/2 * * * * *',
      input,
    });
    expect(cron.status).toBe(201);
    await new Promise((r) => setTimeout(r, 8500));
    for (const s of [every, cron])
      expect(
        (await api(w.port, 'PATCH', `/api/v1/scheduler/schedules/${s.body.data.id}`, { enabled: false })).status,
      ).toBe(200);
    await new Promise((r) => setTimeout(r, 2000));

    const runs = await query<{ schedule_id: string; scheduled_for: Date; status: string; trigger: string }>(
      schema,
      'SELECT schedule_id, scheduled_for, status, "trigger" FROM scheduler_runs ORDER BY scheduled_for',
    );
    for (const [schedule, minTicks] of [
      [every.body.data.id, 6],
      [cron.body.data.id, 3],
    ] as const) {
      const mine = runs.filter((r) => r.schedule_id === schedule);
      const slots = mine.map((r) => new Date(r.scheduled_for).toISOString());
      expect(mine.length).toBeGreaterThanOrEqual(minTicks);
      // One run per slot: no slot fired twice by two replicas.
      expect(new Set(slots).size).toBe(slots.length);
      expect(mine.every((r) => r.status === 'succeeded' && r.trigger === 'schedule')).toBe(true);
    }
    // Each run created exactly one task (idempotency key per run), and every task finished; the
    // tasks act for the schedules' creator (auth is off here: the anonymous admin).
    const tasks = await query<{ n: string; done: string }>(
      schema,
      `SELECT count(*) AS n, count(*) FILTER (WHERE status = 'succeeded') AS done FROM handit_tasks WHERE principal_id = 'scheduler:anonymous'`,
    );
    expect(tasks[0]).toEqual({ n: String(runs.length), done: String(runs.length) });
    const listed = await api(a.port, 'GET', `${TASKS}?limit=100`);
    expect(listed.body.data.items.length).toBe(runs.length);
    process.stdout.write(
      `[distributed] schedules: ${runs.length} runs over ${new Set(runs.map((r) => r.schedule_id)).size} schedules, one per slot\n`,
    );
  });
});

/**
 * A replica starting up must not take over runs that another live replica is executing: with a
 * shared database a `running` row is an orphan only once it is past its own time bound.
 */
describe('distributed mode: scheduler recovery leaves live replicas’ runs alone', () => {
  const cluster = clusterResources('dist_orphan');
  const { schema } = cluster;
  afterAll(() => cluster.release());

  it('keeps a fresh running run at start-up, and recovers it once it is past its timeout', async () => {
    const env = await cluster.env({
      SCHEDULER_POLL_INTERVAL_MS: '200',
    });
    await cluster.start('all', env);
    // A run "executing on another replica": running, started just now, 10-minute time bound.
    await query(
      schema,
      `INSERT INTO scheduler_runs (id, job, input, priority, priority_rank, status, "trigger", attempts, max_attempts, timeout_ms,
         scheduled_for, not_before, started_at, created_at, updated_at)
       VALUES ('01JORPHANRUN0000000000000A', 'scheduler.heartbeat', '{}', 'normal', 2, 'running', 'manual', 1, 1, 600000,
         now(), now(), now(), now(), now())`,
    );
    await cluster.start('worker', env);
    await new Promise((r) => setTimeout(r, 6500));
    const fresh = await query<{ status: string }>(
      schema,
      `SELECT status FROM scheduler_runs WHERE id = '01JORPHANRUN0000000000000A'`,
    );
    expect(fresh[0].status).toBe('running');

    // Now it is older than its timeout plus the grace: a replica's periodic sweep recovers it.
    await query(
      schema,
      `UPDATE scheduler_runs SET started_at = now() - interval '20 minutes' WHERE id = '01JORPHANRUN0000000000000A'`,
    );
    let status = 'running';
    for (let i = 0; i < 60 && status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      status = (
        await query<{ status: string }>(
          schema,
          `SELECT status FROM scheduler_runs WHERE id = '01JORPHANRUN0000000000000A'`,
        )
      )[0].status;
    }
    expect(status).not.toBe('running');
  });
});

/**
 * The scheduler queue's pause is stored in PostgreSQL: a pause through one replica stops every
 * replica's engine from starting runs (within a poll interval), and a resume anywhere restarts them.
 */
describe('distributed mode: pausing the scheduler queue holds every replica', () => {
  const cluster = clusterResources('dist_sched_pause');
  afterAll(() => cluster.release());

  it('a run triggered while paused through another replica waits, and runs after the resume', async () => {
    const env = await cluster.env({
      SCHEDULER_POLL_INTERVAL_MS: '200',
    });
    const [a, b, w] = await cluster.startInTurn(env, 'api', 'all', 'worker');
    const QUEUE = '/api/v1/scheduler/queues/scheduler.runs';

    expect((await api(a.port, 'POST', `${QUEUE}/pause`)).status).toBe(200);
    for (const replica of [b, w]) expect((await api(replica.port, 'GET', QUEUE)).body.data.paused).toBe(true);
    // Past a poll interval, so both engines have read the pause on a tick of their own.
    await new Promise((r) => setTimeout(r, 600));
    const schedule = await api(b.port, 'POST', '/api/v1/scheduler/schedules', {
      job: 'scheduler.heartbeat',
      everyMs: 3_600_000,
    });
    const run = await api(b.port, 'POST', `/api/v1/scheduler/schedules/${schedule.body.data.id}/trigger`);
    expect(run.status).toBe(202);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await api(w.port, 'GET', `/api/v1/scheduler/runs/${run.body.data.id}`)).body.data).toMatchObject({
      status: 'queued',
      attempts: 0,
    });

    expect((await api(w.port, 'POST', `${QUEUE}/resume`)).status).toBe(200);
    let status = 'queued';
    for (let i = 0; i < 40 && status !== 'succeeded'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await api(a.port, 'GET', `/api/v1/scheduler/runs/${run.body.data.id}`)).body.data.status;
    }
    expect(status).toBe('succeeded');
  });
});
