import { Clock, ManualClock } from '@app/infrastructure';
import {
  ackMessage,
  AGENTS,
  AgentsHarness,
  bootAgents,
  breakModel,
  builtinAgents,
  claimMessages,
  getAgent,
  registerExternal,
  waitFor,
} from './support/agents';
import { spyCandles } from './support/agents-market-data';

// Long enough that the steps a test takes while a breaker is open (a dozen requests) finish before
// its probe is due even on a loaded machine: at 600 ms the probe sometimes came first (one more
// failure, one more open/half-open pair than the test describes).
const HALF_OPEN_MS = 3000;

describe('agent health: scores, circuit breakers, routing, recovery', () => {
  let h: AgentsHarness;
  let builtin: Record<string, any>;

  beforeAll(async () => {
    h = await bootAgents({
      AGENTS_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS),
      AGENTS_SWEEP_INTERVAL_MS: '100',
      AGENTS_BREAKER_FAILURES: '3',
      AGENTS_HEALTH_THRESHOLD: '50',
    });
    builtin = await builtinAgents(h);
  }, 30_000);
  afterAll(async () => {
    await h.close();
  });

  /** Sends trading_signal to one agent with fresh data (no result cache) and waits for the outcome. */
  async function signal(agentId: string, n: number) {
    const res = await h
      .api('post', `${AGENTS}/messages?wait=15000`)
      .send({ to: agentId, type: 'trading_signal', payload: { candles: spyCandles(n) }, maxDeliveries: 1 });
    expect(res.status).toBe(200);
    return res.body.data.messages[0];
  }

  it('a failing built-in agent drops below the threshold, its breaker opens, routing avoids it; a queued message is its half-open probe and it recovers', async () => {
    const crypto = builtin['crypto-technical'];
    const others = Object.values(builtin).filter(
      (a: any) => a.capabilities.includes('trading_signal') && a.name !== 'crypto-technical',
    );
    const restore = breakModel(h.t, 'crypto-technical');
    const scores: number[] = [];
    for (let i = 0; i < 3; i++) {
      const message = await signal(crypto.id, 50 + i);
      expect(message).toMatchObject({ status: 'dead', error: { code: 'EXECUTION_ERROR' } });
      scores.push((await getAgent(h, crypto.id)).health.score);
    }
    expect(scores[0]).toBeGreaterThan(50);
    expect(scores[1]).toBeGreaterThan(50);
    expect(scores[2]).toBeLessThan(50);
    const sick = await getAgent(h, crypto.id);
    expect(sick).toMatchObject({
      status: 'unhealthy',
      health: { routable: false, consecutiveFailures: 3, breaker: { state: 'open' } },
    });
    expect(sick.statusReason).toMatch(/circuit/);

    // Routing: with every other trading_signal agent paused, nothing is routable; with one back, it wins.
    for (const a of others) await h.api('post', `${AGENTS}/${a.id}/pause`, 'system').expect(200);
    const none = await h
      .api('post', `${AGENTS}/messages`)
      .send({ to: { capability: 'trading_signal' }, type: 'trading_signal', payload: { candles: spyCandles(40) } })
      .expect(503);
    expect(none.body.error.code).toBe('PROVIDER_UNAVAILABLE');
    const candidates = Object.fromEntries(none.body.error.details.agents.map((a: any) => [a.name, a]));
    expect(candidates['crypto-technical']).toMatchObject({ status: 'unhealthy', breaker: 'open' });
    expect(
      Object.values(candidates)
        .filter((a: any) => a.name !== 'crypto-technical')
        .every((a: any) => a.status === 'paused'),
    ).toBe(true);
    await h.api('post', `${AGENTS}/${builtin['equities-technical'].id}/resume`, 'system').expect(200);
    for (let i = 0; i < 3; i++) {
      const routed = await h
        .api('post', `${AGENTS}/messages`)
        .send({
          to: { capability: 'trading_signal' },
          type: 'trading_signal',
          payload: { candles: spyCandles(41 + i) },
        })
        .expect(202);
      expect(routed.body.data.messages[0].agentId).toBe(builtin['equities-technical'].id);
    }

    // While open, a direct message waits in the mailbox instead of hitting the broken model.
    const queued = (
      await h
        .api('post', `${AGENTS}/messages`)
        .send({ to: crypto.id, type: 'trading_signal', payload: { candles: spyCandles(77) } })
        .expect(202)
    ).body.data.messages[0];
    await new Promise((r) => setTimeout(r, 150));
    expect((await h.api('get', `${AGENTS}/messages/${queued.id}`).expect(200)).body.data.status).toBe('queued');

    restore();
    const acked = await waitFor(
      async () => (await h.api('get', `${AGENTS}/messages/${queued.id}`).expect(200)).body.data,
      (m: any) => m.status === 'acked',
      10_000,
      'the probe delivery',
    );
    expect(['buy', 'sell', 'hold']).toContain(acked.reply.action);
    const healed = await getAgent(h, crypto.id);
    expect(healed).toMatchObject({
      status: 'idle',
      health: { routable: true, consecutiveFailures: 0, breaker: { state: 'closed' } },
    });
    expect(healed.health.score).toBeGreaterThanOrEqual(50);

    const metrics = (await h.api('get', `${AGENTS}/${crypto.id}/metrics`).expect(200)).body.data;
    expect(metrics).toMatchObject({ handled: 4, failures: 3 });
    expect(metrics.breakerTransitions.map((t: any) => t.state)).toEqual(['open', 'half-open', 'closed']);
    expect(metrics.scoreHistory.map((s: any) => s.score)).toEqual([...scores, healed.health.score]);
    expect(metrics.latencyMs.p95).toBeGreaterThanOrEqual(metrics.latencyMs.p50);

    // Back in routing: with equities paused too, capability routing now reaches crypto.
    await h.api('post', `${AGENTS}/${builtin['equities-technical'].id}/pause`, 'system').expect(200);
    const back = await h
      .api('post', `${AGENTS}/messages`)
      .send({ to: { capability: 'trading_signal' }, type: 'trading_signal', payload: { candles: spyCandles(78) } })
      .expect(202);
    expect(back.body.data.messages[0].agentId).toBe(crypto.id);
    for (const a of others) await h.api('post', `${AGENTS}/${a.id}/resume`, 'system').expect(200);
  }, 60_000);

  it('an idle built-in agent out of routing recovers through a synthetic half-open probe, without client traffic', async () => {
    const etf = builtin['etf-specialist'];
    const restore = breakModel(h.t, 'etf-specialist');
    for (let i = 0; i < 3; i++) await signal(etf.id, 60 + i);
    expect((await getAgent(h, etf.id)).health.breaker.state).toBe('open');
    // Still broken when the probe comes: the probe fails and the circuit opens again.
    await waitFor(
      async () => (await h.api('get', `${AGENTS}/${etf.id}/metrics`).expect(200)).body.data.breakerTransitions.length,
      (n: number) => n >= 3,
      10_000,
      'a failed probe',
    );
    expect((await getAgent(h, etf.id)).health.breaker.state).not.toBe('closed');
    restore();
    const healed = await waitFor(
      () => getAgent(h, etf.id),
      (a: any) => a.health.breaker.state === 'closed',
      10_000,
      'recovery by synthetic probe',
    );
    expect(healed.status).toBe('idle');
    const transitions = (
      await h.api('get', `${AGENTS}/${etf.id}/metrics`).expect(200)
    ).body.data.breakerTransitions.map((t: any) => t.state);
    expect(transitions.slice(0, 3)).toEqual(['open', 'half-open', 'open']);
    expect(transitions.slice(-2)).toEqual(['half-open', 'closed']);
  }, 60_000);

  it('an external agent that nacks trips its breaker: its claims get nothing while open, then exactly one probe message', async () => {
    const flaky = await registerExternal(h, 'flaky', ['scoring'], { maxConcurrency: 5 });
    for (let i = 0; i < 5; i++)
      await h.api('post', `${AGENTS}/messages`).send({ to: flaky.id, type: 'scoring', payload: { i } }).expect(202);
    for (let i = 0; i < 3; i++) {
      const [m] = (await h.api('get', `${AGENTS}/${flaky.id}/messages`).expect(200)).body.data;
      await h
        .api('post', `${AGENTS}/${flaky.id}/messages/${m.id}/nack`)
        .send({ leaseId: m.leaseId, error: { code: 'MODEL_DOWN', message: 'down' }, delayMs: 0 })
        .expect(200);
    }
    expect(await getAgent(h, flaky.id)).toMatchObject({ status: 'unhealthy', health: { breaker: { state: 'open' } } });
    expect(await claimMessages(h, flaky.id, '?max=5')).toEqual([]);
    await new Promise((r) => setTimeout(r, HALF_OPEN_MS + 100));
    expect((await getAgent(h, flaky.id)).health.breaker.state).toBe('half-open');
    const probe = await claimMessages(h, flaky.id, '?max=5');
    expect(probe).toHaveLength(1);
    expect(await claimMessages(h, flaky.id, '?max=5')).toEqual([]);
    await ackMessage(h, flaky.id, probe[0], { ok: true });
    expect(await getAgent(h, flaky.id)).toMatchObject({ status: 'idle', health: { breaker: { state: 'closed' } } });
    expect(await claimMessages(h, flaky.id, '?max=5')).toHaveLength(4);
  }, 30_000);
});

describe('heartbeats: a silent external agent turns unhealthy', () => {
  let h: AgentsHarness;
  let clock: ManualClock;

  beforeAll(async () => {
    h = await bootAgents({ AGENTS_HEARTBEAT_TIMEOUT_MS: '30000' });
    clock = new ManualClock(Date.now());
    h.t.app.get(Clock).use(clock);
  }, 30_000);
  afterAll(async () => {
    await h.close();
  });

  it('loses heartbeat freshness after half the timeout, leaves routing at the timeout, and is back after a heartbeat', async () => {
    const watcher = await registerExternal(h, 'watcher', ['surveillance']);
    expect(watcher.health.heartbeatFreshness).toBe(1);
    clock.advance(22_500);
    const fading = await getAgent(h, watcher.id);
    expect(fading.health.heartbeatFreshness).toBeCloseTo(0.5, 2);
    expect(fading.health.score).toBe(90);
    expect(fading.status).toBe('idle');

    clock.advance(8_000);
    const silent = await getAgent(h, watcher.id);
    expect(silent).toMatchObject({
      status: 'unhealthy',
      health: { heartbeatStale: true, routable: false, heartbeatFreshness: 0 },
    });
    expect(silent.statusReason).toMatch(/heartbeat/);
    expect(
      (await h.api('get', `${AGENTS}?status=unhealthy&capability=surveillance`).expect(200)).body.data.items.map(
        (a: any) => a.id,
      ),
    ).toEqual([watcher.id]);
    const refused = await h
      .api('post', `${AGENTS}/messages`)
      .send({ to: { capability: 'surveillance' }, type: 'surveillance', payload: {} })
      .expect(503);
    expect(refused.body.error.code).toBe('PROVIDER_UNAVAILABLE');

    await h.api('post', `${AGENTS}/${watcher.id}/heartbeat`).expect(200);
    expect(await getAgent(h, watcher.id)).toMatchObject({
      status: 'idle',
      health: { heartbeatStale: false, heartbeatFreshness: 1, score: 100 },
    });
    await h
      .api('post', `${AGENTS}/messages`)
      .send({ to: { capability: 'surveillance' }, type: 'surveillance', payload: {} })
      .expect(202);
    // A poll counts as a sign of life too.
    clock.advance(40_000);
    expect((await getAgent(h, watcher.id)).status).toBe('unhealthy');
    await h.api('get', `${AGENTS}/${watcher.id}/messages`).expect(200);
    expect((await getAgent(h, watcher.id)).health.heartbeatStale).toBe(false);
  });
});
