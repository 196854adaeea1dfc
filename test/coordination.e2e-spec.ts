import {
  AGENTS,
  AgentsHarness,
  bootAgents,
  breakModel,
  builtinAgents,
  registerExternal,
  RUNS,
  waitFor,
} from './support/agents';
import { spyCandles } from './support/agents-market-data';

/** Claims the next message of an external agent, waiting for it to arrive. */
async function nextMessage(h: AgentsHarness, agentId: string): Promise<any> {
  const [message] = await waitFor(
    async () => (await h.api('get', `${AGENTS}/${agentId}/messages?wait=1000`).expect(200)).body.data,
    (ms: any[]) => ms.length > 0,
    10_000,
    `a message for ${agentId}`,
  );
  return message;
}

describe('coordination runs with built-in agents on real market data (SPY, 2025)', () => {
  let h: AgentsHarness;
  let builtin: Record<string, any>;

  beforeAll(async () => {
    h = await bootAgents();
    builtin = await builtinAgents(h);
  }, 30_000);
  afterAll(async () => {
    await h.close();
  });

  it('sequential: each step gets the previous output; built-in signal → built-in risk → external executor', async () => {
    const executor = await registerExternal(h, 'executor', ['execution']);
    const input = { candles: spyCandles(90) };
    const created = await h
      .api('post', RUNS)
      .send({
        strategy: 'sequential',
        agents: [builtin['equities-technical'].id, builtin['market-risk-engine'].id, executor.id],
        tasks: ['trading_signal', 'risk_assessment', 'execution'],
        input,
        timeoutMs: 20_000,
      })
      .expect(202);
    expect(created.headers.location).toBe(`${RUNS}/${created.body.data.id}`);

    // The executor sees the risk engine's output as `previous`, with the original input.
    const message = await nextMessage(h, executor.id);
    expect(message.type).toBe('execution');
    expect(message.payload.candles).toHaveLength(90);
    expect(message.payload.previous).toMatchObject({
      agentId: builtin['market-risk-engine'].id,
      task: 'risk_assessment',
    });
    const risk = message.payload.previous.output;
    expect(risk.periods).toBe(89);
    expect(risk.maxDrawdown).toBeGreaterThan(0);
    await h
      .api('post', `${AGENTS}/${executor.id}/messages/${message.id}/ack`)
      .send({ leaseId: message.leaseId, output: { placed: true, var95: risk.var[0].historicalVaR } })
      .expect(200);

    const run = await waitFor(
      async () => (await h.api('get', `${RUNS}/${created.body.data.id}`).expect(200)).body.data,
      (r: any) => r.status !== 'running',
      20_000,
      'sequential run',
    );
    expect(run.status).toBe('succeeded');
    expect(run.steps.map((s: any) => [s.agentName, s.task, s.status])).toEqual([
      ['equities-technical', 'trading_signal', 'succeeded'],
      ['market-risk-engine', 'risk_assessment', 'succeeded'],
      ['executor', 'execution', 'succeeded'],
    ]);
    expect(['buy', 'sell', 'hold']).toContain(run.steps[0].output.action);
    expect(run.steps[0].output.entry).toBe(637.1);
    expect(run.steps[1].output).toEqual(risk);
    expect(run.result).toEqual({ completedSteps: 3, output: { placed: true, var95: risk.var[0].historicalVaR } });
  });

  it('sequential stops at the first failing step and skips the rest', async () => {
    const restore = breakModel(h.t, 'indices-technical');
    try {
      const res = await h
        .api('post', `${RUNS}?wait=15000`)
        .send({
          strategy: 'sequential',
          agents: [builtin['indices-technical'].id, builtin['equities-technical'].id],
          task: 'trading_signal',
          input: { candles: spyCandles(70) },
        })
        .expect(200);
      expect(res.body.data.status).toBe('failed');
      expect(res.body.data.steps.map((s: any) => s.status)).toEqual(['failed', 'skipped']);
      expect(res.body.data.steps[0].error.code).toBe('EXECUTION_ERROR');
      expect(res.body.data.error.message).toMatch(/indices-technical/);
    } finally {
      restore();
    }
  });

  it('parallel: every agent runs on the same data; one failing agent is reported, the run is partial', async () => {
    const restore = breakModel(h.t, 'crypto-technical');
    const names = ['forex-technical', 'crypto-technical', 'equities-technical', 'commodities-technical'];
    try {
      const res = await h
        .api('post', `${RUNS}?wait=15000`)
        .send({
          strategy: 'parallel',
          agents: names.map((n) => builtin[n].id),
          task: 'trading_signal',
          input: { candles: spyCandles(100) },
        })
        .expect(200);
      const run = res.body.data;
      expect(run.status).toBe('partial');
      expect(run.result).toEqual({ succeeded: 3, failed: 1 });
      const byName = Object.fromEntries(run.steps.map((s: any) => [s.agentName, s]));
      expect(byName['crypto-technical']).toMatchObject({ status: 'failed', error: { code: 'EXECUTION_ERROR' } });
      for (const name of ['forex-technical', 'equities-technical', 'commodities-technical']) {
        expect(byName[name].status).toBe('succeeded');
        expect(byName[name].output.entry).toBe(637.1);
        expect(['buy', 'sell', 'hold']).toContain(byName[name].output.action);
      }
      // The failed delivery is a dead letter of the run's tenant, replayable later.
      const dead = (await h.api('get', `${AGENTS}/dead-letters?agentId=${builtin['crypto-technical'].id}`).expect(200))
        .body.data.items;
      expect(dead.map((d: any) => d.id)).toContain(byName['crypto-technical'].messageId);
    } finally {
      restore();
    }
  });

  it('consensus: every healthy trading_signal agent votes, weighted by health; a failing agent and a contrarian are reported', async () => {
    const candles = spyCandles(110);
    // What the built-ins will say, so the contrarian can disagree.
    const reference = await h
      .api('post', `${AGENTS}/messages?wait=15000`)
      .send({ to: builtin['etf-specialist'].id, type: 'trading_signal', payload: { candles } })
      .expect(200);
    const majority = (await h.api('get', `${AGENTS}/messages/${reference.body.data.messages[0].id}`).expect(200)).body
      .data.reply.action;
    const contrarian = await registerExternal(h, 'contrarian', ['trading_signal']);
    const restore = breakModel(h.t, 'futures-specialist');
    try {
      const created = await h
        .api('post', RUNS)
        .send({ strategy: 'consensus', capability: 'trading_signal', input: { candles }, timeoutMs: 20_000 })
        .expect(202);
      expect(created.body.data.task).toBe('trading_signal');
      const ballot = await nextMessage(h, contrarian.id);
      expect(ballot.payload.candles).toHaveLength(110);
      const dissent = majority === 'sell' ? 'buy' : 'sell';
      await h
        .api('post', `${AGENTS}/${contrarian.id}/messages/${ballot.id}/ack`)
        .send({ leaseId: ballot.leaseId, output: { action: dissent, confidence: 0.9 } })
        .expect(200);
      const run = await waitFor(
        async () => (await h.api('get', `${RUNS}/${created.body.data.id}`).expect(200)).body.data,
        (r: any) => r.status !== 'running',
        20_000,
        'consensus run',
      );

      const technical = Object.values(builtin)
        .filter((a: any) => a.capabilities.includes('trading_signal'))
        .map((a: any) => a.name);
      expect(run.steps.map((s: any) => s.agentName).sort()).toEqual([...technical, 'contrarian'].sort());
      expect(run.status).toBe('partial');
      const failed = run.steps.filter((s: any) => s.status !== 'succeeded');
      expect(failed.map((s: any) => s.agentName)).toEqual(['futures-specialist']);
      expect(run.result.failed).toEqual([
        expect.objectContaining({ agentName: 'futures-specialist', status: 'failed' }),
      ]);

      // The vote, recomputed from the steps: weight = health score at the start / 100.
      const voters = run.steps.filter((s: any) => s.status === 'succeeded');
      const weights: Record<string, number> = { buy: 0, sell: 0, hold: 0 };
      for (const s of voters) weights[s.output.action] += s.healthAtStart / 100;
      const total = weights.buy + weights.sell + weights.hold;
      const top = Math.max(weights.buy, weights.sell, weights.hold);
      const leaders = Object.keys(weights).filter((a) => Math.abs(weights[a] - top) < 1e-9);
      const action = leaders.length > 1 ? 'hold' : leaders[0];
      expect(run.result.action).toBe(action);
      expect(run.result.action).toBe(majority);
      expect(run.result.agreement).toBeCloseTo(weights[action] / total, 3);
      expect(run.result.agreement).toBeLessThan(1);
      expect(run.result.dissenters.map((d: any) => d.agentName).sort()).toEqual(
        voters
          .filter((s: any) => s.output.action !== action)
          .map((s: any) => s.agentName)
          .sort(),
      );
      expect(run.result.dissenters.map((d: any) => d.agentName)).toContain('contrarian');
      expect(run.result.voters).toHaveLength(voters.length);
    } finally {
      restore();
    }
  });

  it('a run whose agent never answers times out at its deadline, per agent, and withdraws the message', async () => {
    const silent = await registerExternal(h, 'silent-voter', ['trading_signal']);
    const res = await h
      .api('post', `${RUNS}?wait=10000`)
      .send({
        strategy: 'parallel',
        agents: [builtin['equities-technical'].id, silent.id],
        task: 'trading_signal',
        input: { candles: spyCandles(60) },
        timeoutMs: 700,
      })
      .expect(200);
    const run = res.body.data;
    expect(run.status).toBe('partial');
    const step = run.steps.find((s: any) => s.agentName === 'silent-voter');
    expect(step).toMatchObject({ status: 'timed_out', error: { code: 'TIMEOUT' } });
    const message = (await h.api('get', `${AGENTS}/messages/${step.messageId}`).expect(200)).body.data;
    expect(message).toMatchObject({ status: 'dead', deadReason: 'cancelled' });
  });

  it('lists runs newest first with filters; another tenant gets 404', async () => {
    const list = (await h.api('get', `${RUNS}?strategy=consensus`).expect(200)).body.data;
    expect(list.items.length).toBe(1);
    expect(list.items[0].steps[0].output).toBeUndefined();
    const partial = (await h.api('get', `${RUNS}?status=partial&limit=50`).expect(200)).body.data.items;
    expect(partial.length).toBeGreaterThanOrEqual(3);
    await h.api('get', `${RUNS}/${list.items[0].id}`, 'other').expect(404);
    expect((await h.api('get', RUNS, 'other').expect(200)).body.data.items).toEqual([]);
  });

  it('refuses bad runs with 4xx naming the field', async () => {
    const fx = builtin['forex-technical'].id;
    const bad = async (body: Record<string, unknown>, status: number, code: string, field?: string) => {
      const res = await h
        .api('post', RUNS)
        .send({ input: { candles: spyCandles(40) }, ...body })
        .expect(status);
      expect(res.body.error.code).toBe(code);
      if (field) expect(JSON.stringify(res.body.error)).toContain(field);
    };
    await bad({ strategy: 'consensus', task: 'risk_assessment', agents: [fx] }, 400, 'VALIDATION_FAILED', 'task');
    await bad({ strategy: 'parallel', agents: [fx] }, 400, 'VALIDATION_FAILED', 'task');
    await bad({ strategy: 'vote', task: 'trading_signal', agents: [fx] }, 400, 'VALIDATION_FAILED', 'strategy');
    await bad(
      { strategy: 'parallel', task: 'trading_signal', agents: [fx], capability: 'trading_signal' },
      400,
      'VALIDATION_FAILED',
      'agents',
    );
    await bad(
      { strategy: 'parallel', task: 'trading_signal', agents: [fx, '01JD3Z8X6Q4W3N5R7T9V1B2C3D'] },
      404,
      'NOT_FOUND',
      'agents[1]',
    );
    await bad(
      { strategy: 'parallel', task: 'trading_signal', agents: [fx, builtin['options-pricer'].id] },
      400,
      'VALIDATION_FAILED',
      'agents[1]',
    );
    await bad({ strategy: 'parallel', task: 'no_such_skill' }, 400, 'VALIDATION_FAILED', 'capability');
    await bad(
      { strategy: 'parallel', task: 'trading_signal', agents: [fx], timeoutMs: 99_999_999 },
      400,
      'VALIDATION_FAILED',
      'timeoutMs',
    );
    await bad(
      { strategy: 'sequential', task: 'trading_signal', agents: [fx], tasks: ['trading_signal', 'risk_assessment'] },
      400,
      'VALIDATION_FAILED',
      'tasks',
    );
    await bad(
      { strategy: 'parallel', task: 'trading_signal', agents: [fx], surprise: 1 },
      400,
      'VALIDATION_FAILED',
      'surprise',
    );
    await h.api('get', `${RUNS}/01JD3Z8X6Q4W3N5R7T9V1B2C3D`).expect(404);
  });
});
