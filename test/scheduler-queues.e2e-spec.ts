import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { TASKS, waitForTask } from './support/tasks';

/** Issue 9, "Must show" 2: queue management on Handit's task queue, through the scheduler's routes. */
const KEYS = { admin: 'q-admin-key-0d5e', operator: 'q-operator-key-7b2a' };
const QUEUE = '/api/v1/scheduler/queues/handit.tasks';
const BODY = { type: 'sentiment_analysis', input: { headlines: ['Company beats estimates and raises guidance'] } };

describe('scheduler: managing Handit’s task queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ API_KEYS: `root:admin:default:${KEYS.admin},ops:operator:default:${KEYS.operator}` });
  }, 30_000);
  afterAll(() => t.close());

  const as = (role: keyof typeof KEYS) => ({ 'X-API-Key': KEYS[role] });
  const queue = async () =>
    ((await request(t.http).get('/api/v1/scheduler/queues').set(as('operator')).expect(200)).body.data.queues as Array<Record<string, unknown>>).find(
      (q) => q.name === 'handit.tasks',
    );

  it('lists Handit’s queue beside the scheduler’s, found by decorator', async () => {
    const names = (await request(t.http).get('/api/v1/scheduler/queues').set(as('operator')).expect(200)).body.data.queues.map((q: { name: string }) => q.name);
    expect(names).toEqual(expect.arrayContaining(['handit.tasks', 'scheduler.runs']));
  });

  it('pause → tasks stay queued; resume → they run; drain → waiting tasks are cancelled', async () => {
    await request(t.http).post(`${QUEUE}/pause`).set(as('operator')).expect(403);
    expect((await request(t.http).post(`${QUEUE}/pause`).set(as('admin')).expect(200)).body.data).toMatchObject({ name: 'handit.tasks', paused: true });

    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await request(t.http).post(TASKS).set(as('operator')).send({ ...BODY, priority: i === 0 ? 'critical' : 'normal' }).expect(202);
      ids.push(res.body.data.id);
    }
    // ?wait lets the API wait 300 ms for the result: a paused queue must not have started it.
    const waited = await request(t.http).get(`${TASKS}/${ids[0]}`).set(as('operator')).expect(200);
    expect(waited.body.data.status).toBe('queued');
    const held = await request(t.http).post(`${TASKS}?wait=300`).set(as('operator')).send(BODY).expect(202);
    expect(held.body.data.status).toBe('queued');
    ids.push(held.body.data.id);
    expect(await queue()).toMatchObject({ paused: true, queued: 4, running: 0, depthByPriority: expect.objectContaining({ critical: 1, normal: 3 }) });

    await request(t.http).post(`${QUEUE}/resume`).set(as('admin')).expect(200);
    for (const id of ids) expect((await waitForTask(t.http, id, as('operator'))).status).toBe('succeeded');
    expect(await queue()).toMatchObject({ paused: false, queued: 0 });

    await request(t.http).post(`${QUEUE}/pause`).set(as('admin')).expect(200);
    const doomed = [];
    for (let i = 0; i < 2; i++) doomed.push((await request(t.http).post(TASKS).set(as('operator')).send(BODY).expect(202)).body.data.id);
    const drained = (await request(t.http).post(`${QUEUE}/drain`).set(as('admin')).expect(200)).body.data;
    expect(drained).toMatchObject({ removed: 2, queue: { name: 'handit.tasks', queued: 0, paused: true } });
    for (const id of doomed) expect((await waitForTask(t.http, id, as('operator'))).status).toBe('cancelled');
    await request(t.http).post(`${QUEUE}/resume`).set(as('admin')).expect(200);
    const after = await request(t.http).post(`${TASKS}?wait=10000`).set(as('operator')).send(BODY).expect(200);
    expect(after.body.data.status).toBe('succeeded');
  });
});
