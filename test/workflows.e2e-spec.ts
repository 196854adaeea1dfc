import request from 'supertest';
import { createTestAppForSuite, TestApp } from './support/create-test-app';
import { TASKS } from './support/tasks';
import { BUY_CANDLES, HOLD_CANDLES, nodeOf, ORCH, RUNS, SELL_CANDLES, waitForRun, walk } from './support/workflows';

jest.setTimeout(60_000);

const HEADLINES = [
  'Apple beats earnings estimates and raises guidance',
  'Strong iPhone demand lifts record revenue',
  'Regulator opens probe into App Store fees',
];

async function task(t: TestApp, id: string) {
  const res = await request(t.http).get(`${TASKS}/${id}`).expect(200);
  expect(res.body.data.status).toBe('succeeded');
  return res.body.data;
}

describe('workflows: templates through the API on real market data', () => {
  let t: TestApp;

  createTestAppForSuite((app) => (t = app), { WORKFLOW_APPROVAL_NOTIONAL: '100000' });

  it('lists the three templates with input schema, example and active run counts', async () => {
    const res = await request(t.http).get(`${ORCH}/workflows`).expect(200);
    const templates = (res.body.data as any[]).filter((w) => w.kind === 'template');
    expect(templates.map((w) => w.name)).toEqual([
      'trading-analysis',
      'market-scan',
      'portfolio-rebalance',
      'desk-assistant',
    ]);
    for (const w of templates) {
      expect(w.version).toBe(1);
      expect(w.inputSchema.type).toBe('object');
      expect(w.example).toEqual(expect.any(Object));
      expect(w.activeRuns).toBe(0);
    }
  });

  it('each template example runs as documented', async () => {
    const res = await request(t.http).get(`${ORCH}/workflows`).expect(200);
    for (const w of (res.body.data as any[]).filter((x) => x.kind === 'template')) {
      const run = await request(t.http)
        .post(`${ORCH}/execute`)
        .send({ workflow: w.name, input: w.example, mode: 'sync' });
      expect({ name: w.name, status: run.status, error: run.body.error, runError: run.body.data?.error }).toEqual({
        name: w.name,
        status: 200,
        error: undefined,
        runError: null,
      });
      expect(['succeeded', 'interrupted']).toContain(run.body.data.status);
    }
  });

  it('trading-analysis: parallel technical, risk and sentiment, aggregated consistently with the Handit results', async () => {
    const candles = BUY_CANDLES;
    const accepted = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({
        workflow: 'trading-analysis',
        input: { symbol: 'AAPL', assetClass: 'equities', candles, headlines: HEADLINES },
      })
      .expect(202);
    expect(accepted.headers.location).toBe(`${RUNS}/${accepted.body.data.id}`);
    expect(accepted.body.data.status).toBe('queued');
    const run = await waitForRun(t.http, accepted.body.data.id);
    expect(run.status).toBe('succeeded');
    expect(run.workflow).toEqual({ name: 'trading-analysis', version: 1, source: 'template' });
    expect(run.nodes.map((n: any) => n.key).sort()).toEqual([
      'aggregate',
      'approval',
      'report',
      'risk',
      'sentiment',
      'technical',
      'validate',
    ]);
    for (const n of run.nodes)
      expect({ key: n.key, status: n.status, attempts: n.attempts }).toEqual({
        key: n.key,
        status: 'succeeded',
        attempts: 1,
      });

    // The aggregated signal, recomputed here from the three Handit tasks' own results.
    const technical = (await task(t, nodeOf(run, 'technical').output.taskId)).result;
    const risk = (await task(t, nodeOf(run, 'risk').output.taskId)).result;
    const sentiment = (await task(t, nodeOf(run, 'sentiment').output.taskId)).result;
    expect((await task(t, nodeOf(run, 'technical').output.taskId)).type).toBe('trading_signal');
    const combined = 0.7 * (technical.score / 4) + 0.3 * sentiment.aggregate.meanNormalized;
    const action = combined >= 0.35 ? 'buy' : combined <= -0.35 ? 'sell' : 'hold';
    const direction =
      sentiment.aggregate.meanNormalized >= 0.05
        ? 'buy'
        : sentiment.aggregate.meanNormalized <= -0.05
          ? 'sell'
          : 'hold';
    const confidence =
      (0.7 * technical.confidence + 0.3 * (direction === action ? 1 : 0)) / (1 + risk.annualizedVolatility);
    const signal = run.output.signal;
    expect(signal.action).toBe(action);
    expect(signal.combinedScore).toBeCloseTo(combined, 5);
    expect(signal.confidence).toBeCloseTo(confidence, 5);
    expect(signal.entry).toBe(technical.entry);
    expect(signal.reasons).toEqual(
      expect.arrayContaining([expect.stringContaining('sentiment'), expect.stringContaining('annualised volatility')]),
    );
    expect(technical.action).toBe('buy'); // BUY_CANDLES: the technical rules vote buy
    expect(sentiment.aggregate.meanNormalized).toBeGreaterThan(0);
    expect(signal.action).toBe('buy');
    expect(run.output.decision).toBe('no-position');
    expect(run.output.taskIds).toEqual({
      technical: nodeOf(run, 'technical').output.taskId,
      risk: nodeOf(run, 'risk').output.taskId,
      sentiment: nodeOf(run, 'sentiment').output.taskId,
    });

    // The report is in agent memory.
    const memory = await request(t.http).get(`/api/v1/memory/agents/trading-analyst/memories/${run.output.memoryId}`);
    expect(memory.status).toBe(200);
    expect(memory.body.data.content).toContain('Trading analysis AAPL');

    // Parallel branches overlapped: each started before any of the three had finished.
    const branches = ['technical', 'risk', 'sentiment'].map((k) => nodeOf(run, k));
    const firstFinish = Math.min(...branches.map((n) => Date.parse(n.finishedAt)));
    for (const n of branches) expect(Date.parse(n.startedAt)).toBeLessThanOrEqual(firstFinish);
    // …and all of them after validate and before aggregate.
    for (const n of branches) {
      expect(Date.parse(n.startedAt)).toBeGreaterThanOrEqual(Date.parse(nodeOf(run, 'validate').finishedAt));
      expect(Date.parse(n.finishedAt)).toBeLessThanOrEqual(Date.parse(nodeOf(run, 'aggregate').startedAt));
    }
  });

  it('trading-analysis without headlines skips sentiment, and its action is the technical signal’s', async () => {
    const res = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'trading-analysis', input: { symbol: 'MSFT', candles: SELL_CANDLES }, mode: 'sync' })
      .expect(200);
    const run = await waitForRun(t.http, res.body.data.id);
    expect(run.nodes.map((n: any) => n.key)).not.toContain('sentiment');
    const technical = (await task(t, nodeOf(run, 'technical').output.taskId)).result;
    expect(technical.action).toBe('sell');
    expect(run.output.signal.action).toBe(technical.action);
    expect(run.output.signal.sentimentScore).toBeNull();
    expect(run.output.signal.combinedScore).toBeCloseTo(technical.score / 4, 6);
  });

  it('approval: interrupted with the question → approve takes the report path; reject takes the rejected path; resume of a run not waiting → 409', async () => {
    const candles = walk(80, 180, 0.004);
    const last = candles[candles.length - 1].close;
    const input = { symbol: 'AAPL', assetClass: 'equities', candles, position: { side: 'buy', quantity: 1000 } };
    expect(1000 * last).toBeGreaterThan(100000);

    const first = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'trading-analysis', input, mode: 'sync' })
      .expect(200);
    expect(first.body.data.status).toBe('interrupted');
    const waiting = await waitForRun(t.http, first.body.data.id);
    expect(waiting.status).toBe('interrupted');
    expect(waiting.currentNode).toBe('approval');
    expect(waiting.interrupt).toHaveLength(1);
    expect(waiting.interrupt[0].node).toBe('approval');
    expect(waiting.interrupt[0].value).toMatchObject({
      kind: 'approval',
      options: ['approve', 'reject'],
      details: { notional: expect.closeTo(1000 * last, 6), threshold: 100000 },
    });
    expect(waiting.interrupt[0].value.question).toContain('Approve BUY 1000 AAPL');
    expect(nodeOf(waiting, 'approval').status).toBe('waiting');
    expect(waiting.nodes.map((n: any) => n.key)).not.toContain('report');
    const listed = await request(t.http).get(`${ORCH}/workflows`).expect(200);
    expect(listed.body.data.find((w: any) => w.name === 'trading-analysis').runs.interrupted).toBe(1);

    const resumed = await request(t.http)
      .post(`${RUNS}/${waiting.id}/resume`)
      .send({ approved: true, comment: 'ok by desk' })
      .expect(201);
    expect(['queued', 'running', 'succeeded']).toContain(resumed.body.data.status);
    const approved = await waitForRun(t.http, waiting.id);
    expect(approved.status).toBe('succeeded');
    expect(approved.output.decision).toBe('executed');
    expect(approved.output.approval).toMatchObject({ required: true, approved: true, comment: 'ok by desk' });
    expect(approved.nodes.map((n: any) => n.key)).toContain('report');
    expect(approved.nodes.map((n: any) => n.key)).not.toContain('rejected');
    expect(nodeOf(approved, 'approval')).toMatchObject({ status: 'succeeded', attempts: 1 });
    // Nodes before the interrupt were not executed again on resume.
    expect(nodeOf(approved, 'technical').attempts).toBe(1);

    const again = await request(t.http).post(`${RUNS}/${waiting.id}/resume`).send({ approved: true }).expect(409);
    expect(again.body.error.code).toBe('CONFLICT');

    const second = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'trading-analysis', input, mode: 'sync' })
      .expect(200);
    expect(second.body.data.status).toBe('interrupted');
    await request(t.http)
      .post(`${RUNS}/${second.body.data.id}/resume`)
      .send({ approved: false, comment: 'too large' })
      .expect(201);
    const rejected = await waitForRun(t.http, second.body.data.id);
    expect(rejected.status).toBe('succeeded');
    expect(rejected.output.decision).toBe('rejected');
    expect(rejected.nodes.map((n: any) => n.key)).toContain('rejected');
    expect(rejected.nodes.map((n: any) => n.key)).not.toContain('report');

    // A small position needs no approval.
    const small = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'trading-analysis', input: { ...input, position: { side: 'buy', quantity: 1 } }, mode: 'sync' })
      .expect(200);
    expect(small.body.data.status).toBe('succeeded');
    expect(small.body.data.output.approval).toMatchObject({ required: false, approved: true });
    expect(small.body.data.output.decision).toBe('executed');
  });

  it('market-scan: one Send per symbol, ranked by the Handit signals it combined', async () => {
    const symbols = [
      { symbol: 'UP', candles: BUY_CANDLES },
      { symbol: 'DOWN', candles: SELL_CANDLES },
      { symbol: 'FLAT', candles: HOLD_CANDLES },
    ];
    const res = await request(t.http)
      .post(`${ORCH}/execute?wait=20000`)
      .send({ workflow: 'market-scan', input: { symbols } })
      .expect(200);
    const run = await waitForRun(t.http, res.body.data.id);
    expect(run.status).toBe('succeeded');
    expect(run.nodes.map((n: any) => n.key).sort()).toEqual(['rank', 'scan[0]', 'scan[1]', 'scan[2]']);
    const signals = await Promise.all(
      symbols.map(async (s, i) => ({
        symbol: s.symbol,
        ...(await task(t, nodeOf(run, `scan[${i}]`).output.taskId)).result,
      })),
    );
    const expected = [...signals]
      .sort((a, b) => b.score - a.score || b.confidence - a.confidence || a.symbol.localeCompare(b.symbol))
      .map((s) => s.symbol);
    expect(run.output.ranked.map((r: any) => r.symbol)).toEqual(expected);
    expect(run.output.ranked[0]).toMatchObject({ rank: 1, symbol: 'UP', action: 'buy' });
    expect(run.output.ranked[2]).toMatchObject({ rank: 3, symbol: 'DOWN', action: 'sell' });
    for (const r of run.output.ranked) expect(r.score).toBe(signals.find((s) => s.symbol === r.symbol)!.score);
    expect(run.output.buys).toEqual(['UP']);
    expect(run.output.sells).toEqual(['DOWN']);
  });

  it('portfolio-rebalance: portfolio risk → inverse-volatility targets → trades → approval', async () => {
    const series = (scale: number, phase: number) =>
      Array.from({ length: 40 }, (_, i) => Math.round(scale * Math.sin(i * 1.3 + phase) * 1e6) / 1e6);
    const assets = [
      { symbol: 'HIGH', quantity: 2000, price: 100, returns: series(0.03, 0) },
      { symbol: 'LOW', quantity: 2000, price: 100, returns: series(0.01, 1) },
    ];
    const res = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'portfolio-rebalance', input: { assets }, mode: 'sync' })
      .expect(200);
    expect(res.body.data.status).toBe('interrupted');
    const waiting = await waitForRun(t.http, res.body.data.id);
    const risk = (await task(t, nodeOf(waiting, 'risk').output.taskId)).result;
    const vol = Object.fromEntries(risk.assets.map((a: any) => [a.symbol, a.annualizedVolatility]));
    const wHigh = 1 / vol.HIGH / (1 / vol.HIGH + 1 / vol.LOW);
    expect(nodeOf(waiting, 'targets').output.weights.HIGH).toBeCloseTo(wHigh, 5);
    const trades = nodeOf(waiting, 'trades').output;
    expect(trades.totalValue).toBe(400000);
    const high = trades.trades.find((x: any) => x.symbol === 'HIGH');
    expect(high.side).toBe('sell');
    expect(high.notional).toBeCloseTo(200000 - nodeOf(waiting, 'targets').output.weights.HIGH * 400000, 3);
    expect(waiting.interrupt[0].value.details.turnover).toBeCloseTo(trades.turnover, 6);
    expect(trades.turnover).toBeGreaterThan(100000);

    await request(t.http).post(`${RUNS}/${waiting.id}/resume`).send({ approved: true }).expect(201);
    const done = await waitForRun(t.http, waiting.id);
    expect(done.output).toMatchObject({ status: 'approved', method: 'inverse-volatility', totalValue: 400000 });
    expect(done.output.trades).toHaveLength(2);
  });

  it('checkpoints: the state history names completed nodes step by step', async () => {
    const res = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'trading-analysis', input: { symbol: 'CP', candles: walk(60) }, mode: 'sync' })
      .expect(200);
    const history = await request(t.http).get(`${RUNS}/${res.body.data.id}/checkpoints?limit=50`).expect(200);
    const checkpoints = history.body.data as any[];
    expect(checkpoints.length).toBeGreaterThanOrEqual(6);
    expect(checkpoints[0].next).toEqual([]);
    expect(checkpoints[0].completedNodes).toEqual(
      expect.arrayContaining(['validate', 'technical', 'risk', 'aggregate', 'approval', 'report']),
    );
    const afterValidate = checkpoints.find((c) => c.writes.includes('validate'));
    expect(afterValidate.next.sort()).toEqual(['risk', 'technical']);
    // The parallel branches land in one checkpoint (one LangGraph step).
    const afterBranches = checkpoints.find((c) => c.writes.includes('technical'));
    expect(afterBranches.writes.sort()).toEqual(['risk', 'technical']);
    expect(afterBranches.next).toEqual(['aggregate']);
    expect(afterBranches.step).toBe(afterValidate.step + 1);
  });

  it('bad input → 400 naming the field; unknown workflow or version → 404; foreign or unknown run → 404', async () => {
    const bad = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'trading-analysis', input: { symbol: 'X', candles: walk(10) } })
      .expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.fields[0].field).toBe('input.candles');
    const extra = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'trading-analysis', input: {}, bogus: 1 })
      .expect(400);
    expect(extra.body.error.details.fields.map((f: any) => f.field)).toContain('bogus');
    const name = await request(t.http).post(`${ORCH}/execute`).send({ workflow: 'Not A Name', input: {} }).expect(400);
    expect(name.body.error.details.fields[0].field).toBe('workflow');
    await request(t.http).post(`${ORCH}/execute`).send({ workflow: 'no-such-flow', input: {} }).expect(404);
    await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'trading-analysis', version: 2, input: {} })
      .expect(404);
    await request(t.http).get(`${RUNS}/01JD3Z8X6Q4W3N5R7T9V1B2C3D`).expect(404);
    await request(t.http).post(`${RUNS}/01JD3Z8X6Q4W3N5R7T9V1B2C3D/resume`).send({ approved: true }).expect(404);
    const badDecision = await request(t.http)
      .post(`${RUNS}/01JD3Z8X6Q4W3N5R7T9V1B2C3D/resume`)
      .send({ approved: 'yes' })
      .expect(400);
    expect(badDecision.body.error.details.fields[0].field).toBe('approved');
  });
});
