import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { sp500Candles } from './support/sp500';
import { ORCH, RUNS, waitForRun } from './support/workflows';

jest.setTimeout(120_000);

const KEYS = { a: 'replay-a-admin-key-1f2e', b: 'replay-b-admin-key-7c6d' };
const as = (key: string) => ({ 'X-API-Key': key });
const HEADLINES = ['Stocks rally as earnings beat estimates', 'Fed signals patience on rates'];

describe('workflows: replay of finished runs, diffed node by node', () => {
  let t: TestApp;
  let original: any;

  beforeAll(async () => {
    t = await createTestApp({
      API_KEYS: `a:admin:desk-a:${KEYS.a},b:admin:desk-b:${KEYS.b}`,
      HANDIT_WORKER_THREADS: '1',
      RATE_LIMIT_MAX: '0',
    });
    const res = await request(t.http)
      .post(`${ORCH}/execute`)
      .set(as(KEYS.a))
      .send({
        workflow: 'trading-analysis',
        input: { symbol: 'SPX', assetClass: 'indices', candles: sp500Candles(250), headlines: HEADLINES },
      })
      .expect(202);
    original = await waitForRun(t.http, res.body.data.id, 60_000, undefined, as(KEYS.a));
    expect(original.status).toBe('succeeded');
  }, 120_000);
  afterAll(async () => t?.close());

  async function replay(body: object) {
    const res = await request(t.http).post(`${RUNS}/${original.id}/replay`).set(as(KEYS.a)).send(body).expect(202);
    expect(res.body.data).toMatchObject({ status: 'queued', replayOf: original.id });
    expect(res.headers.location).toBe(`${RUNS}/${res.body.data.id}`);
    const run = await waitForRun(t.http, res.body.data.id, 60_000, undefined, as(KEYS.a));
    const diff = await request(t.http).get(`${RUNS}/${original.id}/replays/${run.id}/diff`).set(as(KEYS.a)).expect(200);
    return { run, diff: diff.body.data };
  }

  it('replays trading-analysis on real S&P 500 data identically, node by node, recomputing every task', async () => {
    const { run, diff } = await replay({});
    expect(run.status).toBe('succeeded');
    expect(run.workflow).toEqual(original.workflow);
    expect(diff.identical).toBe(true);
    expect(diff.input.verdict).toBe('equal');
    expect(diff.output.verdict).toBe('equal');
    const keys = original.nodes.map((n: any) => n.key).sort();
    expect(diff.nodes.map((n: any) => n.node).sort()).toEqual(keys);
    expect(keys).toEqual(expect.arrayContaining(['technical', 'risk', 'sentiment', 'aggregate']));
    for (const node of diff.nodes) expect(node).toMatchObject({ verdict: 'equal', comparison: { differences: [] } });
    // Recomputed on its own tasks, not answered from the cache.
    const replayed = (await request(t.http).get(`${RUNS}/${run.id}`).set(as(KEYS.a))).body.data;
    const technical = replayed.nodes.find((n: any) => n.key === 'technical');
    const before = original.nodes.find((n: any) => n.key === 'technical');
    expect(technical.output.cacheHit).toBe(false);
    expect(technical.taskIds[0]).not.toBe(before.taskIds[0]);
    expect(technical.output.model).toEqual(before.output.model);
  });

  it('shows a changed input in the diff, with the paths of what it changed', async () => {
    // The same window ending 40 trading days earlier.
    const input = { symbol: 'SPX', assetClass: 'indices', candles: sp500Candles(250, 40), headlines: HEADLINES };
    const { diff } = await replay({ input });
    expect(diff.identical).toBe(false);
    expect(diff.input.verdict).toBe('different');
    expect(diff.input.differences[0].path).toMatch(/^candles\[\d+\]\./);
    const technical = diff.nodes.find((n: any) => n.node === 'technical');
    expect(technical.verdict).toBe('different');
    const paths = technical.comparison.differences.map((d: any) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['output.result.entry']));
    const entry = technical.comparison.differences.find((d: any) => d.path === 'output.result.entry');
    expect(entry.original).toBe(original.nodes.find((n: any) => n.key === 'technical').output.result.entry);
    // Headlines unchanged: sentiment is the same.
    expect(diff.nodes.find((n: any) => n.node === 'sentiment').verdict).toBe('equal');
  });

  it('lists a run’s replays newest first, and keeps them to the tenant', async () => {
    const list = await request(t.http).get(`${RUNS}/${original.id}/replays`).set(as(KEYS.a)).expect(200);
    expect(list.body.data.items.length).toBe(2);
    for (const item of list.body.data.items) expect(item.replayOf).toBe(original.id);
    const times = list.body.data.items.map((item: any) => Date.parse(item.createdAt));
    expect(times[0]).toBeGreaterThanOrEqual(times[1]);
    const [newest] = list.body.data.items;
    await request(t.http).get(`${RUNS}/${original.id}/replays`).set(as(KEYS.b)).expect(404);
    await request(t.http).post(`${RUNS}/${original.id}/replay`).set(as(KEYS.b)).send({}).expect(404);
    await request(t.http).get(`${RUNS}/${original.id}/replays/${newest.id}/diff`).set(as(KEYS.b)).expect(404);
    // A run that is not a replay of this one is not its replay.
    await request(t.http).get(`${RUNS}/${original.id}/replays/${original.id}/diff`).set(as(KEYS.a)).expect(404);
  });

  it('refuses to replay a run that has not finished (409), a bad input (400 naming the field) and a bad tolerance', async () => {
    const waiting = await request(t.http)
      .post(`${ORCH}/execute`)
      .set(as(KEYS.a))
      .send({
        workflow: 'trading-analysis',
        input: { symbol: 'SPX', candles: sp500Candles(120), position: { side: 'buy', quantity: 1000 } },
      })
      .expect(202);
    const run = await waitForRun(t.http, waiting.body.data.id, 60_000, undefined, as(KEYS.a));
    expect(run.status).toBe('interrupted');
    const conflict = await request(t.http).post(`${RUNS}/${run.id}/replay`).set(as(KEYS.a)).send({}).expect(409);
    expect(conflict.body.error.code).toBe('CONFLICT');
    const bad = await request(t.http)
      .post(`${RUNS}/${original.id}/replay`)
      .set(as(KEYS.a))
      .send({ input: { symbol: 'SPX' } })
      .expect(400);
    expect(JSON.stringify(bad.body.error.details.fields)).toMatch(/candles/);
    const list = await request(t.http).get(`${RUNS}/${original.id}/replays`).set(as(KEYS.a)).expect(200);
    const tolerance = await request(t.http)
      .get(`${RUNS}/${original.id}/replays/${list.body.data.items[0].id}/diff?tolerance=2`)
      .set(as(KEYS.a))
      .expect(400);
    expect(tolerance.body.error.details.fields[0].field).toBe('tolerance');
  });
});
