import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { Database } from '@app/infrastructure';
import { AlertEvaluator, AlertNotifier } from '@app/monitoring-orchestrator';
import { AlertingNode, alertingSuite, step, stopAlerting } from './support/alerting';

/**
 * Alert state survives a restart (monitoring_alert_states): a firing alert stays firing without a
 * second page, one that cleared while the service was down is resolved exactly once, a pending
 * alert keeps its `for` timer, an undelivered notification is sent after the restart, and
 * a rule deleted meanwhile leaves no state behind.
 */

const KEY = 'restart-operator-key-51c0';
const START = new Date('2032-05-06T08:00:00.000Z').getTime();
const at = (offsetMs: number) => new Date(START + offsetMs).toISOString();

type Node = AlertingNode;

describe('monitoring: alert state across a restart', () => {
  const suite = alertingSuite('api/v1/restart-fixture', KEY);
  const { hook, api, traffic, alerts, stateOf, createRule } = suite;
  const received = hook.received;
  let dir: string;
  let node: Node | null = null;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'alerts-restart-'));
    hook.answer = 200;
  });
  afterEach(async () => {
    await node?.t.close();
    node = null;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Boots the service on this test's SQLite file with its clock at `startMs` after START. */
  const boot = async (startMs: number, env: Record<string, string> = {}): Promise<Node> => {
    node = await suite.boot({ SQLITE_PATH: join(dir, 'orchestration.db'), ...env }, START + startMs);
    return node;
  };
  /** Stops the service the way a restart does (after its last evaluation and deliveries settle). */
  const stop = async (n: Node) => {
    await stopAlerting(n);
    node = null;
  };
  const rows = async (n: Node) =>
    (await (n.t.app.get(Database).db as Kysely<any>)
      .selectFrom('monitoring_alert_states')
      .selectAll()
      .orderBy('rule_name')
      .execute()) as Array<Record<string, unknown>>;
  const sent = () => received.map((r) => [r.body.status, r.body.rule.name, r.body.startsAt, r.body.endsAt]);

  /** START+5 s baseline, +10 s pending, +15 s, +20 s firing (for 10 s). */
  const fire = async (n: Node, name: string) => {
    await createRule(n, name, 10_000);
    await traffic(n, 5, 0);
    await step(n);
    for (let i = 0; i < 3; i++) {
      await traffic(n, 5, 5);
      await step(n);
    }
    expect(await stateOf(n, name)).toEqual(expect.objectContaining({ state: 'firing', since: at(20_000) }));
  };

  it('a firing alert stays firing with its start time after a restart, and the on-call is not paged again', async () => {
    let n = await boot(0);
    await fire(n, 'restart-firing');
    expect(sent()).toEqual([['firing', 'restart-firing', at(20_000), null]]);
    // Written on the two transitions (pending, firing); the delivery is recorded.
    expect(await rows(n)).toEqual([
      expect.objectContaining({ rule_name: 'restart-firing', state: 'firing', replica: 'embedded', version: 2 }),
    ]);
    expect(Boolean((await rows(n))[0].notified)).toBe(true);
    await stop(n);

    // Down for 100 s; the errors go on.
    n = await boot(120_000);
    expect(await stateOf(n, 'restart-firing')).toEqual(expect.objectContaining({ state: 'firing', since: at(20_000) }));
    const dashboard = (await api(n, 'get', '/api/v1/monitoring/dashboard').expect(200)).body.data;
    expect(dashboard.alerts.firing).toEqual([expect.objectContaining({ name: 'restart-firing', since: at(20_000) })]);
    for (let i = 0; i < 3; i++) {
      // +125 s: only the baseline sample, no error ratio yet (must not count as "resolved");
      // +130 s, +135 s: the ratio is back above the threshold.
      await traffic(n, 5, 5);
      await step(n);
      expect(await stateOf(n, 'restart-firing')).toEqual(
        expect.objectContaining({ state: 'firing', since: at(20_000) }),
      );
    }
    expect(sent()).toEqual([['firing', 'restart-firing', at(20_000), null]]);
    // No transition, no write: the row is the one the first run left.
    expect((await rows(n))[0]).toMatchObject({ state: 'firing', version: 2 });

    // The incident ends: resolved once, with the original start.
    await traffic(n, 10, 0);
    await step(n);
    expect(await stateOf(n, 'restart-firing')).toEqual(expect.objectContaining({ state: 'inactive' }));
    expect(sent()).toEqual([
      ['firing', 'restart-firing', at(20_000), null],
      ['resolved', 'restart-firing', at(20_000), at(140_000)],
    ]);
    expect(received[1].body.replica).toBe('embedded');
    expect(await rows(n)).toEqual([]);
    const history = (await api(n, 'get', '/api/v1/monitoring/alerts/history?ruleName=restart-firing').expect(200)).body
      .data.items;
    expect(history.map((e: { kind: string; replica: string }) => [e.kind, e.replica])).toEqual([
      ['resolved', 'embedded'],
      ['firing', 'embedded'],
      ['pending', 'embedded'],
    ]);
  }, 60_000);

  it('an alert that cleared while the service was down is resolved and notified exactly once', async () => {
    let n = await boot(0);
    await fire(n, 'cleared-while-down');
    await stop(n);

    n = await boot(300_000);
    expect((await stateOf(n, 'cleared-while-down'))?.state).toBe('firing');
    for (let i = 0; i < 4; i++) {
      await traffic(n, 10, 0);
      await step(n);
    }
    expect(await stateOf(n, 'cleared-while-down')).toEqual(expect.objectContaining({ state: 'inactive' }));
    // +305 s held (no ratio yet), +310 s ratio 0 → resolved; later evaluations send nothing.
    expect(sent()).toEqual([
      ['firing', 'cleared-while-down', at(20_000), null],
      ['resolved', 'cleared-while-down', at(20_000), at(310_000)],
    ]);
    expect(await rows(n)).toEqual([]);

    // And the resolution itself survives the next restart: nothing is sent again.
    await stop(n);
    n = await boot(400_000);
    await traffic(n, 10, 0);
    await step(n);
    await step(n);
    expect((await stateOf(n, 'cleared-while-down'))?.state).toBe('inactive');
    expect(received).toHaveLength(2);
  }, 60_000);

  it('a pending alert keeps its for-timer across a restart', async () => {
    let n = await boot(0);
    await createRule(n, 'slow-burn', 30_000);
    await traffic(n, 5, 0);
    await step(n); // +5 s baseline
    await traffic(n, 5, 5);
    await step(n); // +10 s pending
    expect(await stateOf(n, 'slow-burn')).toEqual(expect.objectContaining({ state: 'pending', since: at(10_000) }));
    await stop(n);

    // Back after 15 s: the timer started at +10 s, so it fires at +40 s (not 30 s after the restart).
    n = await boot(25_000);
    expect(await stateOf(n, 'slow-burn')).toEqual(expect.objectContaining({ state: 'pending', since: at(10_000) }));
    await traffic(n, 5, 5);
    await step(n); // +30 s: no ratio yet, still pending
    await traffic(n, 5, 5);
    await step(n); // +35 s: held 25 s
    expect(await stateOf(n, 'slow-burn')).toEqual(expect.objectContaining({ state: 'pending', since: at(10_000) }));
    expect(received).toEqual([]);
    await traffic(n, 5, 5);
    await step(n); // +40 s: held 30 s → firing
    expect(await stateOf(n, 'slow-burn')).toEqual(expect.objectContaining({ state: 'firing', since: at(40_000) }));
    expect(sent()).toEqual([['firing', 'slow-burn', at(40_000), null]]);
  }, 60_000);

  it('a notification that never got through (firing, then resolved) is sent after the restart, once', async () => {
    hook.answer = 503;
    let n = await boot(0);
    await fire(n, 'unheard');
    expect(received.map((r) => [r.body.status, r.answered])).toEqual([
      ['firing', 503],
      ['firing', 503],
    ]);
    expect(Boolean((await rows(n))[0].notified)).toBe(false);
    await stop(n);

    hook.answer = 200;
    hook.clear();
    n = await boot(60_000);
    await traffic(n, 5, 5);
    await step(n); // no ratio yet: not confirmed, nothing sent
    expect(received).toEqual([]);
    for (let i = 0; i < 3; i++) {
      await traffic(n, 5, 5);
      await step(n);
    }
    expect(sent()).toEqual([['firing', 'unheard', at(20_000), null]]);
    expect(received[0].answered).toBe(200);
    expect(Boolean((await rows(n))[0].notified)).toBe(true);
    expect((await stateOf(n, 'unheard'))?.since).toBe(at(20_000));

    // The same for resolved: the webhook is down when the alert resolves (+85 s)...
    hook.answer = 503;
    await traffic(n, 10, 0);
    await step(n);
    expect((await stateOf(n, 'unheard'))?.state).toBe('inactive');
    expect(received.map((r) => [r.body.status, r.answered]).slice(1)).toEqual([
      ['resolved', 503],
      ['resolved', 503],
    ]);
    expect(await rows(n)).toEqual([expect.objectContaining({ state: 'resolved', version: 3 })]);
    await stop(n);
    // ...so the next start sends it (once), and the row goes.
    hook.answer = 200;
    hook.clear();
    n = await boot(200_000);
    await n.t.app.get(AlertNotifier).idle();
    await n.t.app.get(AlertEvaluator).idle();
    expect(sent()).toEqual([['resolved', 'unheard', at(20_000), at(85_000)]]);
    expect(await rows(n)).toEqual([]);
    await traffic(n, 10, 0);
    await step(n);
    await step(n);
    expect(received).toHaveLength(1);
  }, 60_000);

  it('a rule removed while the service was down (or deleted through the API) leaves no state behind', async () => {
    const configFile = join(dir, 'rules.yml');
    writeFileSync(
      configFile,
      [
        'monitoring:',
        '  alerts:',
        '    rules:',
        "      - { name: from-config, series: http.error_ratio, comparison: '>', threshold: 0.2, forMs: 0, severity: warning, reduce: last, windowMs: 0 }",
        '',
      ].join('\n'),
    );
    let n = await boot(0, { CONFIG_FILE: configFile });
    await fire(n, 'from-api');
    expect((await rows(n)).map((r) => [r.rule_name, r.state])).toEqual([
      ['from-api', 'firing'],
      ['from-config', 'firing'],
    ]);
    await stop(n);

    // Restarted without the config rule: its state is dropped at start, nobody is notified.
    hook.clear();
    n = await boot(60_000);
    expect((await alerts(n)).map((r) => r.name)).toEqual(['from-api']);
    expect((await rows(n)).map((r) => r.rule_name)).toEqual(['from-api']);

    // Deleting a rule through the API drops its state too.
    const rule = (await alerts(n)).find((r) => r.name === 'from-api')!;
    await api(n, 'delete', `/api/v1/monitoring/alerts/rules/${rule.id}`).expect(200);
    expect(await rows(n)).toEqual([]);
    await traffic(n, 5, 5);
    await step(n);
    await traffic(n, 5, 5);
    await step(n);
    expect(await rows(n)).toEqual([]);
    expect(received).toEqual([]);
  }, 60_000);
});
