import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import {
  alertingClient,
  AlertingNode,
  alertingEnv,
  bootAlerting,
  configRulesFile,
  flakyController,
  step,
  stopAlerting,
  WebhookReceiver,
} from './support/alerting';
import { waitUntil } from './support/tasks';

/**
 * Issue 14, "Must show" 1 (alerts): rules, silences and history belong to the creator's tenant.
 * Another tenant gets 404 for them on every route, whatever its role, and sees none of them in a
 * list, the dashboard or /health; a tenant's silence mutes its own rules only. Config rules are
 * system rules: every tenant reads them and their history, only the system admin changes them.
 */

const FlakyController = flakyController('api/v1/monitoring-tenants-fixture');

const KEYS = {
  aAdmin: 'mt-a-admin-key-6b1f',
  aOps: 'mt-a-operator-key-2c7e',
  aView: 'mt-a-viewer-key-9d3a',
  bAdmin: 'mt-b-admin-key-4e8b',
  bOps: 'mt-b-operator-key-7f5c',
  bView: 'mt-b-viewer-key-1a6d',
  root: 'mt-system-key-3b9e',
};
const API_KEYS = [
  `a-admin:admin:desk-a:${KEYS.aAdmin}`,
  `a-ops:operator:desk-a:${KEYS.aOps}`,
  `a-view:viewer:desk-a:${KEYS.aView}`,
  `b-admin:admin:desk-b:${KEYS.bAdmin}`,
  `b-ops:operator:desk-b:${KEYS.bOps}`,
  `b-view:viewer:desk-b:${KEYS.bView}`,
  `root:system:ops-center:${KEYS.root}`,
].join(',');
type Key = keyof typeof KEYS;
const DESK_A: Key[] = ['aAdmin', 'aOps', 'aView'];
const DESK_B: Key[] = ['bAdmin', 'bOps', 'bView'];

const MON = '/api/v1/monitoring';
const ALERTS = `${MON}/alerts`;
const RULES = `${MON}/alerts/rules`;
const SILENCES = `${MON}/alerts/silences`;
const START = new Date('2034-02-03T10:00:00.000Z').getTime();
const FAR = new Date(START + 24 * 3_600_000).toISOString();
/** Fires on the first period with 5xx answers (forMs 0). */
const ERRORS = { series: 'http.error_ratio', comparison: '>', threshold: 0.2 };
/** Never fires in a test. */
const NEVER = { series: 'process.rss_mb', comparison: '>', threshold: 1e12 };
const SVC_ERRORS = { name: 'svc-errors', ...ERRORS, forMs: 0, severity: 'critical', reduce: 'last', windowMs: 0 };

interface Owned {
  id: string;
  name: string;
  tenant: string | null;
  state: { state: string };
}
interface Event {
  ruleName: string;
  tenant: string | null;
  kind: string;
  silenced: boolean;
}

/** Requests as one of KEYS against `http`. */
const client = (http: () => Server) => (key: Key) => ({
  get: (path: string) => request(http()).get(path).set('X-API-Key', KEYS[key]),
  post: (path: string, body: object) => request(http()).post(path).set('X-API-Key', KEYS[key]).send(body),
  delete: (path: string) => request(http()).delete(path).set('X-API-Key', KEYS[key]),
});

describe('monitoring: alerts belong to a tenant', () => {
  let n: AlertingNode;
  let dir: string;
  const hook = new WebhookReceiver();
  const as = client(() => n.t.http);
  const traffic = alertingClient(KEYS.aView, FlakyController).traffic;
  const list = async (key: Key, path = ALERTS) => (await as(key).get(path).expect(200)).body.data as Owned[];
  const names = async (key: Key) => (await list(key)).map((r) => r.name);
  const silenceIds = async (key: Key) => (await list(key, SILENCES)).map((s) => s.id);
  const history = async (key: Key, query = '') =>
    (await as(key).get(`${ALERTS}/history${query}`).expect(200)).body.data.items as Event[];
  const rule = async (key: Key, name: string, expr: object, more: object = {}) =>
    (
      await as(key)
        .post(RULES, { name, expr, severity: 'warning', ...more })
        .expect(201)
    ).body.data as Owned;
  const notified = () => hook.received.map((r) => [r.body.status, r.body.rule.name, r.body.tenant]);
  let ruleA: Owned;
  let ruleB: Owned;
  let silenceA: Owned;
  let silenceB: Owned;

  beforeAll(async () => {
    await hook.listen();
    dir = mkdtempSync(join(tmpdir(), 'alerts-tenants-'));
    const env = { API_KEYS, CONFIG_FILE: configRulesFile(dir, [SVC_ERRORS]), ...alertingEnv(hook.url('/hooks'), 1) };
    n = await bootAlerting(env, [FlakyController], START);
    ruleA = await rule('aOps', 'a-errors', ERRORS);
    ruleB = await rule('bOps', 'b-errors', ERRORS);
    const silence = async (key: Key, ruleName: string) =>
      (await as(key).post(SILENCES, { ruleName, endsAt: FAR, comment: 'maintenance' }).expect(201)).body.data as Owned;
    silenceA = await silence('aOps', 'a-errors');
    // Names the system rule: a tenant's silence must not mute it.
    silenceB = await silence('bOps', 'svc-errors');
  });
  afterAll(async () => {
    await stopAlerting(n);
    await hook.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the creator and its tenant on rules and silences', () => {
    expect(ruleA).toMatchObject({ tenant: 'desk-a', scope: 'tenant', createdBy: 'a-ops', source: 'api' });
    expect(ruleB).toMatchObject({ tenant: 'desk-b', scope: 'tenant', createdBy: 'b-ops' });
    expect(silenceA).toMatchObject({ tenant: 'desk-a', scope: 'tenant', createdBy: 'a-ops', ruleName: 'a-errors' });
    expect(silenceB).toMatchObject({ tenant: 'desk-b', createdBy: 'b-ops' });
  });

  it('lists a tenant’s rules and the system rules to each of its roles, every rule to the system admin', async () => {
    for (const key of DESK_A) expect(await names(key)).toEqual(['svc-errors', 'a-errors']);
    for (const key of DESK_B) expect(await names(key)).toEqual(['svc-errors', 'b-errors']);
    expect(await names('root')).toEqual(['svc-errors', 'a-errors', 'b-errors']);
    expect((await list('bView'))[0]).toMatchObject({
      id: 'config:svc-errors',
      tenant: null,
      scope: 'system',
      source: 'config',
      createdBy: null,
    });
  });

  it('answers another tenant’s delete of a rule with the 404 of an unknown id, whatever its role', async () => {
    const unknownId = '01JD3Z8X6Q4W3N5R7T9V1B2C3D';
    const unknown = (await as('bAdmin').delete(`${RULES}/${unknownId}`).expect(404)).body.error;
    for (const key of ['bAdmin', 'bOps'] as const) {
      const error = (await as(key).delete(`${RULES}/${ruleA.id}`).expect(404)).body.error;
      expect(error).toEqual({
        ...unknown,
        message: unknown.message.replace(unknownId, ruleA.id),
        details: { resource: 'alert rule', id: ruleA.id },
      });
    }
    await as('bView').delete(`${RULES}/${ruleA.id}`).expect(403);
    await as('aView').delete(`${RULES}/${ruleA.id}`).expect(403);
    expect(await names('aView')).toContain('a-errors');
  });

  it('keeps names per tenant: another tenant’s name is free (and stays unseen), a system rule’s is taken', async () => {
    const twin = await rule('bOps', 'a-errors', NEVER);
    expect(twin).toMatchObject({ tenant: 'desk-b', name: 'a-errors' });
    expect((await list('aView')).map((r) => r.id)).toEqual(['config:svc-errors', ruleA.id]);
    const taken = await as('aOps').post(RULES, { name: 'svc-errors', expr: NEVER, severity: 'info' }).expect(409);
    expect(taken.body.error).toMatchObject({ code: 'CONFLICT', details: { field: 'name' } });
    await as('aOps').post(RULES, { name: 'a-errors', expr: NEVER, severity: 'info' }).expect(409);
    await as('bOps').delete(`${RULES}/${twin.id}`).expect(200);
    expect(await names('bView')).toEqual(['svc-errors', 'b-errors']);
  });

  it('lets every tenant read system rules and only the system admin change them', async () => {
    for (const key of ['aAdmin', 'bOps'] as const) {
      expect((await as(key).delete(`${RULES}/config:svc-errors`).expect(403)).body.error.code).toBe('FORBIDDEN');
    }
    expect((await as('root').delete(`${RULES}/config:svc-errors`).expect(409)).body.error.code).toBe('CONFLICT');
    const systemRule = { name: 'svc-latency', expr: NEVER, severity: 'info', scope: 'system' };
    for (const key of ['aAdmin', 'bOps'] as const) {
      expect((await as(key).post(RULES, systemRule).expect(403)).body.error.code).toBe('FORBIDDEN');
    }
    const system = (await as('root').post(RULES, systemRule).expect(201)).body.data;
    expect(system).toMatchObject({ tenant: null, scope: 'system', createdBy: 'root', source: 'api' });
    expect(await names('aView')).toEqual(['svc-errors', 'a-errors', 'svc-latency']);
    expect(await names('bView')).toEqual(['svc-errors', 'b-errors', 'svc-latency']);
    for (const key of ['aAdmin', 'bAdmin', 'bOps'] as const) await as(key).delete(`${RULES}/${system.id}`).expect(403);
    await as('root').delete(`${RULES}/${system.id}`).expect(200);
    expect(await names('aView')).toEqual(['svc-errors', 'a-errors']);

    // A rule the system admin makes without `scope` is its own tenant's, seen by no other tenant.
    const own = await rule('root', 'root-own', NEVER);
    expect(own).toMatchObject({ tenant: 'ops-center', scope: 'tenant' });
    expect(await names('aView')).toEqual(['svc-errors', 'a-errors']);
    await as('aAdmin').delete(`${RULES}/${own.id}`).expect(404);
    await as('root').delete(`${RULES}/${own.id}`).expect(200);
  });

  it('lists and ends a tenant’s silences for that tenant only; the system admin sees and ends all', async () => {
    for (const key of DESK_A) expect(await silenceIds(key)).toEqual([silenceA.id]);
    for (const key of DESK_B) expect(await silenceIds(key)).toEqual([silenceB.id]);
    expect(await silenceIds('root')).toEqual([silenceA.id, silenceB.id]);
    for (const key of ['bAdmin', 'bOps'] as const) {
      const error = (await as(key).delete(`${SILENCES}/${silenceA.id}`).expect(404)).body.error;
      expect(error).toMatchObject({ code: 'NOT_FOUND', details: { resource: 'silence', id: silenceA.id } });
    }
    await as('aView').delete(`${SILENCES}/${silenceA.id}`).expect(403);
    expect(await silenceIds('aView')).toEqual([silenceA.id]);
    const systemSilence = { endsAt: FAR, comment: 'x', scope: 'system' };
    expect((await as('aAdmin').post(SILENCES, systemSilence).expect(403)).body.error.code).toBe('FORBIDDEN');

    const temp = (await as('bOps').post(SILENCES, { endsAt: FAR, comment: 'short-lived' }).expect(201)).body.data;
    await as('aAdmin').delete(`${SILENCES}/${temp.id}`).expect(404);
    await as('root').delete(`${SILENCES}/${temp.id}`).expect(200);
    expect(await silenceIds('bView')).toEqual([silenceB.id]);
  });

  it('lets the system admin delete any tenant’s rule', async () => {
    const temp = await rule('bOps', 'b-temp', NEVER);
    await as('aAdmin').delete(`${RULES}/${temp.id}`).expect(404);
    await as('root').delete(`${RULES}/${temp.id}`).expect(200);
    expect(await names('bView')).toEqual(['svc-errors', 'b-errors']);
  });

  it('mutes only the silencing tenant’s rules, notifies with the rule’s tenant, keeps history per tenant', async () => {
    await traffic(n, 10, 0);
    await step(n); // baseline
    await traffic(n, 5, 5);
    await step(n); // error ratio ≈ 0.45: every rule fires (forMs 0)
    for (const key of ['aView', 'bView'] as const) {
      expect((await list(key)).map((r) => r.state.state)).toEqual(['firing', 'firing']);
    }
    // desk-a's silence mutes a-errors; desk-b's silence of the system rule's name mutes nothing.
    expect(notified().sort()).toEqual([
      ['firing', 'b-errors', 'desk-b'],
      ['firing', 'svc-errors', null],
    ]);

    const seen = async (key: Key) => (await history(key)).map((e) => [e.ruleName, e.tenant, e.kind, e.silenced]).sort();
    expect(await seen('aView')).toEqual([
      ['a-errors', 'desk-a', 'firing', true],
      ['a-errors', 'desk-a', 'pending', true],
      ['svc-errors', null, 'firing', false],
      ['svc-errors', null, 'pending', false],
    ]);
    expect(await seen('bView')).toEqual([
      ['b-errors', 'desk-b', 'firing', false],
      ['b-errors', 'desk-b', 'pending', false],
      ['svc-errors', null, 'firing', false],
      ['svc-errors', null, 'pending', false],
    ]);
    const everything = (await seen('root')).map(([name]) => name);
    expect(everything).toEqual(['a-errors', 'a-errors', 'b-errors', 'b-errors', 'svc-errors', 'svc-errors']);
    expect(await history('bView', '?ruleName=a-errors')).toEqual([]);
  });

  it('shows on the dashboard and in /health only what the caller may see', async () => {
    const dashboard = async (key: Key) => (await as(key).get(`${MON}/dashboard`).expect(200)).body.data;
    const recent = (data: { alerts: { recent: Event[] } }) => new Set(data.alerts.recent.map((e) => e.ruleName));
    const a = await dashboard('aView');
    expect(a.alerts.firing.map((f: Owned) => [f.name, f.tenant])).toEqual([
      ['svc-errors', null],
      ['a-errors', 'desk-a'],
    ]);
    expect(recent(a)).toEqual(new Set(['svc-errors', 'a-errors']));
    const b = await dashboard('bView');
    expect(b.alerts.firing.map((f: Owned) => f.name)).toEqual(['svc-errors', 'b-errors']);
    expect(recent(b)).toEqual(new Set(['svc-errors', 'b-errors']));
    const all = await dashboard('root');
    expect(all.alerts.firing.map((f: Owned) => f.name)).toEqual(['svc-errors', 'a-errors', 'b-errors']);

    // Component details are service-wide: a tenant sees the monitoring component's state only,
    // the system admin its details, which count and name system rules only.
    expect(a.health.components.monitoring).toEqual({ state: 'degraded' });
    for (const key of ['aView', 'bView'] as const) {
      const monitoring = (await as(key).get(`${MON}/health`).expect(200)).body.data.components.monitoring;
      expect(monitoring).toEqual({ state: 'degraded' });
    }
    const monitoring = (await as('root').get(`${MON}/health`).expect(200)).body.data.components.monitoring;
    expect(monitoring).toMatchObject({ state: 'degraded', details: { systemRules: 1, firing: ['svc-errors'] } });
    expect(monitoring.details.lastWebhookDelivery).toMatchObject({ rule: 'svc-errors', tenant: null, ok: true });
  });

  it('mutes the system rules with the system admin’s system-scope silence, and nothing of a tenant', async () => {
    const body = { endsAt: FAR, comment: 'service maintenance', scope: 'system' };
    const system = (await as('root').post(SILENCES, body).expect(201)).body.data;
    expect(system).toMatchObject({ tenant: null, scope: 'system', ruleName: null });
    expect(await silenceIds('root')).toContain(system.id);
    for (const key of ['aAdmin', 'bAdmin'] as const) {
      expect(await silenceIds(key)).not.toContain(system.id);
      await as(key).delete(`${SILENCES}/${system.id}`).expect(404);
    }
    hook.clear();
    await traffic(n, 10, 0);
    await step(n); // errors stop: every alert resolves
    // svc-errors is muted by the system silence, a-errors by desk-a's: only b-errors is notified.
    expect(notified()).toEqual([['resolved', 'b-errors', 'desk-b']]);
    const resolved = (await history('root')).filter((e) => e.kind === 'resolved');
    expect(resolved.map((e) => [e.ruleName, e.silenced]).sort()).toEqual([
      ['a-errors', true],
      ['b-errors', false],
      ['svc-errors', true],
    ]);
  });
});

describe('monitoring: recent failures on the dashboard belong to a tenant', () => {
  let t: TestApp;
  const as = client(() => t.http);
  const failures = async (key: Key) => {
    const data = (await as(key).get(`${MON}/dashboard`).expect(200)).body.data;
    return (data.recentFailures as Array<{ id: string }>).map((f) => f.id);
  };

  beforeAll(async () => {
    t = await createTestApp({ API_KEYS });
  });
  afterAll(() => t.close());

  it('shows a failed scheduler run to its own tenant and to the system admin only', async () => {
    // Passes the job's schema but not the task's own validation: the one attempt fails, final.
    const failing = {
      job: 'handit.submit-task',
      everyMs: 3_600_000,
      maxAttempts: 1,
      input: { type: 'options_pricing', input: { spot: -1 } },
    };
    const schedule = (await as('aOps').post('/api/v1/scheduler/schedules', failing).expect(201)).body.data;
    const run = (await as('aOps').post(`/api/v1/scheduler/schedules/${schedule.id}/trigger`, {}).expect(202)).body.data;
    await waitUntil(async () => (await failures('aView')).includes(run.id), 10_000, 'the run on desk-a’s dashboard');
    expect(await failures('root')).toContain(run.id);
    expect(await failures('bView')).not.toContain(run.id);
    expect(await failures('bAdmin')).toEqual([]);
  });
});
