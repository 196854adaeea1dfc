import { sql } from 'kysely';
import { newId, openDatabase, runMigrations } from '@app/infrastructure';
import { AlertEvaluator, AlertNotifier, monitoringMigrations } from '@app/monitoring-orchestrator';
import { alertingClient, AlertingNode, alertingSuite, step, stopAlerting } from '../support/alerting';
import { sqlAdmin, TEST_DATABASE_URL as BASE_URL, urlWithSearchPath, withAdminClient } from '../support/pg-schema';

jest.setTimeout(90_000);

/**
 * Alert state on PostgreSQL with several replicas (started by scripts/ci/start-postgres.sh).
 * Metric series are sampled per process, so each replica keeps its own state, keyed by
 * ALERT_REPLICA_ID; every transition is a compare-and-set on the row's version, so when two
 * evaluators hold the same row (one replica id given twice, or survivors sweeping a stopped
 * replica's rows) one of them makes the transition and only that one notifies. Rules, silences
 * and history carry their owner's tenant (0003_alert_tenants), upgraded in place on PostgreSQL.
 */

const KEY = 'replicas-operator-key-7d21';
const START = new Date('2033-03-04T12:00:00.000Z').getTime();
const at = (offsetMs: number) => new Date(START + offsetMs).toISOString();

interface Replica extends AlertingNode {
  id: string;
}

describe('alert state on PostgreSQL across replicas', () => {
  const suite = alertingSuite('api/v1/alert-replicas-fixture', KEY);
  const { flaky: FlakyController, hook, api, traffic, stateOf, createRule } = suite;
  const received = hook.received;
  let schema: string;
  const running: Replica[] = [];

  beforeEach(async () => {
    schema = `alerts_${newId().toLowerCase()}`;
    await sqlAdmin(`CREATE SCHEMA "${schema}"`);
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.t.close();
    await sqlAdmin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  const boot = async (id: string, startMs: number, env: Record<string, string> = {}): Promise<Replica> => {
    const replica: Replica = {
      id,
      ...(await suite.boot(
        { DATABASE_URL: urlWithSearchPath(BASE_URL, schema), ALERT_REPLICA_ID: id, ...env },
        START + startMs,
      )),
    };
    running.push(replica);
    return replica;
  };
  const stop = async (r: Replica) => {
    await stopAlerting(r);
    running.splice(running.indexOf(r), 1);
  };
  const rows = () =>
    withAdminClient(async (c) => {
      await c.query(`SET search_path TO "${schema}"`);
      return (
        await c.query(
          'SELECT replica, rule_name, state, since, firing_since, notified, version FROM monitoring_alert_states ORDER BY replica, rule_name',
        )
      ).rows as Array<{
        replica: string;
        rule_name: string;
        state: string;
        since: Date;
        firing_since: Date | null;
        notified: boolean;
        version: number;
      }>;
    });
  const sent = () => received.map((n) => [n.body.status, n.body.replica, n.body.startsAt, n.body.endsAt]);

  it('each replica keeps its own state, and a restarted replica restores its own', async () => {
    let a = await boot('replica-a', 0);
    const b = await boot('replica-b', 0);
    await createRule(a, 'errors', 10_000);
    await traffic(a, 5, 0);
    await traffic(b, 5, 0);
    await step(a, b); // +5 s baseline
    for (let i = 0; i < 3; i++) {
      // Replica a's upstream fails; replica b's is fine.
      await traffic(a, 5, 5);
      await traffic(b, 10, 0);
      await step(a, b); // +10 s pending, +15 s, +20 s firing on a
    }
    expect(await stateOf(a, 'errors')).toEqual(expect.objectContaining({ state: 'firing', since: at(20_000) }));
    expect(await stateOf(b, 'errors')).toEqual(expect.objectContaining({ state: 'inactive' }));
    expect(sent()).toEqual([['firing', 'replica-a', at(20_000), null]]);
    expect(await rows()).toEqual([
      {
        replica: 'replica-a',
        rule_name: 'errors',
        state: 'firing',
        since: new Date(at(20_000)),
        firing_since: new Date(at(20_000)),
        notified: true,
        version: 2,
      },
    ]);

    // Replica a restarts (same id): firing with its start time, no second page, then resolved once.
    await stop(a);
    a = await boot('replica-a', 90_000);
    expect(await stateOf(a, 'errors')).toEqual(expect.objectContaining({ state: 'firing', since: at(20_000) }));
    for (let i = 0; i < 2; i++) {
      await traffic(a, 5, 5);
      await step(a);
    }
    expect(await stateOf(a, 'errors')).toEqual(expect.objectContaining({ state: 'firing', since: at(20_000) }));
    await traffic(a, 10, 0);
    await step(a); // +105 s
    expect(sent()).toEqual([
      ['firing', 'replica-a', at(20_000), null],
      ['resolved', 'replica-a', at(20_000), at(105_000)],
    ]);
    expect(await rows()).toEqual([]);
  });

  it('two evaluators holding one replica id notify once per transition (compare-and-set)', async () => {
    // The same id twice: what a misconfiguration, or a new process starting before the old one
    // stopped, produces. Both see the same traffic and evaluate at the same time.
    const x1 = await boot('replica-x', 0);
    const x2 = await boot('replica-x', 0);
    await createRule(x1, 'twin', 0);
    const both = async (ok: number, failing: number) => {
      await traffic(x1, ok, failing);
      await traffic(x2, ok, failing);
      await step(x1, x2);
    };
    await both(5, 0); // baseline
    await both(5, 5); // inactive → firing (forMs 0) on both at once
    await both(5, 5);
    expect(await stateOf(x1, 'twin')).toEqual(expect.objectContaining({ state: 'firing', since: at(10_000) }));
    expect(await stateOf(x2, 'twin')).toEqual(expect.objectContaining({ state: 'firing', since: at(10_000) }));
    await both(10, 0); // firing → resolved on both at once
    await both(10, 0);
    expect(await stateOf(x1, 'twin')).toEqual(expect.objectContaining({ state: 'inactive' }));
    expect(await stateOf(x2, 'twin')).toEqual(expect.objectContaining({ state: 'inactive' }));
    expect(sent()).toEqual([
      ['firing', 'replica-x', at(10_000), null],
      ['resolved', 'replica-x', at(10_000), at(20_000)],
    ]);
    const history = (await api(x1, 'get', '/api/v1/monitoring/alerts/history?ruleName=twin').expect(200)).body.data
      .items;
    expect(history.map((e: { kind: string }) => e.kind)).toEqual(['resolved', 'firing', 'pending']);
    expect(await rows()).toEqual([]);
  });

  it('the firing alert of a replica that stopped for good is resolved by exactly one survivor', async () => {
    const gone = await boot('replica-gone', 0);
    await createRule(gone, 'orphaned', 10_000);
    await createRule(gone, 'half-way', 20_000);
    await traffic(gone, 5, 0);
    await step(gone);
    for (let i = 0; i < 3; i++) {
      await traffic(gone, 5, 5);
      await step(gone);
    }
    expect(sent()).toEqual([['firing', 'replica-gone', at(20_000), null]]);
    expect((await rows()).map((r) => [r.replica, r.rule_name, r.state])).toEqual([
      ['replica-gone', 'half-way', 'pending'],
      ['replica-gone', 'orphaned', 'firing'],
    ]);
    await stop(gone); // scaled down: it never comes back under this name

    // 60 s stale bound. At +50 s the rows (last written at +10 s and +20 s) are 30-40 s old: a
    // live replica could still be behind them, so they stay.
    const env = { ALERT_STALE_STATE_MS: '60000' };
    const early = await boot('replica-s1', 45_000, env);
    await step(early);
    expect(await rows()).toHaveLength(2);
    expect(received).toHaveLength(1);
    await stop(early);

    // At +100 s both rows are stale. Two survivors evaluate at the same moment (no timer: both
    // first passes start together and sweep together); one wins each row's compare-and-set. The
    // firing alert is resolved for the stopped replica, once; the pending one is dropped.
    const s1 = await boot('replica-s1', 100_000, env);
    const s2 = await boot('replica-s2', 100_000, env);
    await Promise.all([s1.t.app.get(AlertEvaluator).evaluate(), s2.t.app.get(AlertEvaluator).evaluate()]);
    await Promise.all([s1, s2].map((r) => r.t.app.get(AlertEvaluator).idle()));
    await Promise.all([s1, s2].map((r) => r.t.app.get(AlertNotifier).idle()));
    expect(sent()).toEqual([
      ['firing', 'replica-gone', at(20_000), null],
      ['resolved', 'replica-gone', at(20_000), at(100_000)],
    ]);
    expect(await rows()).toEqual([]);
    const history = (await api(s1, 'get', '/api/v1/monitoring/alerts/history?ruleName=orphaned').expect(200)).body.data
      .items;
    expect(history.map((e: { kind: string; replica: string }) => [e.kind, e.replica])).toEqual([
      ['resolved', 'replica-gone'],
      ['firing', 'replica-gone'],
      ['pending', 'replica-gone'],
    ]);
  });

  it('upgrades in place (old rules become system rules); rules, silences and events keep their tenant', async () => {
    // A schema written before alerts had owners: migrated to 0002, with one rule.
    const url = urlWithSearchPath(BASE_URL, schema);
    const old = await openDatabase({ url, sqlitePath: 'unused.db', busyTimeoutMs: 0, poolMax: 1 });
    const { '0001_alerts': first, '0002_alert_states': second } = monitoringMigrations;
    const before = { '0001_alerts': first, '0002_alert_states': second };
    await runMigrations(old, [{ namespace: 'monitoring', migrations: before }]);
    const legacy = { series: 'http.error_ratio', comparison: '>', threshold: 0.2, forMs: 0, reduce: 'last' };
    await sql`INSERT INTO monitoring_alert_rules (id, name, expr, severity, created_at)
      VALUES ('01LEGACY', 'legacy-errors', ${JSON.stringify({ ...legacy, windowMs: 0 })}::jsonb, 'critical', now())`.execute(
      old.db,
    );
    await old.close();

    const keys = { a: 'pg-a-operator-key-3f2e', b: 'pg-b-operator-key-8c1d' };
    const API_KEYS = [`a-ops:operator:desk-a:${keys.a}`, `b-ops:operator:desk-b:${keys.b}`];
    const r = await boot('replica-t', 0, { API_KEYS: API_KEYS.join(',') });
    const a = alertingClient(keys.a, FlakyController);
    const b = alertingClient(keys.b, FlakyController);
    const RULES = '/api/v1/monitoring/alerts/rules';
    const errors = (severity: string) => ({ name: 'errors', expr: legacy, severity });
    const ruleA = (await a.api(r, 'post', RULES).send(errors('warning')).expect(201)).body.data;
    // The same name in another tenant: names are unique per owner (index on coalesce(tenant, ''), name).
    await b.api(r, 'post', RULES).send(errors('warning')).expect(201);
    await b.api(r, 'post', RULES).send(errors('info')).expect(409);
    const silence = { endsAt: at(3_600_000), comment: 'desk-b maintenance' };
    await b.api(r, 'post', '/api/v1/monitoring/alerts/silences').send(silence).expect(201);

    const seen = async (client: typeof a) => (await client.alerts(r)).map((rule) => [rule.name, rule.tenant]);
    expect(await seen(a)).toEqual([
      ['legacy-errors', null],
      ['errors', 'desk-a'],
    ]);
    expect(await seen(b)).toEqual([
      ['legacy-errors', null],
      ['errors', 'desk-b'],
    ]);
    await b.api(r, 'delete', `${RULES}/${ruleA.id}`).expect(404);
    await b.api(r, 'delete', `${RULES}/01LEGACY`).expect(403);

    await a.traffic(r, 5, 0);
    await step(r); // baseline
    await a.traffic(r, 5, 5);
    await step(r); // every rule fires; desk-b's silence mutes desk-b's rule only
    expect(received.map((n) => [n.body.rule.name, n.body.tenant, n.body.replica]).sort()).toEqual([
      ['errors', 'desk-a', 'replica-t'],
      ['legacy-errors', null, 'replica-t'],
    ]);
    const stored = await withAdminClient(async (c) => {
      await c.query(`SET search_path TO "${schema}"`);
      const query = async (text: string, params: unknown[] = []) => (await c.query(text, params)).rows;
      return {
        events: await query(
          'SELECT tenant, rule_name, kind, silenced FROM monitoring_alert_events ORDER BY tenant NULLS FIRST, kind',
        ),
        states: await query('SELECT replica, rule_name, state FROM monitoring_alert_states ORDER BY rule_name, state'),
        indexes: await query(
          'SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE $2 ORDER BY indexname',
          [schema, 'monitoring%tenant%'],
        ),
      };
    });
    expect(stored.events).toEqual([
      { tenant: null, rule_name: 'legacy-errors', kind: 'firing', silenced: false },
      { tenant: null, rule_name: 'legacy-errors', kind: 'pending', silenced: false },
      { tenant: 'desk-a', rule_name: 'errors', kind: 'firing', silenced: false },
      { tenant: 'desk-a', rule_name: 'errors', kind: 'pending', silenced: false },
      { tenant: 'desk-b', rule_name: 'errors', kind: 'firing', silenced: true },
      { tenant: 'desk-b', rule_name: 'errors', kind: 'pending', silenced: true },
    ]);
    // Alert state stays per replica and rule, whoever owns the rule.
    expect(stored.states).toEqual([
      { replica: 'replica-t', rule_name: 'errors', state: 'firing' },
      { replica: 'replica-t', rule_name: 'errors', state: 'firing' },
      { replica: 'replica-t', rule_name: 'legacy-errors', state: 'firing' },
    ]);
    expect(stored.indexes.map((i) => i.indexname)).toEqual([
      'monitoring_alert_events_tenant_idx',
      'monitoring_alert_rules_tenant_idx',
      'monitoring_silences_tenant_idx',
    ]);
    const history = async (client: typeof a) => {
      const page = (await client.api(r, 'get', '/api/v1/monitoring/alerts/history').expect(200)).body.data;
      const items = page.items as Array<{ ruleName: string; tenant: string | null }>;
      return items.map((e) => `${e.tenant}:${e.ruleName}`).sort();
    };
    expect(await history(a)).toEqual(['desk-a:errors', 'desk-a:errors', 'null:legacy-errors', 'null:legacy-errors']);
    expect(await history(b)).toEqual(['desk-b:errors', 'desk-b:errors', 'null:legacy-errors', 'null:legacy-errors']);
  });
});
