import { bootScheduler, createTestSchedule, START, tempDb } from './support/scheduler';

const at = (offsetMs: number) => new Date(START.getTime() + offsetMs).toISOString();
const HOUR = 3_600_000;

/** Issue 9, "Must show" 1: schedules and pending runs survive a restart; missed firings follow their policy. */
describe('scheduler: restart', () => {
  it('continues from the next fire time, applies run-once / skip to missed firings, and keeps pending runs', async () => {
    const db = tempDb();
    let h = await bootScheduler(db.path, START);
    const create = (body: object) => createTestSchedule(h, body);
    const runOnce = await create({ name: 'run-once', everyMs: 60_000, missedPolicy: 'run-once' });
    const skip = await create({ name: 'skip', everyMs: 60_000, missedPolicy: 'skip' });
    const daily = await create({
      name: 'daily',
      cron: '0 9 * * *',
      timezone: 'UTC',
      missedPolicy: 'run-once',
      overlapPolicy: 'queue',
    });
    await h.advance(60_000);
    expect(h.job.calls.map((c) => c.scheduledFor)).toEqual([at(60_000), at(60_000)]);

    // A run accepted while the queue is paused must still be there after the restart.
    await h.api('post', '/api/v1/scheduler/queues/scheduler.runs/pause', 'admin').expect(200);
    const pending = (await h.api('post', `/api/v1/scheduler/schedules/${daily.id}/trigger`).expect(202)).body.data;
    await h.close();

    // Down for a little over 1 h 30 min, across 90 interval slots and the 09:00 cron slot.
    h = await bootScheduler(db.path, new Date(START.getTime() + 90 * 60_000 + 30_000));
    const get = async (id: string) => (await h.api('get', `/api/v1/scheduler/schedules/${id}`).expect(200)).body.data;
    const runs = async (id: string) =>
      (await h.api('get', `/api/v1/scheduler/runs?scheduleId=${id}&limit=100`).expect(200)).body.data.items;

    // run-once: one run for the latest missed slot (08:01:30 + … = 09:30:00), executed after resume.
    const r1 = await runs(runOnce.id);
    expect(
      r1.map((r: { trigger: string; scheduledFor: string; status: string }) => [r.trigger, r.scheduledFor, r.status]),
    ).toEqual([
      ['missed', at(90 * 60_000), 'queued'],
      ['schedule', at(60_000), 'succeeded'],
    ]);
    // skip: no run, one record saying how many were missed.
    const r2 = await runs(skip.id);
    expect(r2[0]).toMatchObject({ trigger: 'missed', status: 'skipped', scheduledFor: at(120_000) });
    expect(r2[0].error).toMatch(/^missed 89 firing\(s\)/);
    // The daily cron missed 09:00 and runs once for it.
    expect(
      (await runs(daily.id)).map((r: { trigger: string; scheduledFor: string; status: string }) => [
        r.trigger,
        r.scheduledFor,
        r.status,
      ]),
    ).toEqual([
      ['missed', '2031-01-06T09:00:00.000Z', 'queued'],
      ['manual', pending.scheduledFor, 'queued'],
    ]);
    // Every schedule continues from its next future slot.
    expect((await get(runOnce.id)).nextFireAt).toBe(at(91 * 60_000));
    expect((await get(skip.id)).nextFireAt).toBe(at(91 * 60_000));
    expect((await get(daily.id)).nextFireAt).toBe('2031-01-07T09:00:00.000Z');

    // The queue is still paused after the restart: nothing ran yet.
    expect(h.job.calls).toEqual([]);
    await h.api('post', '/api/v1/scheduler/queues/scheduler.runs/resume', 'admin').expect(200);
    await h.advance(0);
    expect(h.job.calls.map((c) => c.runId).sort()).toEqual([pending.id, r1[0].id, (await runs(daily.id))[0].id].sort());
    await h.advance(30_000);
    expect(h.job.calls.filter((c) => c.scheduledFor === at(91 * 60_000))).toHaveLength(2);
    await h.close();
    db.remove();
  });

  it('counts an attempt cut short by a stop or a crash as failed, and retries it after the restart', async () => {
    const db = tempDb();
    let h = await bootScheduler(db.path, START, { SHUTDOWN_TIMEOUT_MS: '0' });
    h.job.behaviour = () => new Promise(() => undefined);
    const s = (
      await h
        .api('post', '/api/v1/scheduler/schedules')
        .send({ job: 'test.job', everyMs: HOUR, maxAttempts: 3, backoff: { type: 'fixed', delayMs: 1000 } })
        .expect(201)
    ).body.data;
    const run = (await h.api('post', `/api/v1/scheduler/schedules/${s.id}/trigger`).expect(202)).body.data;
    for (let i = 0; i < 1000 && h.job.calls.length === 0; i++)
      await new Promise<void>((resolve) => setImmediate(resolve));
    expect(h.job.calls).toHaveLength(1);
    // Graceful stop: the attempt is aborted after SHUTDOWN_TIMEOUT_MS and recorded as failed.
    await h.close();
    const sqlite = new (await import('better-sqlite3')).default(db.path);
    const row = sqlite.prepare('select status, attempts, errors from scheduler_runs where id = ?').get(run.id) as {
      status: string;
      attempts: number;
      errors: string;
    };
    expect(row).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(JSON.parse(row.errors)).toEqual([
      expect.objectContaining({ attempt: 1, message: 'the service is shutting down' }),
    ]);
    // A crash (kill -9) during attempt 2 leaves the row `running` with nothing recorded.
    sqlite.prepare("update scheduler_runs set status = 'running', attempts = 2 where id = ?").run(run.id);
    sqlite.close();

    h = await bootScheduler(db.path, new Date(START.getTime() + 20_000));
    await h.advance(0);
    const third = (await h.api('get', `/api/v1/scheduler/runs/${run.id}`).expect(200)).body.data;
    expect(third).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(third.errors.map((e: { message: string }) => e.message)).toEqual([
      'the service is shutting down',
      'interrupted: the service stopped while this attempt was running',
    ]);
    await h.close();
    db.remove();
  });
});
