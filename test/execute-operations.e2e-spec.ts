import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { agentPath } from './support/memory';
import { pauseTaskQueue, TASKS } from './support/tasks';
import { BUY_CANDLES, ORCH, RUNS, SELL_CANDLES } from './support/workflows';

jest.setTimeout(60_000);

const EXECUTE = `${ORCH}/execute`;
const A = { 'X-API-Key': 'exec-key-a' };
const B = { 'X-API-Key': 'exec-key-b' };
const VIEWER = { 'X-API-Key': 'exec-key-viewer' };
const HULL = { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 };
const signal = (candles: unknown, model = 'equities-technical') => ({
  operation: 'task',
  type: 'trading_signal',
  model,
  input: { symbol: 'SPY', candles },
});

describe('POST /orchestration/execute: any operation, batches with aggregation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      API_KEYS: 'a:operator:tenant-a:exec-key-a,b:operator:tenant-b:exec-key-b,v:viewer:tenant-a:exec-key-viewer',
    });
    await request(t.http)
      .post(`${agentPath('desk-bot')}/memories`)
      .set(A)
      .send({ type: 'semantic', content: 'EUR/USD scalping works best at the London open', importance: 0.9 })
      .expect(201);
  }, 30_000);
  afterAll(async () => {
    await t.close();
  });

  it('keeps the workflow form unchanged: a run, 202 and its Location', async () => {
    const res = await request(t.http)
      .post(EXECUTE)
      .set(A)
      .send({ workflow: 'market-scan', input: { symbols: [{ symbol: 'SPY', candles: BUY_CANDLES }] } });
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`${RUNS}/${res.body.data.id}`);
    expect(res.body.data).toEqual(
      expect.objectContaining({ workflow: expect.objectContaining({ name: 'market-scan' }), status: 'queued' }),
    );
    expect(res.body.data.operation).toBeUndefined();
  });

  it('runs one task: 202 with links, or 200 with the result under mode=sync', async () => {
    const accepted = await request(t.http)
      .post(EXECUTE)
      .set(A)
      .send({ operation: 'task', type: 'options_pricing', input: HULL });
    expect([200, 202]).toContain(accepted.status);
    expect(accepted.body.data).toEqual(
      expect.objectContaining({ operation: 'task', id: expect.any(String), links: expect.any(Object) }),
    );
    expect(accepted.headers.location).toBe(`${TASKS}/${accepted.body.data.id}`);

    const sync = await request(t.http)
      .post(EXECUTE)
      .set(A)
      .send({ operation: 'task', type: 'options_pricing', input: HULL, mode: 'sync' })
      .expect(200);
    expect(sync.body.data.status).toBe('succeeded');
    expect(sync.body.data.result.call.price).toBeCloseTo(4.76, 2);
    expect(sync.body.data.links.self).toBe(`${TASKS}/${sync.body.data.id}`);
    // The task is the same resource as one from POST /tasks, in the caller's tenant only.
    await request(t.http).get(sync.body.data.links.self).set(A).expect(200);
    await request(t.http).get(sync.body.data.links.self).set(B).expect(404);
  });

  it('answers memory reads at once, scoped to the tenant', async () => {
    const own = await request(t.http)
      .post(EXECUTE)
      .set(A)
      .send({ operation: 'memory.search', agentId: 'desk-bot', q: 'scalping' })
      .expect(200);
    expect(own.body.data).toEqual(
      expect.objectContaining({ operation: 'memory.search', status: 'succeeded', id: null }),
    );
    expect(own.body.data.result.items).toHaveLength(1);
    const other = await request(t.http)
      .post(EXECUTE)
      .set(B)
      .send({ operation: 'memory.search', agentId: 'desk-bot', q: 'scalping' })
      .expect(200);
    expect(other.body.data.result.items).toHaveLength(0);
    const context = await request(t.http)
      .post(EXECUTE)
      .set(A)
      .send({ operation: 'memory.context', agentId: 'desk-bot', q: 'London', budgetTokens: 200 })
      .expect(200);
    expect(JSON.stringify(context.body.data.result)).toContain('London open');
  });

  it('runs a workflow operation and a coordination operation in the one answer shape', async () => {
    const wf = await request(t.http)
      .post(`${EXECUTE}?wait=20000`)
      .set(A)
      .send({
        operation: 'workflow',
        workflow: 'market-scan',
        input: { symbols: [{ symbol: 'SPY', candles: BUY_CANDLES }] },
      })
      .expect(200);
    expect(wf.body.data).toEqual(expect.objectContaining({ operation: 'workflow', status: 'succeeded' }));
    expect(wf.body.data.links.self).toBe(`${RUNS}/${wf.body.data.id}`);
    const co = await request(t.http)
      .post(EXECUTE)
      .set(A)
      .send({
        operation: 'coordination',
        strategy: 'parallel',
        capability: 'options_pricing',
        task: 'options_pricing',
        input: HULL,
        mode: 'sync',
      })
      .expect(200);
    expect(co.body.data).toEqual(expect.objectContaining({ operation: 'coordination', status: 'succeeded' }));
    expect(co.body.data.links.self).toMatch(/^\/api\/v1\/coordination\/runs\//);
  });

  it('aggregates a parallel batch by vote and reports a part that cannot start', async () => {
    const res = await request(t.http)
      .post(`${EXECUTE}?wait=20000`)
      .set(A)
      .send({
        mode: 'parallel',
        aggregate: 'vote',
        operations: [
          signal(BUY_CANDLES),
          signal(BUY_CANDLES, 'etf-specialist'),
          signal(SELL_CANDLES),
          { operation: 'workflow', workflow: 'no-such-workflow', input: {} },
        ],
      })
      .expect(200);
    const batch = res.body.data;
    expect(batch.parts.map((p: { status: string }) => p.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'failed',
    ]);
    expect(batch.parts[3].error.code).toBe('NOT_FOUND');
    const actions = batch.parts.slice(0, 3).map((p: { result: { action: string } }) => p.result.action);
    expect(actions[0]).toBe(actions[1]);
    expect(batch.result.winner).toBe(actions[0]);
    expect(batch.result.ballots).toBe(3);
    expect(batch.result.agreement).toBeCloseTo(actions[2] === actions[0] ? 1 : 2 / 3, 5);
    expect(batch.status).toBe('succeeded');
  });

  it('aggregates all (partial on a failure) and first (sequential fallback, later parts skipped)', async () => {
    const all = await request(t.http)
      .post(`${EXECUTE}?wait=20000`)
      .set(A)
      .send({
        mode: 'parallel',
        operations: [
          { operation: 'task', type: 'options_pricing', input: HULL },
          { operation: 'coordination', strategy: 'parallel', agents: ['01JD3Z8X6Q4W3N5R7T9V1B2C3D'], input: {} },
        ],
      })
      .expect(200);
    expect(all.body.data.aggregate).toBe('all');
    expect(all.body.data.status).toBe('partial');
    expect(all.body.data.result[0].call.price).toBeCloseTo(4.76, 2);
    expect(all.body.data.result[1]).toBeNull();
    expect(all.body.data.parts[1].status).toBe('failed');

    const first = await request(t.http)
      .post(EXECUTE)
      .set(A)
      .send({
        mode: 'sequential',
        aggregate: 'first',
        operations: [
          { operation: 'workflow', workflow: 'no-such-workflow', input: {} },
          { operation: 'memory.search', agentId: 'desk-bot', q: 'scalping' },
          { operation: 'task', type: 'options_pricing', input: HULL },
        ],
      })
      .expect(200);
    expect(first.body.data.parts.map((p: { status: string }) => p.status)).toEqual(['failed', 'succeeded', 'skipped']);
    expect(first.body.data.result.index).toBe(1);
    expect(first.body.data.status).toBe('succeeded');
  });

  it('answers 202 with the parts still moving when the wait runs out; sequential parts not started are skipped', async () => {
    await pauseTaskQueue(t.app, true);
    try {
      const res = await request(t.http)
        .post(`${EXECUTE}?wait=0`)
        .set(A)
        .send({
          mode: 'sequential',
          operations: [
            { operation: 'task', type: 'options_pricing', input: HULL },
            { operation: 'memory.search', agentId: 'desk-bot', q: 'scalping' },
          ],
        })
        .expect(202);
      expect(res.body.data.status).toBe('running');
      expect(res.body.data.parts.map((p: { status: string }) => p.status)).toEqual(['queued', 'skipped']);
      expect(res.body.data.parts[0].links.self).toBe(`${TASKS}/${res.body.data.parts[0].id}`);
      expect(res.body.data.parts[1].error).toEqual({
        code: 'SKIPPED',
        message: 'not started: operations[0] had not settled within the wait',
      });
    } finally {
      await pauseTaskQueue(t.app, false);
    }
  });

  it('refuses bad input with 400 naming the field, and bounds the batch', async () => {
    const cases: [unknown, string][] = [
      [{ operation: 'teleport' }, 'operation'],
      [{ operation: 'task', type: 'options_pricing' }, 'input'],
      [{ operation: 'memory.search', agentId: 'x' }, 'q'],
      [{ operation: 'task', type: 'options_pricing', input: HULL, extra: 1 }, 'extra'],
      [{ operations: [], mode: 'parallel' }, 'operations'],
      [{ operations: [{ operation: 'task' }], mode: 'parallel' }, 'operations[0].type'],
      [{ operations: [{ operation: 'memory.search', agentId: 'x', q: 'y' }], mode: 'zigzag' }, 'mode'],
      [
        { operations: Array(21).fill({ operation: 'memory.search', agentId: 'x', q: 'y' }), mode: 'parallel' },
        'operations',
      ],
      [
        { operations: [{ operation: 'memory.search', agentId: 'x', q: 'y' }], mode: 'parallel', aggregate: 'max' },
        'aggregate',
      ],
      [[1, 2], 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await request(t.http)
        .post(EXECUTE)
        .set(A)
        .send(body as object);
      expect({ field, status: res.status, code: res.body.error?.code }).toEqual({
        field,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
  });

  it('needs the operator role', async () => {
    await request(t.http)
      .post(EXECUTE)
      .set(VIEWER)
      .send({ operation: 'memory.search', agentId: 'desk-bot', q: 'scalping' })
      .expect(403);
  });
});
