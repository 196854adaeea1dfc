import request from 'supertest';
import { JobRegistry } from '@app/task-scheduler';
import { createTestApp, TestApp } from './support/create-test-app';
import { TASKS, waitForTask, waitUntil } from './support/tasks';
import { ORCH, RUNS as WORKFLOW_RUNS } from './support/workflows';

const KEYS = {
  opsA: 'tenant-a-operator-key-1f3c',
  adminA: 'tenant-a-admin-key-8d2e',
  opsB: 'tenant-b-operator-key-5a7b',
  adminB: 'tenant-b-admin-key-9c4d',
  system: 'system-admin-key-2e6f',
};
const API_KEYS = [
  `ops-a:operator:desk-a:${KEYS.opsA}`,
  `root-a:admin:desk-a:${KEYS.adminA}`,
  `ops-b:operator:desk-b:${KEYS.opsB}`,
  `root-b:admin:desk-b:${KEYS.adminB}`,
  `sysadmin:system:desk-a:${KEYS.system}`,
].join(',');

const SCHEDULES = '/api/v1/scheduler/schedules';
const RUNS = '/api/v1/scheduler/runs';
const PRICING = {
  type: 'options_pricing',
  input: { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 },
};

/**
 * Schedules and runs belong to the tenant that created them: another tenant gets 404 on every
 * route (existence does not leak) and sees none of them in lists; scheduled tasks run in the
 * owner's tenant; jobs that work on every tenant's data (`scope: system`) need the system admin.
 */
describe('scheduler tenant scoping', () => {
  let t: TestApp;
  const as = (key: keyof typeof KEYS) => ({
    get: (path: string) => request(t.http).get(path).set('X-API-Key', KEYS[key]),
    post: (path: string, body: object = {}) => request(t.http).post(path).set('X-API-Key', KEYS[key]).send(body),
    patch: (path: string, body: object) => request(t.http).patch(path).set('X-API-Key', KEYS[key]).send(body),
    delete: (path: string) => request(t.http).delete(path).set('X-API-Key', KEYS[key]),
  });
  let scheduleA: { id: string; tenant: string; createdBy: string };
  let runA: { id: string };
  let deadRunA: { id: string };

  beforeAll(async () => {
    t = await createTestApp({ API_KEYS });
    scheduleA = (
      await as('opsA')
        .post(SCHEDULES, { name: 'a pricing', job: 'handit.submit-task', everyMs: 3_600_000, input: PRICING })
        .expect(201)
    ).body.data;
    runA = (await as('opsA').post(`${SCHEDULES}/${scheduleA.id}/trigger`).expect(202)).body.data;
    // A task input that passes the job schema but not the task's own validation: the one
    // attempt fails when it fires, and the run is a dead letter.
    const failing = (
      await as('opsA')
        .post(SCHEDULES, {
          job: 'handit.submit-task',
          everyMs: 3_600_000,
          maxAttempts: 1,
          input: { type: 'options_pricing', input: { spot: -1 } },
        })
        .expect(201)
    ).body.data;
    deadRunA = (await as('opsA').post(`${SCHEDULES}/${failing.id}/trigger`).expect(202)).body.data;
    await waitUntil(
      async () => (await as('opsA').get(`${RUNS}/${deadRunA.id}`)).body.data.status === 'dead',
      10_000,
      'the dead letter',
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('records the owner on the schedule and its runs', async () => {
    expect(scheduleA).toMatchObject({ tenant: 'desk-a', createdBy: 'ops-a' });
    expect((await as('opsA').get(`${RUNS}/${runA.id}`).expect(200)).body.data).toMatchObject({
      tenant: 'desk-a',
      createdBy: 'ops-a',
      scheduleId: scheduleA.id,
    });
  });

  it("runs the scheduled task in the owner's tenant", async () => {
    await waitUntil(
      async () => (await as('opsA').get(`${RUNS}/${runA.id}`)).body.data.status === 'succeeded',
      10_000,
      'the run',
    );
    const { taskId } = (await as('opsA').get(`${RUNS}/${runA.id}`).expect(200)).body.data.result;
    const task = await waitForTask(t.http, taskId, { 'X-API-Key': KEYS.opsA });
    expect(task).toMatchObject({ status: 'succeeded', priority: 'background', type: 'options_pricing' });
    await as('opsB').get(`${TASKS}/${taskId}`).expect(404);
    expect((await as('opsB').get(TASKS).expect(200)).body.data.items).toEqual([]);
  });

  it("starts scheduled workflow runs in the owner's tenant", async () => {
    const templates = (await as('opsA').get(`${ORCH}/workflows`).expect(200)).body.data as Array<{
      name: string;
      example: object;
    }>;
    const rebalance = templates.find((w) => w.name === 'portfolio-rebalance')!;
    const schedule = (
      await as('opsA')
        .post(SCHEDULES, {
          job: 'langgraph.start-run',
          everyMs: 3_600_000,
          input: { workflow: rebalance.name, input: rebalance.example },
        })
        .expect(201)
    ).body.data;
    const run = (await as('opsA').post(`${SCHEDULES}/${schedule.id}/trigger`).expect(202)).body.data;
    await waitUntil(
      async () => (await as('opsA').get(`${RUNS}/${run.id}`)).body.data.status === 'succeeded',
      15_000,
      'the scheduled workflow start',
    );
    const { runId } = (await as('opsA').get(`${RUNS}/${run.id}`).expect(200)).body.data.result;
    await as('opsA').get(`${WORKFLOW_RUNS}/${runId}`).expect(200);
    await as('opsB').get(`${WORKFLOW_RUNS}/${runId}`).expect(404);
    await as('opsA').delete(`${SCHEDULES}/${schedule.id}`).expect(200);
  });

  it('answers 404 to another tenant on every schedule and run route, even for its admin', async () => {
    for (const key of ['opsB', 'adminB'] as const) {
      const b = as(key);
      const attempts: Array<[string, request.Test]> = [
        ['GET schedule', b.get(`${SCHEDULES}/${scheduleA.id}`)],
        ['PATCH schedule', b.patch(`${SCHEDULES}/${scheduleA.id}`, { name: 'hijacked' })],
        ['pause', b.post(`${SCHEDULES}/${scheduleA.id}/pause`)],
        ['resume', b.post(`${SCHEDULES}/${scheduleA.id}/resume`)],
        ['trigger', b.post(`${SCHEDULES}/${scheduleA.id}/trigger`)],
        ['DELETE schedule', b.delete(`${SCHEDULES}/${scheduleA.id}`)],
        ['GET run', b.get(`${RUNS}/${runA.id}`)],
        ['retry dead letter', b.post(`/api/v1/scheduler/dead-letter/${deadRunA.id}/retry`)],
      ];
      for (const [name, attempt] of attempts) {
        const res = await attempt;
        expect({ key, name, status: res.status, code: res.body.error?.code }).toEqual({
          key,
          name,
          status: 404,
          code: 'NOT_FOUND',
        });
      }
    }
  });

  it("lists only the caller's schedules, runs and dead letters", async () => {
    await as('opsB').post(SCHEDULES, { job: 'scheduler.heartbeat', everyMs: 3_600_000 }).expect(201);
    const listA = (await as('opsA').get(SCHEDULES).expect(200)).body.data.items as Array<{ tenant: string }>;
    const listB = (await as('opsB').get(SCHEDULES).expect(200)).body.data.items as Array<{
      tenant: string;
      job: string;
    }>;
    expect(listA.map((s) => s.tenant)).toEqual(['desk-a', 'desk-a']);
    expect(listB.map((s) => [s.tenant, s.job])).toEqual([['desk-b', 'scheduler.heartbeat']]);
    expect((await as('opsB').get(RUNS).expect(200)).body.data.items).toEqual([]);
    expect((await as('opsB').get(`${RUNS}?scheduleId=${scheduleA.id}`).expect(200)).body.data.items).toEqual([]);
    expect((await as('opsB').get('/api/v1/scheduler/dead-letter').expect(200)).body.data.items).toEqual([]);
    expect(
      (await as('opsA').get('/api/v1/scheduler/dead-letter').expect(200)).body.data.items.map(
        (r: { id: string }) => r.id,
      ),
    ).toEqual([deadRunA.id]);
  });

  it("purges only the caller's dead letters", async () => {
    expect((await as('adminB').delete('/api/v1/scheduler/dead-letter').expect(200)).body.data).toEqual({ purged: 0 });
    await as('opsA').get(`${RUNS}/${deadRunA.id}`).expect(200);
  });

  it("leaves the owner's schedule as it was", async () => {
    const now = (await as('opsA').get(`${SCHEDULES}/${scheduleA.id}`).expect(200)).body.data;
    expect(now).toMatchObject({ name: 'a pricing', enabled: true, state: 'active' });
    expect(now.lastRuns.map((r: { id: string }) => r.id)).toEqual([runA.id]);
  });

  it("lets only the system admin schedule a job that works on every tenant's data", async () => {
    const jobs = (await as('opsA').get('/api/v1/scheduler/jobs').expect(200)).body.data as Array<{
      name: string;
      scope: string;
    }>;
    const scopes = Object.fromEntries(jobs.map((j) => [j.name, j.scope]));
    expect(scopes).toMatchObject({
      'scheduler.prune-runs': 'system',
      'agents.sweep': 'system',
      'handit.submit-task': 'tenant',
      'scheduler.heartbeat': 'tenant',
    });

    for (const key of ['opsA', 'adminA'] as const) {
      const refused = await as(key).post(SCHEDULES, { job: 'scheduler.prune-runs', cron: '0 3 * * *' }).expect(403);
      const details = { job: 'scheduler.prune-runs', requiredRole: 'system' };
      expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN', details });
      await as(key).patch(`${SCHEDULES}/${scheduleA.id}`, { job: 'agents.sweep', input: {} }).expect(403);
    }
    const allowed = await as('system').post(SCHEDULES, { job: 'scheduler.prune-runs', cron: '0 3 * * *' }).expect(201);
    expect(allowed.body.data).toMatchObject({ tenant: 'desk-a', createdBy: 'sysadmin', job: 'scheduler.prune-runs' });
  });

  it("leaves a system job's schedules and runs to the system admin to change or retry; others only read", async () => {
    const failing = { run: () => Promise.reject(new Error('sweep failed')) };
    const definition = { name: 'test.system-sweep', scope: 'system' as const, inputSchema: { type: 'object' } };
    t.app.get(JobRegistry).register(definition, failing);
    const body = { job: 'test.system-sweep', everyMs: 3_600_000, maxAttempts: 1 };
    const sweep = (await as('system').post(SCHEDULES, body).expect(201)).body.data;
    const dead = (await as('system').post(`${SCHEDULES}/${sweep.id}/trigger`).expect(202)).body.data;
    const status = async () => (await as('system').get(`${RUNS}/${dead.id}`)).body.data.status;
    await waitUntil(async () => (await status()) === 'dead', 10_000, 'the dead run');

    const forbidden = { code: 'FORBIDDEN', details: { job: 'test.system-sweep', requiredRole: 'system' } };
    for (const key of ['opsA', 'adminA'] as const) {
      const a = as(key);
      await a.get(`${SCHEDULES}/${sweep.id}`).expect(200);
      await a.get(`${RUNS}/${dead.id}`).expect(200);
      const attempts: Array<[string, request.Test]> = [
        ['trigger', a.post(`${SCHEDULES}/${sweep.id}/trigger`)],
        ['pause', a.post(`${SCHEDULES}/${sweep.id}/pause`)],
        ['PATCH', a.patch(`${SCHEDULES}/${sweep.id}`, { name: 'renamed' })],
        ['DELETE', a.delete(`${SCHEDULES}/${sweep.id}`)],
        ['retry', a.post(`/api/v1/scheduler/dead-letter/${dead.id}/retry`)],
      ];
      for (const [name, attempt] of attempts) {
        const res = await attempt;
        const outcome = { key, name, status: res.status, error: res.body.error };
        expect(outcome).toMatchObject({ key, name, status: 403, error: forbidden });
      }
    }
    const untouched = (await as('system').get(`${SCHEDULES}/${sweep.id}`).expect(200)).body.data;
    expect(untouched).toMatchObject({ name: null, state: 'active' });
    await as('system').post(`/api/v1/scheduler/dead-letter/${dead.id}/retry`).expect(202);
    await as('system').delete(`${SCHEDULES}/${sweep.id}`).expect(200);
  });
});
