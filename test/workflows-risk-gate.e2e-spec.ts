import request from 'supertest';
import { Clock, ManualClock } from '@app/infrastructure';
import { ApprovalExpiry } from '@app/langgraph';
import { createTestApp, TestApp } from './support/create-test-app';
import { nodeOf, ORCH, returnsSeries, RUNS, waitForRun } from './support/workflows';

const KEYS = { admin: 'rg-admin-key-3c9e', operator: 'rg-operator-key-7a1f', other: 'rg-other-key-2d6b' };
const ENV = {
  API_KEYS: [
    `eq-admin:admin:desk-eq:${KEYS.admin}`,
    `eq-ops:operator:desk-eq:${KEYS.operator}`,
    `fx-admin:admin:desk-fx:${KEYS.other}`,
  ].join(','),
};
const LIMITS = `${ORCH}/risk-limits`;
const MINUTE = 60_000;

// Two holdings of 200,000 each; HIGH is about three times as volatile as LOW, so the
// inverse-volatility targets sell HIGH and buy LOW: turnover above 100,000, LOW about 75%.
const ASSETS = [
  { symbol: 'HIGH', quantity: 2000, price: 100, returns: returnsSeries(0.03, 0) },
  { symbol: 'LOW', quantity: 2000, price: 100, returns: returnsSeries(0.01, 1) },
];

/** Issue 20, "Must show" 4: risk gates on portfolio-rebalance runs, and approvals that lapse. */
describe('workflows: risk gates', () => {
  let t: TestApp;
  let clock: ManualClock;
  const api = (method: 'get' | 'post' | 'delete', path: string, key: keyof typeof KEYS = 'admin') =>
    request(t.http)[method](path).set('X-API-Key', KEYS[key]);
  const headers = { 'X-API-Key': KEYS.admin };
  const rebalance = async (input: object = {}, key: keyof typeof KEYS = 'admin') => {
    const body = {
      workflow: 'portfolio-rebalance',
      input: { assets: ASSETS, desk: 'equities', ...input },
      mode: 'sync',
    };
    return (await api('post', `${ORCH}/execute`, key).send(body).expect(200)).body.data;
  };
  const setLimit = async (body: object) => (await api('post', LIMITS).send(body)).body.data;
  const INTERRUPT = { riskGate: { onBreach: 'interrupt', expiresAfterMs: 10 * MINUTE, priceBand: 0.02 } };

  beforeAll(async () => {
    t = await createTestApp(ENV);
    clock = new ManualClock(new Date('2030-01-02T14:00:00Z'));
    t.app.get(Clock).use(clock);
  });
  afterAll(() => t.close());
  afterEach(async () => {
    for (const l of (await api('get', LIMITS).expect(200)).body.data) {
      await api('delete', `${LIMITS}/${l.id}`).expect(200);
    }
  });

  it('a breach fails the run, naming the limit; within the limits the run goes on to the trade approval', async () => {
    const within = await rebalance();
    expect(within.status).toBe('interrupted');
    expect(within.interrupt[0]).toMatchObject({ node: 'approval', value: { kind: 'approval' } });
    const limit = await setLimit({ metric: 'notional', max: 50_000 });
    const run = await rebalance();
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'RISK_LIMIT_BREACHED', node: 'gate' });
    const named = `exceeds the tenant notional limit ${limit.id} \\(max 50,000\\)$`;
    expect(run.error.message).toMatch(new RegExp(`^Risk limit breached: notional [\\d,]+ ${named}`));
    const full = await waitForRun(t.http, run.id, 5_000, ['failed'], headers);
    expect(full.nodes.map((n: { key: string }) => n.key)).not.toContain('approval');
    expect(nodeOf(full, 'gate')).toMatchObject({ kind: 'risk_gate', status: 'failed' });
  });

  it('a desk’s limits apply to that desk’s runs only', async () => {
    await setLimit({ desk: 'equities', metric: 'concentration', max: 0.5 });
    const fx = await rebalance({ desk: 'fx' });
    expect(fx.status).toBe('interrupted');
    const gate = nodeOf(await waitForRun(t.http, fx.id, 5_000, ['interrupted'], headers), 'gate');
    expect(gate.output).toMatchObject({ passed: true, limitsChecked: 0 });
    const eq = await rebalance({ desk: 'equities' });
    const desk = /concentration 7\d(\.\d+)?% exceeds the desk equities concentration limit .* \(max 50%\)/;
    expect(eq.error.message).toMatch(desk);
    // Another tenant's runs never see desk-eq's limits.
    expect((await rebalance({ desk: 'equities' }, 'other')).status).toBe('interrupted');
  });

  it('interrupt: approved in time and within the price band, the run goes on', async () => {
    await setLimit({ metric: 'notional', max: 50_000 });
    const run = await rebalance(INTERRUPT);
    expect(run.status).toBe('interrupted');
    const request = run.interrupt[0];
    expect(request).toMatchObject({
      node: 'gate',
      value: {
        kind: 'risk_approval',
        prices: { HIGH: 100, LOW: 100 },
        priceBand: 0.02,
        requestedAt: '2030-01-02T14:00:00.000Z',
        expiresAt: '2030-01-02T14:10:00.000Z',
        breaches: [{ metric: 'notional', max: 50_000 }],
      },
    });
    const missing = await api('post', `${RUNS}/${run.id}/resume`).send({ approved: true }).expect(400);
    const fields = missing.body.error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(['prices.HIGH', 'prices.LOW']);

    clock.advance(5 * MINUTE);
    const resume = (id: string, body: object) => api('post', `${RUNS}/${id}/resume`).send(body);
    await resume(run.id, { approved: true, prices: { HIGH: 101.5, LOW: 99 } }).expect(201);
    const next = await waitForRun(t.http, run.id, 10_000, ['interrupted', 'failed', 'succeeded'], headers);
    expect(next.interrupt[0].node).toBe('approval');
    expect(nodeOf(next, 'gate').output).toMatchObject({ passed: true, approval: { by: 'eq-admin' } });
    await api('post', `${RUNS}/${run.id}/resume`).send({ approved: true }).expect(201);
    const done = await waitForRun(t.http, run.id, 10_000, ['succeeded', 'failed'], headers);
    expect(done.status).toBe('succeeded');
    expect(done.output).toMatchObject({ status: 'approved', gate: { passed: true } });
  });

  it('an approval expires by time: approved after expiresAfterMs, the run fails', async () => {
    await setLimit({ metric: 'notional', max: 50_000 });
    const run = await rebalance({ riskGate: { onBreach: 'interrupt', expiresAfterMs: MINUTE, priceBand: 0.02 } });
    clock.advance(MINUTE + 1000);
    await api('post', `${RUNS}/${run.id}/resume`)
      .send({ approved: true, prices: { HIGH: 100, LOW: 100 } })
      .expect(201);
    const done = await waitForRun(t.http, run.id, 10_000, ['failed', 'succeeded'], headers);
    expect(done.error).toMatchObject({ code: 'APPROVAL_EXPIRED', node: 'gate' });
    expect(done.error.message).toMatch(/^Risk approval lapsed: the approval requested at .* expired at /);
  });

  it('an approval expires by a price move beyond the band since the request', async () => {
    await setLimit({ metric: 'notional', max: 50_000 });
    const run = await rebalance(INTERRUPT);
    const prices = { HIGH: 103, LOW: 100.5 };
    await api('post', `${RUNS}/${run.id}/resume`).send({ approved: true, prices }).expect(201);
    const done = await waitForRun(t.http, run.id, 10_000, ['failed', 'succeeded'], headers);
    expect(done.error.code).toBe('APPROVAL_EXPIRED');
    const reason = 'HIGH moved 3% since the request (100 → 103), beyond the 2% band';
    expect(done.error.message).toBe(`Risk approval lapsed: ${reason}`);
  });

  it('unanswered, the sweep fails the run; a late answer is 409; a rejection fails with the breach', async () => {
    await setLimit({ metric: 'notional', max: 50_000 });
    const run = await rebalance({ riskGate: { onBreach: 'interrupt', expiresAfterMs: MINUTE } });
    expect(await t.app.get(ApprovalExpiry).sweep()).toBe(0);
    clock.advance(2 * MINUTE);
    expect(await t.app.get(ApprovalExpiry).sweep()).toBe(1);
    const swept = (await api('get', `${RUNS}/${run.id}`).expect(200)).body.data;
    expect(swept.status).toBe('failed');
    expect(swept.error).toMatchObject({ code: 'APPROVAL_EXPIRED', node: 'gate' });
    await api('post', `${RUNS}/${run.id}/resume`)
      .send({ approved: true, prices: { HIGH: 100, LOW: 100 } })
      .expect(409);

    const rejected = await rebalance(INTERRUPT);
    await api('post', `${RUNS}/${rejected.id}/resume`).send({ approved: false, comment: 'too big' }).expect(201);
    const done = await waitForRun(t.http, rejected.id, 10_000, ['failed', 'succeeded'], headers);
    expect(done.error.code).toBe('RISK_LIMIT_BREACHED');
    expect(done.error.message).toMatch(/; approval rejected by eq-admin$/);
  });

  it('gates registered definitions too: a risk_gate node on an exposure from the input', async () => {
    await setLimit({ desk: 'options', metric: 'var', max: 25_000 });
    const definition = {
      name: 'hedge-check',
      nodes: [
        {
          id: 'gate',
          kind: 'risk_gate',
          desk: { var: 'input.desk' },
          exposure: { var: 'input.exposure' },
          onBreach: 'fail',
        },
      ],
      edges: [
        { from: 'start', to: 'gate' },
        { from: 'gate', to: 'end' },
      ],
    };
    const run = (input: object) =>
      api('post', `${ORCH}/execute`).send({ workflow: definition, input, mode: 'sync' }).expect(200);
    expect((await run({ desk: 'options', exposure: { var: 20_000 } })).body.data.status).toBe('succeeded');
    const breached = (await run({ desk: 'options', exposure: { var: 30_000 } })).body.data;
    expect(breached.error.message).toMatch(/^Risk limit breached: VaR 30,000 exceeds the desk options var limit /);
    // Fails closed: a var limit the exposure says nothing about.
    const unchecked = (await run({ desk: 'options', exposure: { notional: 1 } })).body.data;
    expect(unchecked.error.message).toMatch(/cannot be checked/);
    expect((await run({ desk: 'bonds', exposure: { notional: 1 } })).body.data.status).toBe('succeeded');
  });

  it('the limits API: admin sets, anyone of the tenant reads, validated by field, 404 for another tenant', async () => {
    const spy = { desk: 'equities', metric: 'position', symbol: 'SPY' };
    const created = await api('post', LIMITS)
      .send({ ...spy, max: 1e6 })
      .expect(201);
    expect(created.headers.location).toBe(`${LIMITS}/${created.body.data.id}`);
    const replaced = await api('post', LIMITS)
      .send({ ...spy, max: 2e6 })
      .expect(200);
    expect(replaced.body.data).toMatchObject({ id: created.body.data.id, max: 2e6, desk: 'equities', symbol: 'SPY' });
    await api('post', LIMITS, 'operator').send({ metric: 'notional', max: 1 }).expect(403);
    const bad = await api('post', LIMITS).send({ metric: 'leverage', max: -1, desk: 'a b' }).expect(400);
    const named = bad.body.error.details.fields.map((f: { field: string }) => f.field).sort();
    expect(named).toEqual(['desk', 'max', 'metric']);
    const fraction = await api('post', LIMITS).send({ metric: 'drawdown', max: 20 }).expect(400);
    const message = 'a drawdown limit is a fraction from 0 to 1 (0.2 = 20%)';
    expect(fraction.body.error.details.fields).toEqual([{ field: 'max', message }]);
    await api('post', LIMITS).send({ metric: 'notional', max: 5, symbol: 'SPY' }).expect(400);
    expect((await api('get', `${LIMITS}?desk=fx`, 'operator').expect(200)).body.data).toEqual([]);
    expect((await api('get', LIMITS, 'operator').expect(200)).body.data).toHaveLength(1);
    expect((await api('get', LIMITS, 'other').expect(200)).body.data).toEqual([]);
    await api('delete', `${LIMITS}/${created.body.data.id}`, 'other').expect(404);
  });
});
