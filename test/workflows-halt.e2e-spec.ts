import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { pauseTaskQueue, waitUntil } from './support/tasks';
import { nodeOf, ORCH, returnsSeries, RUNS, waitForRun } from './support/workflows';

const KEYS = {
  admin: 'halt-admin-key-5e2c',
  operator: 'halt-operator-key-9b4d',
  viewer: 'halt-viewer-key-1a7f',
  other: 'halt-other-key-6c3e',
  system: 'halt-system-key-8d1b',
};
const ENV = {
  API_KEYS: [
    `eq-admin:admin:desk-eq:${KEYS.admin}`,
    `eq-ops:operator:desk-eq:${KEYS.operator}`,
    `eq-watch:viewer:desk-eq:${KEYS.viewer}`,
    `fx-admin:admin:desk-fx:${KEYS.other}`,
    `root:system:ops:${KEYS.system}`,
  ].join(','),
};
const HALT = `${ORCH}/halt`;

const REBALANCE = {
  workflow: 'portfolio-rebalance',
  input: {
    assets: [
      { symbol: 'HIGH', quantity: 2000, price: 100, returns: returnsSeries(0.03, 0) },
      { symbol: 'LOW', quantity: 2000, price: 100, returns: returnsSeries(0.01, 1) },
    ],
  },
};

/** Issue 20, "Must show" 5: the kill switch stops new runs, interrupts running ones, survives a restart. */
describe('workflows: kill switch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aio-halt-'));
  const env = { ...ENV, SQLITE_PATH: join(dir, 'orchestration.db') };
  let t: TestApp;
  const api = (method: 'get' | 'post', path: string, key: keyof typeof KEYS = 'admin') =>
    request(t.http)[method](path).set('X-API-Key', KEYS[key]);
  const execute = (key: keyof typeof KEYS = 'admin') => api('post', `${ORCH}/execute`, key).send(REBALANCE);
  const metric = async (labels: string) => {
    const text = (await request(t.http).get('/metrics').expect(200)).text;
    return new RegExp(`^orchestration_halted\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1];
  };
  const headers = (key: keyof typeof KEYS) => ({ 'X-API-Key': KEYS[key] });

  beforeAll(async () => {
    t = await createTestApp(env);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('halt refuses new runs, interrupts a running one before its next node, survives a restart', async () => {
    // The run's first node waits for its Handit task while the task queue is held.
    await pauseTaskQueue(t.app, true);
    const run = (await execute().expect(202)).body.data;
    await waitUntil(
      async () => {
        const nodes = (await api('get', `${RUNS}/${run.id}`).expect(200)).body.data.nodes;
        return nodes.some((n: { key: string; status: string }) => n.key === 'risk' && n.status === 'running');
      },
      10_000,
      'the risk node to start',
    );

    await api('post', HALT, 'viewer').send({ reason: 'no' }).expect(403);
    const halted = (await api('post', HALT, 'operator').send({ reason: 'exchange outage' }).expect(200)).body.data;
    const own = { scope: 'tenant', tenant: 'desk-eq', reason: 'exchange outage', haltedBy: 'eq-ops' };
    expect(halted).toMatchObject({ halted: true, global: null, tenant: own });
    const refused = await execute().expect(409);
    const details = { halt: { kind: 'halt', scope: 'tenant' } };
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT', details });
    const message = /^Trading workflows are halted for tenant desk-eq since .*: exchange outage$/;
    expect(refused.body.error.message).toMatch(message);
    // Another tenant is not held.
    expect((await execute('other').expect(202)).body.data.status).toBe('queued');

    await pauseTaskQueue(t.app, false);
    const held = await waitForRun(t.http, run.id, 15_000, ['interrupted', 'failed', 'succeeded'], headers('admin'));
    expect(held).toMatchObject({ status: 'interrupted', currentNode: 'targets' });
    const { haltedAt } = halted.tenant;
    const value = { kind: 'halt', scope: 'tenant', reason: 'exchange outage', haltedAt, haltedBy: 'eq-ops' };
    expect(held.interrupt).toEqual([{ node: 'targets', id: 'halt', value }]);
    expect(nodeOf(held, 'risk').status).toBe('succeeded');
    expect(held.nodes.map((n: { key: string }) => n.key)).toEqual(['risk']);
    await api('post', `${RUNS}/${run.id}/resume`).send({ approved: true }).expect(409);

    // Visible on /status (per caller) and in the metrics.
    const status = async (key: keyof typeof KEYS) => (await api('get', '/status', key).expect(200)).body.data.halt;
    expect(await status('viewer')).toMatchObject({ halted: true, tenant: { reason: 'exchange outage' } });
    expect(await status('other')).toEqual({ halted: false, global: null, tenant: null });
    expect(await metric('scope="tenant",tenant="desk-eq"')).toBe('1');

    await t.close();
    t = await createTestApp(env);
    const after = (await api('get', HALT, 'viewer').expect(200)).body.data;
    expect(after).toMatchObject({ halted: true, tenant: { reason: 'exchange outage' } });
    expect(await metric('scope="tenant",tenant="desk-eq"')).toBe('1');
    expect((await api('get', `${RUNS}/${run.id}`).expect(200)).body.data.status).toBe('interrupted');
    await execute().expect(409);

    await api('post', `${HALT}/resume`, 'operator').send({}).expect(403);
    const resumed = (await api('post', `${HALT}/resume`).send({}).expect(200)).body.data;
    expect(resumed).toMatchObject({ halted: false, tenant: null, resumedRuns: 1 });
    expect(await metric('scope="tenant",tenant="desk-eq"')).toBe('0');
    const next = await waitForRun(t.http, run.id, 15_000, ['interrupted', 'failed', 'succeeded'], headers('admin'));
    expect(next.interrupt[0]).toMatchObject({ node: 'approval', value: { kind: 'approval' } });
    // The interrupted node ran once, after the resume; the one before it was not run again.
    expect(nodeOf(next, 'targets')).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(nodeOf(next, 'risk').attempts).toBe(1);
    await api('post', `${RUNS}/${run.id}/resume`).send({ approved: true }).expect(201);
    const done = await waitForRun(t.http, run.id, 15_000, ['succeeded', 'failed'], headers('admin'));
    expect(done.status).toBe('succeeded');
    await execute().expect(202);
  });

  it('the global switch: the system admin’s only; it holds every tenant, and each tenant sees it', async () => {
    await api('post', HALT).send({ scope: 'global', reason: 'market-wide' }).expect(403);
    await api('post', HALT, 'system').send({ scope: 'global', reason: 'market-wide circuit breaker' }).expect(200);
    await execute().expect(409);
    await execute('other').expect(409);
    const seen = (await api('get', HALT, 'other').expect(200)).body.data;
    const global = { scope: 'global', tenant: null, reason: 'market-wide circuit breaker' };
    expect(seen).toMatchObject({ halted: true, global, tenant: null });
    expect(seen.tenants).toBeUndefined();

    // A tenant's own switch on top: the system admin sees every tenant's.
    await api('post', HALT, 'operator').send({ reason: 'desk review' }).expect(200);
    const all = (await api('get', '/status', 'system').expect(200)).body.data.halt;
    expect(all.tenants.map((h: { tenant: string }) => h.tenant)).toEqual(['desk-eq']);
    expect(await metric('scope="global",tenant=""')).toBe('1');

    await api('post', `${HALT}/resume`).send({ scope: 'global' }).expect(403);
    // Lifting the tenant's own switch leaves the global one holding.
    const lifted = (await api('post', `${HALT}/resume`).send({}).expect(200)).body.data;
    expect(lifted).toMatchObject({ halted: true, tenant: null });
    await execute().expect(409);
    await api('post', `${HALT}/resume`, 'system').send({ scope: 'global' }).expect(200);
    await execute().expect(202);
    await execute('other').expect(202);
  });
});
