import { bootScheduler, SchedulerHarness, START, tempDb } from './support/scheduler';

/** Every bad input is a 400 VALIDATION_FAILED naming the field (never a 500). */
describe('scheduler: validation', () => {
  let h: SchedulerHarness;
  let db: ReturnType<typeof tempDb>;
  beforeAll(async () => {
    db = tempDb();
    h = await bootScheduler(db.path, START);
  });
  afterAll(async () => {
    await h.close();
    db.remove();
  });

  const cases: Array<[string, object, string]> = [
    ['bad cron', { job: 'test.job', cron: '61 * * * *' }, 'cron'],
    ['cron gibberish', { job: 'test.job', cron: 'every tuesday' }, 'cron'],
    ['unknown time zone', { job: 'test.job', cron: '0 9 * * *', timezone: 'Mars/Olympus' }, 'timezone'],
    ['time zone without cron', { job: 'test.job', everyMs: 60_000, timezone: 'UTC' }, 'timezone'],
    ['unknown job', { job: 'nope.nothing', everyMs: 60_000 }, 'job'],
    ['input failing the job schema', { job: 'test.job', everyMs: 60_000, input: { symbol: 'eurusd' } }, 'input.symbol'],
    ['input with an unknown field', { job: 'test.job', everyMs: 60_000, input: { colour: 'red' } }, 'input.colour'],
    ['one-off in the past', { job: 'test.job', at: '2031-01-06T07:59:59Z' }, 'at'],
    ['one-off at now', { job: 'test.job', at: START.toISOString() }, 'at'],
    ['not a date', { job: 'test.job', at: 'tomorrow' }, 'at'],
    ['no timing', { job: 'test.job' }, 'cron'],
    ['two timings', { job: 'test.job', cron: '* * * * *', everyMs: 60_000 }, 'cron'],
    ['interval too short', { job: 'test.job', everyMs: 10 }, 'everyMs'],
    ['bad priority', { job: 'test.job', everyMs: 60_000, priority: 'urgent' }, 'priority'],
    ['bad overlap policy', { job: 'test.job', everyMs: 60_000, overlapPolicy: 'parallel' }, 'overlapPolicy'],
    ['bad missed policy', { job: 'test.job', everyMs: 60_000, missedPolicy: 'all' }, 'missedPolicy'],
    ['too many attempts', { job: 'test.job', everyMs: 60_000, maxAttempts: 100 }, 'maxAttempts'],
    ['bad backoff type', { job: 'test.job', everyMs: 60_000, backoff: { type: 'linear' } }, 'backoff.type'],
    [
      'backoff cap below delay',
      { job: 'test.job', everyMs: 60_000, backoff: { delayMs: 5000, maxDelayMs: 10 } },
      'backoff.maxDelayMs',
    ],
    ['unknown field', { job: 'test.job', everyMs: 60_000, colour: 'red' }, 'colour'],
    ['input not an object', { job: 'test.job', everyMs: 60_000, input: [1, 2] }, 'input'],
  ];

  it.each(cases)('%s → 400 naming %s', async (_, body, field) => {
    const res = await h.api('post', '/api/v1/scheduler/schedules').send(body).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('PATCH validates the same way, and bad queries are 400 too', async () => {
    const s = (
      await h.api('post', '/api/v1/scheduler/schedules').send({ job: 'test.job', everyMs: 60_000 }).expect(201)
    ).body.data;
    const bad = await h.api('patch', `/api/v1/scheduler/schedules/${s.id}`).send({ cron: 'nope' }).expect(400);
    expect(bad.body.error.details.fields[0].field).toBe('cron');
    const zone = await h
      .api('patch', `/api/v1/scheduler/schedules/${s.id}`)
      .send({ input: { size: 0 } })
      .expect(400);
    expect(zone.body.error.details.fields[0].field).toBe('input.size');
    const ok = await h
      .api('patch', `/api/v1/scheduler/schedules/${s.id}`)
      .send({ cron: '*/15 * * * *', timezone: 'Asia/Tokyo' })
      .expect(200);
    expect(ok.body.data).toMatchObject({ kind: 'cron', everyMs: null, nextFireAt: '2031-01-06T08:15:00.000Z' });
    for (const [query, field] of [
      ['status=exploded', 'status'],
      ['limit=0', 'limit'],
      ['enabled=maybe', 'enabled'],
      ['cursor=%%%', 'cursor'],
    ]) {
      const path = field === 'enabled' ? `/api/v1/scheduler/schedules?${query}` : `/api/v1/scheduler/runs?${query}`;
      const res = await h.api('get', path).expect(400);
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    await h.api('get', '/api/v1/scheduler/schedules/01JD3Z8X6Q4W3N5R7T9V1B2C3D').expect(404);
    await h.api('get', '/api/v1/scheduler/queues/Bad Name').expect(400);
  });

  it('lists the registered jobs, including the built-ins and a job discovered by decorator', async () => {
    const jobs = (await h.api('get', '/api/v1/scheduler/jobs', 'viewer').expect(200)).body.data.map(
      (j: { name: string }) => j.name,
    );
    expect(jobs).toEqual(expect.arrayContaining(['scheduler.heartbeat', 'scheduler.prune-runs', 'test.job']));
  });
});
