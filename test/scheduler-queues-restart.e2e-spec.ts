import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/create-test-app';
import { pricingTask, QUEUE_TEST_ENV, queueClient, QUEUES } from './support/queues';
import { TASKS, waitForTask, waitUntil } from './support/tasks';

const TASK_QUEUE = `${QUEUES}/handit.tasks`;
const RUN_QUEUE = `${QUEUES}/scheduler.runs`;
const MAILBOX_QUEUE = `${QUEUES}/agents.mailboxes`;
const SCHEDULES = '/api/v1/scheduler/schedules';
const RUNS = '/api/v1/scheduler/runs';
const WHOLE = { scope: 'queue' };

/**
 * Issue 14 (item 15): a pause of `handit.tasks` was lost on a restart of the embedded service.
 * Pauses, per tenant and of the whole queue, are stored: the service restarted on the same SQLite
 * file holds the same work as before, and runs it after the resume.
 */
describe('scheduler queues: pauses survive a restart of the embedded service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aio-queues-restart-'));
  const env = { ...QUEUE_TEST_ENV, SQLITE_PATH: join(dir, 'orchestration.db') };
  let t: TestApp | undefined;

  const boot = async () => {
    t = await createTestApp(env);
    return queueClient(t.http);
  };
  const stop = async () => {
    await t?.close();
    t = undefined;
  };
  afterAll(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps tenant pauses and whole-queue pauses, and the work they hold, across restarts', async () => {
    let c = await boot();
    await c.post('t2Admin', `${TASK_QUEUE}/pause`).expect(200);
    await c.post('t1Admin', `${RUN_QUEUE}/pause`).expect(200);
    await c.post('system', `${MAILBOX_QUEUE}/pause`, WHOLE).expect(200);
    const heldTask = await c.submit('t2Ops', pricingTask(70, 'critical'));
    const heartbeat = { job: 'scheduler.heartbeat', everyMs: 3_600_000 };
    const schedule = (await c.post('t1Ops', SCHEDULES, heartbeat).expect(201)).body.data;
    const heldRun = (await c.post('t1Ops', `${SCHEDULES}/${schedule.id}/trigger`).expect(202)).body.data.id;
    await stop();

    c = await boot();
    // t1's tasks run at once; t2's task is still held, as before the restart.
    const now = (await c.post('t1Ops', `${TASKS}?wait=10000`, pricingTask(71)).expect(200)).body.data;
    expect(now.status).toBe('succeeded');
    expect(await c.task('t2Ops', heldTask)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await c.queue('t2Ops', 'handit.tasks')).toMatchObject({ paused: true, tenantPaused: true, queued: 1 });
    expect(await c.queue('t1Ops', 'handit.tasks')).toMatchObject({ paused: false, tenantPaused: false });
    expect(await c.queue('t1Ops', 'scheduler.runs')).toMatchObject({ paused: true, tenantPaused: true, queued: 1 });
    expect(await c.queue('system', 'agents.mailboxes', 'queue')).toMatchObject({ paused: true, queuePaused: true });
    const run = async () => (await c.get('t1Ops', `${RUNS}/${heldRun}`).expect(200)).body.data;
    expect(await run()).toMatchObject({ status: 'queued', attempts: 0 });

    await c.post('t2Admin', `${TASK_QUEUE}/resume`).expect(200);
    // Held across the restart, it runs once: one attempt.
    const once = { status: 'succeeded', attempts: 1 };
    expect(await waitForTask(t!.http, heldTask, c.headers('t2Ops'))).toMatchObject(once);
    await c.post('t1Admin', `${RUN_QUEUE}/resume`).expect(200);
    await waitUntil(async () => (await run()).status === 'succeeded', 10_000, 'the held run after the resume');

    // The whole task queue, paused by the system admin, stays paused too.
    await c.post('system', `${TASK_QUEUE}/pause`, WHOLE).expect(200);
    const waiting = await c.submit('t1Ops', pricingTask(72));
    await stop();

    c = await boot();
    await new Promise((r) => setTimeout(r, 300));
    expect(await c.task('t1Ops', waiting)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await c.queue('t1Ops', 'handit.tasks')).toMatchObject({ paused: true, queuePaused: true });
    expect(await c.queue('t1Ops', 'handit.tasks')).toMatchObject({ tenantPaused: false });
    expect(await c.queue('t1Ops', 'handit.tasks')).toMatchObject({ queued: 1 });
    await c.post('system', `${TASK_QUEUE}/resume`, WHOLE).expect(200);
    expect(await waitForTask(t!.http, waiting, c.headers('t1Ops'))).toMatchObject(once);
    expect(await c.queue('system', 'handit.tasks', 'queue')).toMatchObject({ paused: false, pausedTenants: [] });
  }, 60_000);
});
