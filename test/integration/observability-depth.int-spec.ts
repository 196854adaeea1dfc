import { readFileSync } from 'node:fs';
import request from 'supertest';
import { newId } from '@app/infrastructure';
import { createTestApp, TestApp } from '../support/create-test-app';
import { sqlAdmin, TEST_DATABASE_URL as BASE_URL, urlWithSearchPath } from '../support/pg-schema';

// Issue 18 on PostgreSQL: prompts (versions, labels, compile), datasets and experiments (JSON and
// CSV imports, a signal experiment scored, comparison) and the generation cost summary, through
// the API on a schema of their own.

const schema = `obs18_${newId().toLowerCase()}`;
const KEY = 'pg-obs18-operator-key-0123456789';
const auth = { 'X-API-Key': KEY };

const BARS = readFileSync('examples/data/sp500-2000.csv', 'utf8')
  .trim()
  .split('\n')
  .slice(1, 400)
  .map((line) => {
    const [time, open, high, low, close, , volume] = line.split(',');
    return { time, open: +open, high: +high, low: +low, close: +close, volume: +volume };
  });

describe('prompts, evaluations and generation cost on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    await sqlAdmin(`CREATE SCHEMA "${schema}"`);
    t = await createTestApp({
      DATABASE_URL: urlWithSearchPath(BASE_URL, schema),
      API_KEYS: `ops:operator:acme:${KEY}`,
      HANDIT_WORKER_THREADS: '0',
      TRACE_STORE_FLUSH_INTERVAL_MS: '50',
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sqlAdmin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
  const post = (path: string) => request(t.http).post(path).set(auth);
  const get = (path: string) => request(t.http).get(path).set(auth);

  it('keeps prompt versions and labels, and compiles', async () => {
    await post('/api/v1/prompts')
      .send({ name: 'p', type: 'text', prompt: 'v1 {{x}}', labels: ['production'] })
      .expect(201);
    await post('/api/v1/prompts').send({ name: 'p', type: 'text', prompt: 'v2 {{x}}' }).expect(201);
    expect((await get('/api/v1/prompts/p').expect(200)).body.data).toMatchObject({ version: 1, prompt: 'v1 {{x}}' });
    await request(t.http)
      .put('/api/v1/prompts/p/versions/2/labels')
      .set(auth)
      .send({ labels: ['production'] })
      .expect(200);
    const compiled = await post('/api/v1/prompts/p/compile')
      .send({ variables: { x: 'y' } })
      .expect(200);
    expect(compiled.body.data).toMatchObject({ version: 2, compiled: 'v2 y' });
    expect((await get('/api/v1/prompts').expect(200)).body.data.items[0].labels).toEqual({ latest: 2, production: 2 });
  });

  it('imports datasets as versions and runs, scores and compares experiments', async () => {
    const id = (await post('/api/v1/evaluations/datasets').send({ name: 'spx' }).expect(201)).body.data.id;
    const items = [100, 150, 200, 250, 300].map((end) => ({
      input: { symbol: 'SPX', assetClass: 'indices', candles: BARS.slice(end - 59, end + 1) },
      expectedOutput: { forwardCloses: BARS.slice(end + 1, end + 6).map((b) => b.close) },
    }));
    await post(`/api/v1/evaluations/datasets/${id}/items`).send({ format: 'json', items }).expect(201);
    const csv = await post(`/api/v1/evaluations/datasets/${id}/items`)
      .send({ format: 'csv', csv: 'note\nhello\n', mode: 'replace' })
      .expect(201);
    expect(csv.body.data).toMatchObject({ version: 2, total: 1 });
    const run = async (name: string, parameters?: object) => {
      let e = (
        await post('/api/v1/evaluations/experiments')
          .send({
            name,
            datasetId: id,
            datasetVersion: 1,
            target: {
              kind: 'task',
              taskType: 'trading_signal',
              model: 'indices-technical',
              modelVersion: name,
              parameters,
            },
            evaluators: [{ type: 'signal_outcome', horizon: 5 }],
          })
          .expect(202)
      ).body.data;
      for (let i = 0; i < 30 && e.status === 'running'; i++)
        e = (await get(`/api/v1/evaluations/experiments/${e.id}?wait=2000`)).body.data;
      return e;
    };
    const [a, b] = [await run('v1'), await run('v2', { options: { rsiPeriod: 7 } })];
    expect(a).toMatchObject({ status: 'succeeded', summary: { succeeded: 5, signals: { signals: 5 } } });
    const items1 = (await get(`/api/v1/evaluations/experiments/${a.id}/items`).expect(200)).body.data;
    items1.forEach((item: any, i: number) => {
      const end = [100, 150, 200, 250, 300][i];
      expect(item.scores.signal_forward_return).toBeCloseTo(BARS[end + 5].close / BARS[end].close - 1, 12);
    });
    const compared = (await get(`/api/v1/evaluations/experiments/${a.id}/compare/${b.id}`).expect(200)).body.data;
    expect(compared.items).toHaveLength(5);
  });

  it('stores generation cost and sums it by model and workflow', async () => {
    const summary = (await get('/api/v1/observability/metrics/summary?window=1h').expect(200)).body.data.cost;
    // The experiments above made 10 trading_signal calls of 60 candles on indices-technical.
    const model = summary.byModel.find((g: { key: string }) => g.key === 'indices-technical');
    expect(model).toMatchObject({ generations: 10, units: 600 });
    expect(model.costUsd).toBeCloseTo(600 * 0.000002, 12);
  });
});
