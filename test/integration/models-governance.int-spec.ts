import { FAST_RSI, MODELS, seededCandles } from '../support/models';
import { Replica, TASKS, api, clusterResources, query, stopReplica, until } from '../support/distributed';

jest.setTimeout(180_000);

/**
 * Model governance in the distributed mode: two replicas of the built service on one PostgreSQL
 * and one Redis. A change made through one replica (a version, a routing rule, a defined model)
 * reaches the other's in-memory routing table through the registry revision it polls; shadow runs
 * and defined models are rows in PostgreSQL, read back by any replica and after a restart.
 */
describe('distributed mode: model versions, routing and shadow runs across replicas', () => {
  const cluster = clusterResources('dist_models');
  const { schema } = cluster;
  let env: Record<string, string>;
  let a: Replica;
  let b: Replica;
  const candles = seededCandles(4);
  const signal = (model?: string, symbol = 'DIST') => ({
    type: 'trading_signal',
    ...(model ? { model } : {}),
    input: { symbol, candles },
    options: { cache: false },
  });

  beforeAll(async () => {
    env = await cluster.env({ HANDIT_ROUTING_REFRESH_MS: '300' });
    [a, b] = await cluster.startInTurn(env, 'all', 'all');
  });
  afterAll(() => cluster.release());

  it('applies a version and a routing rule made through one replica on the other, without a restart', async () => {
    const created = await api(a.port, 'POST', `${MODELS}/equities-technical/versions`, {
      version: 'v2',
      parameters: FAST_RSI,
    });
    expect(created.status).toBe(201);
    const rule = await api(a.port, 'PUT', `${MODELS}/equities-technical/routing`, {
      split: [
        { version: 'v1', weight: 0 },
        { version: 'v2', weight: 1 },
      ],
    });
    expect(rule.status).toBe(200);
    // B learns it from the revision it polls (every 300 ms): its routed tasks go to v2.
    await until(
      async () => {
        const res = await api(b.port, 'POST', TASKS, signal());
        return res.status === 202 && res.body.data.model.version === 'v2';
      },
      20_000,
      'replica B to route to v2',
      200,
    );
    const pinned = await api(b.port, 'POST', `${TASKS}?wait=20000`, signal('equities-technical@v1'));
    expect(pinned.body.data).toMatchObject({ status: 'succeeded', model: { version: 'v1' } });
    const revision = await query<{ revision: number }>(schema, 'SELECT revision FROM handit_registry_revision');
    expect(Number(revision[0].revision)).toBe(2);
  });

  it('stores shadow runs in PostgreSQL beside the champion task; any replica compares them', async () => {
    await api(a.port, 'DELETE', `${MODELS}/equities-technical/routing`);
    expect(
      (await api(a.port, 'POST', `${MODELS}/equities-technical/versions`, { version: 'v3', status: 'shadow' })).status,
    ).toBe(201);
    await until(
      async () => (await api(b.port, 'GET', `${MODELS}/equities-technical/versions`)).body.data.length === 3,
      20_000,
      'replica B to list v3',
      200,
    );
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api(b.port, 'POST', `${TASKS}?wait=20000`, signal(undefined, `SH${i}`));
      expect(res.body.data).toMatchObject({ status: 'succeeded', model: { version: 'v1' } });
      ids.push(res.body.data.id);
    }
    await until(
      async () => {
        const rows = await query<{ n: string }>(
          schema,
          "SELECT count(*) AS n FROM handit_shadow_runs WHERE version = 'v3'",
        );
        return Number(rows[0].n) === 5;
      },
      30_000,
      'five shadow runs',
      200,
    );
    const runs = await api(a.port, 'GET', `${TASKS}/${ids[0]}/shadow-runs`);
    expect(runs.body.data).toHaveLength(1);
    // v3 has v1's parameters: it agrees with its champion every time.
    expect(runs.body.data[0]).toMatchObject({ version: 'v3', status: 'succeeded', agreed: true });
    const cmp = await api(a.port, 'GET', `${MODELS}/equities-technical/comparison?window=1h`);
    const v3 = cmp.body.data.versions.find((v: any) => v.version === 'v3');
    expect(v3.shadow).toMatchObject({ count: 5, failed: 0, agreed: 5, agreementRate: 1 });
  });

  it('keeps a defined model across a restart of every replica', async () => {
    const created = await api(a.port, 'POST', MODELS, {
      id: 'dist-signal',
      name: 'Distributed signal',
      engine: 'equities-technical',
      taskTypes: ['trading_signal'],
      parameters: FAST_RSI,
    });
    expect(created.status).toBe(201);
    await stopReplica(a);
    await stopReplica(b);
    [a, b] = await cluster.startInTurn(env, 'all', 'all');
    const list = await api(b.port, 'GET', MODELS);
    expect(list.body.data.map((m: any) => m.id)).toContain('dist-signal');
    const task = await api(b.port, 'POST', `${TASKS}?wait=20000`, signal('dist-signal'));
    expect(task.body.data).toMatchObject({ status: 'succeeded', model: { id: 'dist-signal', version: 'v1' } });
    const versions = await api(a.port, 'GET', `${MODELS}/equities-technical/versions`);
    expect(versions.body.data.map((v: any) => [v.version, v.status])).toEqual([
      ['v1', 'active'],
      ['v2', 'active'],
      ['v3', 'shadow'],
    ]);
  });
});
