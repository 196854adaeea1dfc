import { newId } from '@app/infrastructure';
import { AlertEvaluator, AlertNotifier } from '@app/monitoring-orchestrator';
import { alertingClient, AlertingNode, alertingEnv, bootAlerting, flakyController, step, stopAlerting, WebhookReceiver } from '../support/alerting';
import { sqlAdmin, TEST_DATABASE_URL as BASE_URL, urlWithSearchPath, withAdminClient } from '../support/pg-schema';

jest.setTimeout(90_000);

/**
 * Alert state on PostgreSQL with several replicas (started by scripts/ci/start-postgres.sh).
 * Metric series are sampled per process, so each replica keeps its own state, keyed by
 * ALERT_REPLICA_ID; every transition is a compare-and-set on the row's version, so when two
 * evaluators hold the same row (one replica id given twice, or survivors sweeping a stopped
 * replica's rows) one of them makes the transition and only that one notifies.
 */

const FlakyController = flakyController('api/v1/alert-replicas-fixture');

const KEY = 'replicas-operator-key-7d21';
const START = new Date('2033-03-04T12:00:00.000Z').getTime();
const at = (offsetMs: number) => new Date(START + offsetMs).toISOString();

interface Replica extends AlertingNode {
  id: string;
}

describe('alert state on PostgreSQL across replicas', () => {
  const hook = new WebhookReceiver();
  const received = hook.received;
  let schema: string;
  const running: Replica[] = [];
  const { api, traffic, stateOf, createRule } = alertingClient(KEY, FlakyController);

  beforeAll(() => hook.listen());
  afterAll(() => hook.close());
  beforeEach(async () => {
    schema = `alerts_${newId().toLowerCase()}`;
    await sqlAdmin(`CREATE SCHEMA "${schema}"`);
    hook.clear();
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.t.close();
    await sqlAdmin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  const boot = async (id: string, startMs: number, env: Record<string, string> = {}): Promise<Replica> => {
    const replica: Replica = {
      id,
      ...(await bootAlerting(
        { DATABASE_URL: urlWithSearchPath(BASE_URL, schema), API_KEYS: `ops:operator:default:${KEY}`, ALERT_REPLICA_ID: id, ...alertingEnv(hook.url('/hooks'), 2), ...env },
        [FlakyController],
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
      return (await c.query('SELECT replica, rule_name, state, since, firing_since, notified, version FROM monitoring_alert_states ORDER BY replica, rule_name')).rows as Array<{
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
      { replica: 'replica-a', rule_name: 'errors', state: 'firing', since: new Date(at(20_000)), firing_since: new Date(at(20_000)), notified: true, version: 2 },
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
    const history = (await api(x1, 'get', '/api/v1/monitoring/alerts/history?ruleName=twin').expect(200)).body.data.items;
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
    const history = (await api(s1, 'get', '/api/v1/monitoring/alerts/history?ruleName=orphaned').expect(200)).body.data.items;
    expect(history.map((e: { kind: string; replica: string }) => [e.kind, e.replica])).toEqual([
      ['resolved', 'replica-gone'],
      ['firing', 'replica-gone'],
      ['pending', 'replica-gone'],
    ]);
  });
});
