import { newId } from '@app/infrastructure';
import { bootScheduler, createTestSchedule, START } from '../support/scheduler';
import { sqlAdmin, TEST_DATABASE_URL as BASE_URL, urlWithSearchPath } from '../support/pg-schema';

const schema = `sched_${newId().toLowerCase()}`;

const at = (offsetMs: number) => new Date(START.getTime() + offsetMs).toISOString();

/** The scheduler and the alert store on PostgreSQL (timestamptz, jsonb, booleans, CAS firing). */
describe('scheduler and monitoring on PostgreSQL', () => {
  const env = { DATABASE_URL: urlWithSearchPath(BASE_URL, schema) };
  beforeAll(() => sqlAdmin(`CREATE SCHEMA "${schema}"`));
  afterAll(() => sqlAdmin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));

  it('fires, retries, dead-letters, survives a restart with missed firings, and stores alert rules', async () => {
    let h = await bootScheduler('unused.db', START, env);
    const create = (body: object) => createTestSchedule(h, body);
    const every = await create({ everyMs: 60_000, missedPolicy: 'run-once', input: { symbol: 'EURUSD', size: 2 } });
    const cron = await create({ cron: '30 3 * * *', timezone: 'America/New_York', missedPolicy: 'skip' });
    expect(cron.nextFireAt).toBe('2031-01-06T08:30:00.000Z');
    await h.advance(59_999);
    expect(h.job.calls).toEqual([]);
    await h.advance(1);
    expect(h.job.calls).toEqual([
      expect.objectContaining({ scheduleId: every.id, scheduledFor: at(60_000), input: { symbol: 'EURUSD', size: 2 } }),
    ]);

    h.job.behaviour = () => {
      throw new Error('boom');
    };
    const flaky = await create({ everyMs: 3_600_000, maxAttempts: 2, backoff: { type: 'fixed', delayMs: 1000 } });
    const run = (await h.api('post', `/api/v1/scheduler/schedules/${flaky.id}/trigger`).expect(202)).body.data;
    await h.advance(0);
    await h.advance(1000);
    const dead = (await h.api('get', `/api/v1/scheduler/runs/${run.id}`).expect(200)).body.data;
    expect(dead).toMatchObject({
      status: 'dead',
      attempts: 2,
      errors: [expect.objectContaining({ attempt: 1 }), expect.objectContaining({ attempt: 2 })],
    });
    expect(
      (await h.api('get', '/api/v1/scheduler/dead-letter').expect(200)).body.data.items.map(
        (r: { id: string }) => r.id,
      ),
    ).toEqual([run.id]);
    h.job.behaviour = () => ({ ok: true });

    await h
      .api('post', '/api/v1/monitoring/alerts/rules')
      .send({
        name: 'pg-rule',
        expr: { series: 'queues.depth', comparison: '>', threshold: 100, forMs: 1000, reduce: 'avg', windowMs: 60000 },
        severity: 'warning',
      })
      .expect(201);
    await h.close();

    // Down from 08:01:01 to 09:00:30: 59 interval slots and the 08:30 cron slot missed.
    h = await bootScheduler('unused.db', new Date(START.getTime() + 60 * 60_000 + 30_000), env);
    const runs = async (id: string) =>
      (await h.api('get', `/api/v1/scheduler/runs?scheduleId=${id}`).expect(200)).body.data.items;
    expect(
      (await runs(every.id)).map((r: { trigger: string; scheduledFor: string; status: string }) => [
        r.trigger,
        r.scheduledFor,
        r.status,
      ]),
    ).toEqual([
      ['missed', at(60 * 60_000), 'succeeded'],
      ['schedule', at(60_000), 'succeeded'],
    ]);
    expect((await runs(cron.id))[0]).toMatchObject({
      trigger: 'missed',
      status: 'skipped',
      error: expect.stringMatching(/^missed 1 firing/),
    });
    expect((await h.api('get', `/api/v1/scheduler/schedules/${cron.id}`).expect(200)).body.data.nextFireAt).toBe(
      '2031-01-07T08:30:00.000Z',
    );
    const rules = (await h.api('get', '/api/v1/monitoring/alerts').expect(200)).body.data;
    expect(rules).toEqual([
      expect.objectContaining({ name: 'pg-rule', expr: expect.objectContaining({ reduce: 'avg', windowMs: 60000 }) }),
    ]);
    expect((await h.api('delete', '/api/v1/scheduler/dead-letter', 'admin').expect(200)).body.data).toEqual({
      purged: 1,
    });
    await h.close();
  }, 60_000);
});
