import { EventCore } from '@app/infrastructure';
import { createTestApp, TestApp } from './support/create-test-app';
import { FakeLlmServer } from './support/llm-server';
import { pricingTask, QueueCaller, QUEUE_TEST_ENV, queueClient, QUEUES } from './support/queues';
import { TASKS, waitForTask, waitUntil } from './support/tasks';

const TASK_QUEUE = `${QUEUES}/handit.tasks`;
const RUN_QUEUE = `${QUEUES}/scheduler.runs`;
const MAILBOX_QUEUE = `${QUEUES}/agents.mailboxes`;
const SCHEDULES = '/api/v1/scheduler/schedules';
const RUNS = '/api/v1/scheduler/runs';
const AGENTS = '/api/v1/agents';
const WHOLE = { scope: 'queue' };
const MANAGED_QUEUES = ['agents.mailboxes', 'handit.tasks', 'scheduler.runs'];

/**
 * Issue 14: queue views and actions belong to the caller's tenant. Tenants t1 and t2 share every
 * managed queue; a tenant admin's pause, resume and drain act on its own tenant's work only, a
 * tenant sees only its own figures, and the whole queue (every tenant) is the system admin's,
 * asked for with `scope: queue`. One task runs at a time, so the order of a run is the queue's.
 */
describe('scheduler queues: per-tenant views and actions', () => {
  let t: TestApp;
  let c: ReturnType<typeof queueClient>;
  let llm: FakeLlmServer;

  beforeAll(async () => {
    llm = new FakeLlmServer();
    llm.otherwise({ status: 200, content: 'slow answer', delayMs: 1500 });
    t = await createTestApp({ ...QUEUE_TEST_ENV, LLM_BASE_URL: await llm.start(), LLM_MODEL: 'm' });
    c = queueClient(t.http);
  });
  afterAll(async () => {
    await t.close();
    await llm.stop();
  });
  // Every test leaves every queue running for the next, even when it fails half-way.
  afterEach(async () => {
    for (const name of MANAGED_QUEUES) {
      await c.post('system', `${QUEUES}/${name}/resume`, WHOLE);
      for (const admin of ['t1Admin', 't2Admin'] as const) await c.post(admin, `${QUEUES}/${name}/resume`);
    }
  });

  type Ops = 't1Ops' | 't2Ops';
  const finished = (who: Ops, id: string) => waitForTask(t.http, id, c.headers(who));
  const tasks = (who: QueueCaller) => c.queue(who, 'handit.tasks');
  const startedTasks = () => {
    const started: string[] = [];
    const stop = t.app.get(EventCore).on('task.started', (event) => started.push(event.id));
    return { started, stop };
  };

  it('lists every managed queue in the caller’s tenant view, without the service-wide budget', async () => {
    const own = { scope: 'tenant', tenant: 't1', paused: false, queuePaused: false, tenantPaused: false };
    const list = (await c.get('t1Ops', QUEUES).expect(200)).body.data;
    expect(list).toMatchObject({ scope: 'tenant', tenant: 't1' });
    expect(list.budget).toBeUndefined();
    expect(list.queues.map((q: { name: string }) => q.name)).toEqual(MANAGED_QUEUES);
    for (const queue of list.queues) {
      expect(queue).toMatchObject(own);
      expect(queue).not.toHaveProperty('pausedTenants');
    }
    const whole = (await c.get('system', `${QUEUES}?scope=queue`).expect(200)).body.data;
    expect(whole).toMatchObject({ scope: 'queue', tenant: null, budget: { total: 8 } });
    expect(whole.queues.map((q: { pausedTenants: string[] }) => q.pausedTenants)).toEqual([[], [], []]);
  });

  // Second, so no task of either tenant finished earlier in the minute the rates cover.
  it('shows each tenant its own depth, running and rates, never the other’s; the system admin all', async () => {
    await c.post('system', `${TASK_QUEUE}/pause`, WHOLE).expect(200);
    await c.post('t2Admin', `${TASK_QUEUE}/pause`).expect(200);
    const mine = [];
    for (const strike of [50, 51, 52]) mine.push(await c.submit('t1Ops', pricingTask(strike, 'low')));
    const theirs = await c.submit('t2Ops', pricingTask(53, 'critical'));

    const v1 = await tasks('t1Ops');
    const v2 = await tasks('t2Ops');
    expect(v1).toMatchObject({ tenant: 't1', queued: 3, depthByPriority: { critical: 0, low: 3 } });
    expect(v1).toMatchObject({ paused: true, queuePaused: true, tenantPaused: false });
    expect(v2).toMatchObject({ tenant: 't2', queued: 1, depthByPriority: { critical: 1, low: 0 } });
    expect(v2).toMatchObject({ paused: true, queuePaused: true, tenantPaused: true });
    expect(v1).not.toHaveProperty('pausedTenants');
    const whole = await c.queue('system', 'handit.tasks', 'queue');
    expect(whole).toMatchObject({ scope: 'queue', tenant: null, queued: 4, depthByPriority: { critical: 1, low: 3 } });
    expect(whole).toMatchObject({ queuePaused: true, pausedTenants: ['t2'] });

    // Rates count the tenant's own finished tasks: t1's three run, t2's stays paused.
    await c.post('system', `${TASK_QUEUE}/resume`, WHOLE).expect(200);
    for (const id of mine) expect((await finished('t1Ops', id)).status).toBe('succeeded');
    const rates = { completedPerSecond: 0.05 };
    expect(await tasks('t1Ops')).toMatchObject({ queued: 0, running: 0, completedLastMinute: 3, rates });
    expect(await tasks('t2Ops')).toMatchObject({ queued: 1, running: 0, completedLastMinute: 0 });
    await c.post('t2Admin', `${TASK_QUEUE}/resume`).expect(200);
    expect((await finished('t2Ops', theirs)).status).toBe('succeeded');

    // Running: a slow LLM task of t2 counts for t2 and the whole queue, not for t1.
    const commentary = { type: 'market_commentary', input: { question: 'slow one' }, options: { cache: false } };
    const slow = await c.submit('t2Ops', commentary);
    await waitUntil(async () => (await c.task('t2Ops', slow)).status === 'running', 10_000, 'the slow task to run');
    expect(await tasks('t2Ops')).toMatchObject({ running: 1, completedLastMinute: 1 });
    expect(await tasks('t1Ops')).toMatchObject({ running: 0, completedLastMinute: 3 });
    expect(await c.queue('system', 'handit.tasks', 'queue')).toMatchObject({ running: 1, completedLastMinute: 4 });
    expect((await finished('t2Ops', slow)).status).toBe('succeeded');
  });

  it('a tenant admin’s drain cancels its own waiting tasks only; the other tenant’s wait, then run', async () => {
    const drainedTask = { status: 'cancelled', error: { code: 'DRAINED' } };
    await c.post('system', `${TASK_QUEUE}/pause`, WHOLE).expect(200);
    const mine = [await c.submit('t1Ops', pricingTask(30)), await c.submit('t1Ops', pricingTask(31))];
    const theirs = [await c.submit('t2Ops', pricingTask(32)), await c.submit('t2Ops', pricingTask(33))];

    const drained = (await c.post('t2Admin', `${TASK_QUEUE}/drain`).expect(200)).body.data;
    expect(drained).toMatchObject({ removed: 2, queue: { scope: 'tenant', tenant: 't2', queued: 0 } });
    for (const id of theirs) expect(await c.task('t2Ops', id)).toMatchObject(drainedTask);
    for (const id of mine) expect(await c.task('t1Ops', id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await tasks('t1Ops')).toMatchObject({ queued: 2 });

    await c.post('system', `${TASK_QUEUE}/resume`, WHOLE).expect(200);
    for (const id of mine) expect((await finished('t1Ops', id)).status).toBe('succeeded');
  });

  it('a tenant pause holds that tenant’s tasks only; the other tenant’s run past them by priority', async () => {
    // Everything is queued under a whole-queue pause first, so the queue alone decides the order.
    await c.post('system', `${TASK_QUEUE}/pause`, WHOLE).expect(200);
    const paused = (await c.post('t2Admin', `${TASK_QUEUE}/pause`).expect(200)).body.data;
    expect(paused).toMatchObject({ scope: 'tenant', tenant: 't2', paused: true, tenantPaused: true });
    const held = [await c.submit('t2Ops', pricingTask(40, 'critical'))];
    held.push(await c.submit('t2Ops', pricingTask(41, 'high')));
    const ids: Record<string, string> = {};
    for (const [priority, strike] of [
      ['low', 42],
      ['critical', 43],
      ['normal', 44],
      ['high', 45],
    ] as const) {
      ids[priority] = await c.submit('t1Ops', pricingTask(strike, priority));
    }
    const { started, stop } = startedTasks();
    await c.post('system', `${TASK_QUEUE}/resume`, WHOLE).expect(200);
    for (const id of Object.values(ids)) expect((await finished('t1Ops', id)).status).toBe('succeeded');
    expect(started).toEqual([ids.critical, ids.high, ids.normal, ids.low]);

    // t1's later work runs too, while t2's stays queued, never started.
    const later = (await c.post('t1Ops', `${TASKS}?wait=10000`, pricingTask(46)).expect(200)).body.data;
    expect(later.status).toBe('succeeded');
    const untouched = { status: 'queued', attempts: 0, startedAt: null };
    for (const id of held) expect(await c.task('t2Ops', id)).toMatchObject(untouched);
    expect(await tasks('t2Ops')).toMatchObject({ paused: true, tenantPaused: true, queuePaused: false, queued: 2 });
    expect(await tasks('t1Ops')).toMatchObject({ paused: false, tenantPaused: false, queued: 0 });

    await c.post('t2Admin', `${TASK_QUEUE}/resume`).expect(200);
    for (const id of held) expect(await finished('t2Ops', id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    stop();
    expect(started.slice(-2)).toEqual(held);
  });

  it('acting on the whole queue needs the system role: 403 for a tenant admin; for the system admin, all', async () => {
    const forbidden = { code: 'FORBIDDEN', details: { scope: 'queue', requiredRole: 'system' } };
    for (const action of ['pause', 'resume', 'drain']) {
      const refused = await c.post('t1Admin', `${TASK_QUEUE}/${action}`, WHOLE).expect(403);
      expect(refused.body.error).toMatchObject(forbidden);
      await c.post('t1Ops', `${TASK_QUEUE}/${action}`).expect(403);
    }
    await c.get('t1Admin', `${QUEUES}?scope=queue`).expect(403);
    await c.get('t2Admin', `${TASK_QUEUE}?scope=queue`).expect(403);
    await c.post('t1Admin', `${TASK_QUEUE}/pause`, { scope: 'everything' }).expect(400);
    expect(await c.queue('system', 'handit.tasks', 'queue')).toMatchObject({ paused: false, pausedTenants: [] });

    const whole = (await c.post('system', `${TASK_QUEUE}/pause`, WHOLE).expect(200)).body.data;
    expect(whole).toMatchObject({ scope: 'queue', tenant: null, paused: true, queuePaused: true });
    const mine = await c.submit('t1Ops', pricingTask(60));
    const theirs = await c.submit('t2Ops', pricingTask(61));
    expect(await tasks('t1Ops')).toMatchObject({ paused: true, queuePaused: true, tenantPaused: false });
    // A tenant's resume lifts only its own pause, not the system admin's.
    const resumed = (await c.post('t1Admin', `${TASK_QUEUE}/resume`).expect(200)).body.data;
    expect(resumed).toMatchObject({ paused: true, queuePaused: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(await c.task('t1Ops', mine)).toMatchObject({ status: 'queued', attempts: 0 });

    const drained = (await c.post('system', `${TASK_QUEUE}/drain`, WHOLE).expect(200)).body.data;
    expect(drained).toMatchObject({ removed: 2, queue: { scope: 'queue', queued: 0 } });
    for (const [who, id] of [
      ['t1Ops', mine],
      ['t2Ops', theirs],
    ] as const) {
      expect(await c.task(who, id)).toMatchObject({ status: 'cancelled', error: { code: 'DRAINED' } });
    }
    await c.post('system', `${TASK_QUEUE}/resume`, WHOLE).expect(200);
    const after = (await c.post('t2Ops', `${TASKS}?wait=10000`, pricingTask(62)).expect(200)).body.data;
    expect(after.status).toBe('succeeded');
  });

  it('scheduler.runs: a tenant pause holds that tenant’s runs only, and its drain cancels only them', async () => {
    const heartbeat = { job: 'scheduler.heartbeat', everyMs: 3_600_000 };
    const schedule = async (who: Ops) => (await c.post(who, SCHEDULES, heartbeat).expect(201)).body.data.id as string;
    const run = async (who: Ops, id: string) => (await c.get(who, `${RUNS}/${id}`).expect(200)).body.data;
    const [s1, s2] = [await schedule('t1Ops'), await schedule('t2Ops')];
    await c.post('t2Admin', `${RUN_QUEUE}/pause`).expect(200);
    const r2 = (await c.post('t2Ops', `${SCHEDULES}/${s2}/trigger`).expect(202)).body.data.id;
    const r1 = (await c.post('t1Ops', `${SCHEDULES}/${s1}/trigger`).expect(202)).body.data.id;

    await waitUntil(async () => (await run('t1Ops', r1)).status === 'succeeded', 10_000, 't1’s run');
    expect(await run('t2Ops', r2)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await c.queue('t2Ops', 'scheduler.runs')).toMatchObject({ paused: true, tenantPaused: true, queued: 1 });
    expect(await c.queue('t1Ops', 'scheduler.runs')).toMatchObject({ paused: false, queued: 0 });
    expect(await c.queue('t1Ops', 'scheduler.runs')).toMatchObject({ completedLastMinute: 1 });

    const drained = (await c.post('t2Admin', `${RUN_QUEUE}/drain`).expect(200)).body.data;
    expect(drained).toMatchObject({ removed: 1, queue: { queued: 0 } });
    expect(await run('t2Ops', r2)).toMatchObject({ status: 'cancelled' });
    expect(await run('t1Ops', r1)).toMatchObject({ status: 'succeeded' });
  });

  it('agents.mailboxes: a tenant pause holds and its drain dead-letters only that tenant’s messages', async () => {
    const register = async (who: Ops, name: string) => {
      const res = await c.post(who, AGENTS, { name, kind: 'external', capabilities: ['qm_test'] }).expect(201);
      return res.body.data.id as string;
    };
    const send = async (who: Ops, to: string) => {
      const res = await c.post(who, `${AGENTS}/messages`, { to, type: 'qm_test', payload: {} }).expect(202);
      return res.body.data.messages[0].id as string;
    };
    const read = async (who: Ops, path: string) => (await c.get(who, path).expect(200)).body.data;
    const message = (who: Ops, id: string) => read(who, `${AGENTS}/messages/${id}`);
    const claim = (who: Ops, agent: string) => read(who, `${AGENTS}/${agent}/messages`);
    const a1 = await register('t1Ops', 'desk-1');
    const a2 = await register('t2Ops', 'desk-2');
    await c.post('t2Admin', `${MAILBOX_QUEUE}/pause`).expect(200);
    const m1 = await send('t1Ops', a1);
    const m2 = await send('t2Ops', a2);

    expect(await claim('t2Ops', a2)).toEqual([]);
    expect((await claim('t1Ops', a1)).map((m: { id: string }) => m.id)).toEqual([m1]);
    expect(await c.queue('t2Ops', 'agents.mailboxes')).toMatchObject({ paused: true, tenantPaused: true, queued: 1 });
    expect(await c.queue('t2Ops', 'agents.mailboxes')).toMatchObject({ running: 0 });
    expect(await c.queue('t1Ops', 'agents.mailboxes')).toMatchObject({ paused: false, queued: 0, running: 1 });

    expect((await c.post('t2Admin', `${MAILBOX_QUEUE}/drain`).expect(200)).body.data).toMatchObject({ removed: 1 });
    expect(await message('t2Ops', m2)).toMatchObject({ status: 'dead', deadReason: 'drained' });
    expect(await message('t1Ops', m1)).toMatchObject({ status: 'leased' });
  });
});
