import { AGENTS, AgentsHarness, bootAgents, builtinAgents, getAgent, registerExternal } from './support/agents';
import { spyCandles } from './support/agents-market-data';

describe('agents: registry, lifecycle, capability routing, broadcast', () => {
  let h: AgentsHarness;

  beforeAll(async () => {
    h = await bootAgents();
  }, 30_000);
  afterAll(async () => {
    await h.close();
  });

  it('registers one built-in agent per specialist model at start-up, each idle with its model’s task types', async () => {
    const models = (await h.api('get', '/api/v1/ai-orchestration/models').expect(200)).body.data as Array<{
      id: string;
      taskTypes: string[];
      status: string;
    }>;
    const builtin = await builtinAgents(h);
    expect(Object.keys(builtin).sort()).toEqual(models.map((m) => m.id).sort());
    for (const model of models) {
      expect(builtin[model.id]).toMatchObject({ kind: 'builtin', model: model.id, capabilities: model.taskTypes });
      expect(builtin[model.id].status).toBe(model.status === 'available' ? 'idle' : 'unhealthy');
    }
    expect(builtin['llm-analyst'].statusReason).toMatch(/unavailable/);
  });

  it('external agent lifecycle: register, get, list by capability, update, pause, resume, heartbeat, deregister', async () => {
    const agent = await registerExternal(h, 'desk-a', ['news_triage', 'trading_signal'], {
      maxConcurrency: 2,
      metadata: { team: 'macro' },
    });
    expect(agent).toMatchObject({
      kind: 'external',
      status: 'idle',
      maxConcurrency: 2,
      metadata: { team: 'macro' },
      health: { score: 100, routable: true, breaker: { state: 'closed' } },
    });

    const byCapability = await h.api('get', `${AGENTS}?capability=news_triage`).expect(200);
    expect(byCapability.body.data.items.map((a: any) => a.name)).toEqual(['desk-a']);

    const updated = await h
      .api('patch', `${AGENTS}/${agent.id}`)
      .send({ capabilities: ['news_triage'], maxConcurrency: 3 })
      .expect(200);
    expect(updated.body.data).toMatchObject({ capabilities: ['news_triage'], maxConcurrency: 3 });

    expect((await h.api('post', `${AGENTS}/${agent.id}/pause`).expect(200)).body.data.status).toBe('paused');
    const paused = await h.api('get', `${AGENTS}?status=paused`).expect(200);
    expect(paused.body.data.items.map((a: any) => a.id)).toEqual([agent.id]);
    expect((await h.api('post', `${AGENTS}/${agent.id}/resume`).expect(200)).body.data.status).toBe('idle');

    const before = (await getAgent(h, agent.id)).lastHeartbeatAt;
    await new Promise((r) => setTimeout(r, 5));
    const beat = await h.api('post', `${AGENTS}/${agent.id}/heartbeat`).expect(200);
    expect(Date.parse(beat.body.data.lastHeartbeatAt)).toBeGreaterThan(Date.parse(before));

    const gone = await h.api('delete', `${AGENTS}/${agent.id}`).expect(200);
    expect(gone.body.data.status).toBe('deregistered');
    expect(
      (await h.api('get', `${AGENTS}?status=deregistered`).expect(200)).body.data.items.map((a: any) => a.id),
    ).toContain(agent.id);
    expect((await h.api('get', `${AGENTS}?capability=news_triage`).expect(200)).body.data.items).toEqual([]);
    // Deregistered: no more heartbeats or messages; the name is free again.
    expect((await h.api('post', `${AGENTS}/${agent.id}/heartbeat`).expect(404)).body.error.code).toBe('NOT_FOUND');
    await registerExternal(h, 'desk-a', ['news_triage']);
  });

  it('built-in agents cannot be changed or deregistered, and only the system admin may pause them', async () => {
    const fx = (await builtinAgents(h))['forex-technical'];
    expect((await h.api('patch', `${AGENTS}/${fx.id}`).send({ maxConcurrency: 9 }).expect(409)).body.error.code).toBe(
      'CONFLICT',
    );
    expect((await h.api('delete', `${AGENTS}/${fx.id}`).expect(409)).body.error.code).toBe('CONFLICT');
    // A built-in agent serves every tenant: a tenant's admin may not stop it for the others.
    for (const role of [undefined, 'admin'] as const) {
      expect((await h.api('post', `${AGENTS}/${fx.id}/pause`, role).expect(403)).body.error.code).toBe('FORBIDDEN');
    }
    expect((await h.api('post', `${AGENTS}/${fx.id}/pause`, 'system').expect(200)).body.data.status).toBe('paused');
    expect((await h.api('post', `${AGENTS}/${fx.id}/resume`, 'admin').expect(403)).body.error.code).toBe('FORBIDDEN');
    expect((await h.api('post', `${AGENTS}/${fx.id}/resume`, 'system').expect(200)).body.data.status).toBe('idle');
  });

  it('tenants see built-in agents and only their own external ones; another tenant’s agent id is 404', async () => {
    const mine = await registerExternal(h, 'private-desk', ['fx_hedging']);
    const theirs = await h.api('get', `${AGENTS}/${mine.id}`, 'other').expect(404);
    expect(theirs.body.error.code).toBe('NOT_FOUND');
    const list = await h.api('get', `${AGENTS}?limit=100`, 'other').expect(200);
    expect(list.body.data.items.every((a: any) => a.kind === 'builtin')).toBe(true);
    await h
      .api('post', `${AGENTS}/messages`, 'other')
      .send({ to: mine.id, type: 'fx_hedging', payload: {} })
      .expect(404);
    // The same name is free in another tenant.
    await registerExternal(h, 'private-desk', ['fx_hedging'], {}, 'other');
  });

  it('capability routing picks the healthiest agent, the least loaded among equals', async () => {
    const a = await registerExternal(h, 'route-a', ['route_test'], { maxConcurrency: 1 });
    const b = await registerExternal(h, 'route-b', ['route_test'], { maxConcurrency: 1 });
    const c = await registerExternal(h, 'route-c', ['route_test'], { maxConcurrency: 1 });
    // c fails twice: still routable (score above 50) but below the others.
    for (let i = 0; i < 2; i++) {
      await h.api('post', `${AGENTS}/messages`).send({ to: c.id, type: 'route_test', payload: { i } }).expect(202);
      const [claimed] = (await h.api('get', `${AGENTS}/${c.id}/messages`).expect(200)).body.data;
      await h
        .api('post', `${AGENTS}/${c.id}/messages/${claimed.id}/nack`)
        .send({ leaseId: claimed.leaseId, requeue: false })
        .expect(200);
    }
    const cHealth = (await getAgent(h, c.id)).health;
    expect(cHealth.score).toBeLessThan(100);
    expect(cHealth.routable).toBe(true);

    // a and b are equal (100): the first message goes to the older (a), the next to the less loaded (b).
    const first = await h
      .api('post', `${AGENTS}/messages`)
      .send({ to: { capability: 'route_test' }, type: 'route_test', payload: { n: 1 } })
      .expect(202);
    expect(first.body.data.routing).toEqual({ mode: 'capability', candidates: 3 });
    expect(first.body.data.messages[0].agentId).toBe(a.id);
    const second = await h
      .api('post', `${AGENTS}/messages`)
      .send({ to: { capability: 'route_test' }, type: 'route_test', payload: { n: 2 } })
      .expect(202);
    expect(second.body.data.messages[0].agentId).toBe(b.id);
    // Both equally loaded again, still ahead of the less healthy c.
    const third = await h
      .api('post', `${AGENTS}/messages`)
      .send({ to: { capability: 'route_test' }, type: 'route_test', payload: { n: 3 } })
      .expect(202);
    expect([a.id, b.id]).toContain(third.body.data.messages[0].agentId);
    expect(third.body.data.messages[0].agentId).not.toBe(c.id);

    // A paused agent leaves routing even when it is the healthiest and least loaded.
    await h.api('post', `${AGENTS}/${a.id}/pause`).expect(200);
    await h.api('post', `${AGENTS}/${b.id}/pause`).expect(200);
    const onlyC = await h
      .api('post', `${AGENTS}/messages`)
      .send({ to: { capability: 'route_test' }, type: 'route_test', payload: { n: 4 } })
      .expect(202);
    expect(onlyC.body.data.messages[0].agentId).toBe(c.id);
  });

  it('broadcast fans out to every live, unpaused agent with the type as capability, in one send', async () => {
    const x = await registerExternal(h, 'bc-x', ['market_alert']);
    const y = await registerExternal(h, 'bc-y', ['market_alert', 'other']);
    const z = await registerExternal(h, 'bc-z', ['market_alert']);
    await registerExternal(h, 'bc-none', ['other']);
    await h.api('post', `${AGENTS}/${z.id}/pause`).expect(200);
    const res = await h
      .api('post', `${AGENTS}/messages`)
      .send({ to: 'broadcast', type: 'market_alert', priority: 'high', payload: { text: 'CPI above consensus' } })
      .expect(202);
    const messages = res.body.data.messages as any[];
    expect(messages.map((m) => m.agentId).sort()).toEqual([x.id, y.id].sort());
    expect(new Set(messages.map((m) => m.broadcastId)).size).toBe(1);
    expect(res.body.data.routing).toEqual({ mode: 'broadcast', candidates: 2 });
    for (const agent of [x, y]) {
      const [claimed] = (await h.api('get', `${AGENTS}/${agent.id}/messages`).expect(200)).body.data;
      expect(claimed).toMatchObject({
        type: 'market_alert',
        priority: 'high',
        payload: { text: 'CPI above consensus' },
      });
    }
    expect((await h.api('get', `${AGENTS}/${z.id}`).expect(200)).body.data.load.queued).toBe(0);
  });

  it('a direct message to a built-in agent runs its Handit task on real market data and the reply is the result', async () => {
    const eq = (await builtinAgents(h))['equities-technical'];
    const res = await h
      .api('post', `${AGENTS}/messages?wait=15000`)
      .send({ to: eq.id, type: 'trading_signal', payload: { symbol: 'SPY', candles: spyCandles() } })
      .expect(200);
    const message = res.body.data.messages[0];
    expect(message.status).toBe('acked');
    const full = (await h.api('get', `${AGENTS}/messages/${message.id}`).expect(200)).body.data;
    expect(['buy', 'sell', 'hold']).toContain(full.reply.action);
    expect(full.reply.entry).toBe(637.1);
    const task = await h.api('get', '/api/v1/ai-orchestration/tasks?type=trading_signal&limit=1').expect(200);
    expect(task.body.data.items[0].model.id).toBe('equities-technical');
    const metrics = (await h.api('get', `${AGENTS}/${eq.id}/metrics`).expect(200)).body.data;
    expect(metrics.handled).toBeGreaterThanOrEqual(1);
    expect(metrics.latencyMs.p50).toBeGreaterThanOrEqual(0);
  });

  it('mailboxes are a managed queue (depth by priority, pause stops deliveries) and the coordinator reports in /status', async () => {
    const agent = await registerExternal(h, 'queued-desk', ['qm_test']);
    await h
      .api('post', `${AGENTS}/messages`)
      .send({ to: agent.id, type: 'qm_test', priority: 'low', payload: {} })
      .expect(202);
    const queues = (await h.api('get', '/api/v1/scheduler/queues', 'admin').expect(200)).body.data.queues as any[];
    const mailboxes = queues.find((q) => q.name === 'agents.mailboxes');
    expect(mailboxes.depthByPriority.low).toBeGreaterThanOrEqual(1);
    await h.api('post', '/api/v1/scheduler/queues/agents.mailboxes/pause', 'admin').expect(200);
    expect((await h.api('get', `${AGENTS}/${agent.id}/messages`).expect(200)).body.data).toEqual([]);
    await h.api('post', '/api/v1/scheduler/queues/agents.mailboxes/resume', 'admin').expect(200);
    expect((await h.api('get', `${AGENTS}/${agent.id}/messages`).expect(200)).body.data).toHaveLength(1);
    const status = (await h.api('get', '/status', 'system').expect(200)).body.data.components.agents;
    expect(status.state).toBe('up');
    expect(status.details.builtinAgents).toBeGreaterThanOrEqual(12);
  });
});
