import request from 'supertest';
import { quant } from '@app/handit';
import { createTestApp, type TestApp } from './support/create-test-app';
import { addVersion, FAST_RSI, MODELS, seededCandles } from './support/models';
import { TASKS, waitUntil } from './support/tasks';

// Must-show 2: a shadow version runs on every champion task, never changing its result; the
// comparison's figures are recomputed here from the engine itself.
describe('models: shadow versions (champion/challenger) and the comparison', () => {
  let t: TestApp;
  const N = 24;
  const inputs = Array.from({ length: N }, (_, i) => ({ symbol: `SH${i}`, candles: seededCandles(i) }));
  const tasks: any[] = [];

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_MAX: '0' });
    await addVersion(t.http, 'equities-technical', { version: 'v2', parameters: FAST_RSI, status: 'shadow' });
    for (const input of inputs) {
      const res = await request(t.http)
        .post(`${TASKS}?wait=10000`)
        .send({ type: 'trading_signal', input, options: { cache: false } })
        .expect(200);
      tasks.push(res.body.data);
    }
    // Shadow runs start after each champion has answered; wait until every one is stored.
    await waitUntil(
      async () => {
        const runs = await Promise.all(tasks.map((task) => request(t.http).get(`${TASKS}/${task.id}/shadow-runs`)));
        return runs.every((r) => r.body.data?.length === 1);
      },
      30_000,
      'shadow runs',
    );
  }, 90_000);
  afterAll(async () => {
    await t.close();
  });

  const engine = (input: (typeof inputs)[number], options?: Record<string, number>) =>
    quant.tradingSignal({ ...input, assetClass: 'equities', ...(options ? { options } : {}) });

  it('answers every task from the champion, exactly as the champion computes alone', () => {
    tasks.forEach((task, i) => {
      expect(task.model).toEqual({ id: 'equities-technical', version: 'v1' });
      expect(task.result).toEqual(engine(inputs[i]));
    });
  });

  it('stores the shadow’s own result beside each task, with whether it agrees', async () => {
    for (const [i, task] of tasks.entries()) {
      const [run] = (await request(t.http).get(`${TASKS}/${task.id}/shadow-runs`).expect(200)).body.data;
      const shadow = engine(inputs[i], FAST_RSI.trading_signal);
      expect(run).toMatchObject({ taskId: task.id, championVersion: 'v1', version: 'v2', status: 'succeeded' });
      expect(run.result).toEqual(shadow);
      expect(run.agreed).toBe(shadow.action === task.result.action);
      // The task itself is unchanged by its shadow.
      expect((await request(t.http).get(`${TASKS}/${task.id}`).expect(200)).body.data.result).toEqual(
        engine(inputs[i]),
      );
    }
  });

  it('compares the versions: agreement rate, error rates and counts match a recount from the engine', async () => {
    const agreed = inputs.filter(
      (input) => engine(input).action === engine(input, FAST_RSI.trading_signal).action,
    ).length;
    // The inputs were chosen so that the two versions disagree on some and agree on others.
    expect(agreed).toBeGreaterThan(0);
    expect(agreed).toBeLessThan(N);
    const cmp = (await request(t.http).get(`${MODELS}/equities-technical/comparison?window=1h`).expect(200)).body.data;
    const v1 = cmp.versions.find((v: any) => v.version === 'v1');
    const v2 = cmp.versions.find((v: any) => v.version === 'v2');
    expect(v1).toMatchObject({
      status: 'active',
      champion: true,
      tasks: { count: N, succeeded: N, failed: 0, errorRate: 0 },
    });
    expect(v1.tasks.latencyMs.p50).toBeGreaterThanOrEqual(0);
    expect(v2).toMatchObject({
      status: 'shadow',
      champion: false,
      tasks: { count: 0, errorRate: null },
      shadow: { count: N, failed: 0, errorRate: 0, agreed, agreementRate: agreed / N },
    });
    expect(v2.shadow.latencyMs.p50).toBeGreaterThanOrEqual(0);
    await request(t.http).get(`${MODELS}/equities-technical/comparison?window=soon`).expect(400);
  });

  it('counts shadow runs per model and version on /metrics', async () => {
    const text = (await request(t.http).get('/metrics').expect(200)).text;
    const agreed = inputs.filter(
      (input) => engine(input).action === engine(input, FAST_RSI.trading_signal).action,
    ).length;
    expect(text).toContain(
      `handit_shadow_runs_total{model="equities-technical",version="v2",outcome="agreed"} ${agreed}`,
    );
    expect(text).toMatch(
      /handit_model_version_tasks_total\{model="equities-technical",version="v1",status="succeeded"\} 24/,
    );
  });
});
