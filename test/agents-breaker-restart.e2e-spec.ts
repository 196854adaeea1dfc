import {
  ackMessage,
  AGENTS,
  AgentsHarness,
  bootAgents,
  claimMessages,
  getAgent,
  registerExternal,
  tempDb,
  waitFor,
} from './support/agents';

/**
 * Long enough for a close and a boot to fit inside it with room to spare, so the circuit is seen
 * open after the restart; the breaker runs on the wall clock (cockatiel reads Date.now()).
 */
const HALF_OPEN_MS = 8000;

describe('agent circuit breakers survive a restart', () => {
  it('an open breaker is still open after close and boot on the same database, and half-opens when it was due to', async () => {
    const db = tempDb();
    const env = {
      SQLITE_PATH: db.path,
      AGENTS_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS),
      AGENTS_BREAKER_FAILURES: '3',
      AGENTS_NACK_DELAY_MS: '0',
    };
    const nackOne = async (h: AgentsHarness, agentId: string) => {
      const [m] = (await h.api('get', `${AGENTS}/${agentId}/messages`).expect(200)).body.data;
      await h
        .api('post', `${AGENTS}/${agentId}/messages/${m.id}/nack`)
        .send({ leaseId: m.leaseId, error: { code: 'MODEL_DOWN', message: 'down' }, delayMs: 0 })
        .expect(200);
    };
    try {
      let h = await bootAgents(env);
      let wobblyBreaker: any;
      const flaky = await registerExternal(h, 'flaky-restart', ['scoring'], { maxConcurrency: 5 });
      const wobbly = await registerExternal(h, 'wobbly-restart', ['scoring'], { maxConcurrency: 5 });
      for (let i = 0; i < 5; i++)
        await h.api('post', `${AGENTS}/messages`).send({ to: flaky.id, type: 'scoring', payload: { i } }).expect(202);
      for (let i = 0; i < 3; i++)
        await h.api('post', `${AGENTS}/messages`).send({ to: wobbly.id, type: 'scoring', payload: { i } }).expect(202);
      // flaky: three consecutive failures open its circuit. wobbly: two, still closed.
      for (let i = 0; i < 3; i++) await nackOne(h, flaky.id);
      for (let i = 0; i < 2; i++) await nackOne(h, wobbly.id);
      const before = (await getAgent(h, flaky.id)).health.breaker;
      expect(before.state).toBe('open');
      expect(Date.parse(before.probeAt) - Date.parse(before.openedAt)).toBe(HALF_OPEN_MS);
      expect((await getAgent(h, wobbly.id)).health.breaker.state).toBe('closed');
      await h.close();

      h = await bootAgents(env);
      try {
        expect(Date.now()).toBeLessThan(Date.parse(before.probeAt) - 500);
        // Still open, from the same moment: the restart did not close it or restart its wait.
        const after = await getAgent(h, flaky.id);
        expect(after).toMatchObject({
          status: 'unhealthy',
          statusReason: 'circuit open',
          health: { routable: false, breaker: before },
        });
        expect(await claimMessages(h, flaky.id, '?max=5')).toEqual([]);
        const refused = await h
          .api('post', `${AGENTS}/messages`)
          .send({ to: { capability: 'scoring' }, type: 'scoring', payload: {} });
        // wobbly takes the capability traffic while flaky's circuit is open.
        expect(refused.status).toBe(202);
        expect(refused.body.data.messages[0].agentId).toBe(wobbly.id);

        // wobbly kept its two failures: one more opens its circuit.
        await nackOne(h, wobbly.id);
        wobblyBreaker = (await getAgent(h, wobbly.id)).health.breaker;
        expect(wobblyBreaker.state).toBe('open');

        // Not before probeAt ...
        expect((await getAgent(h, flaky.id)).health.breaker.state).toBe('open');
        // ... but at probeAt the circuit is half-open and lets exactly one probe through.
        await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(before.probeAt) - Date.now() + 50)));
        expect((await getAgent(h, flaky.id)).health.breaker.state).toBe('half-open');
        const probe = await claimMessages(h, flaky.id, '?max=5');
        expect(probe).toHaveLength(1);
        expect(await claimMessages(h, flaky.id, '?max=5')).toEqual([]);
        await ackMessage(h, flaky.id, probe[0], { ok: true });
        expect(await getAgent(h, flaky.id)).toMatchObject({
          status: 'idle',
          health: { breaker: { state: 'closed', openedAt: null } },
        });
        const rest = await waitFor(
          async () => (await h.api('get', `${AGENTS}/${flaky.id}/messages?max=10`).expect(200)).body.data,
          (ms: any[]) => ms.length > 0,
          2000,
          'the other messages',
        );
        expect(rest).toHaveLength(4);
      } finally {
        await h.close();
      }

      // The closed state is stored too: a third boot sees flaky closed, and wobbly's circuit as it
      // opened after the restart (open or, past its probe time, half-open).
      h = await bootAgents(env);
      try {
        expect((await getAgent(h, flaky.id)).health.breaker).toEqual({
          state: 'closed',
          openedAt: null,
          probeAt: null,
        });
        const wobblyNow = (await getAgent(h, wobbly.id)).health.breaker;
        expect(['open', 'half-open']).toContain(wobblyNow.state);
        expect(wobblyNow).toEqual({ ...wobblyBreaker, state: wobblyNow.state });
      } finally {
        await h.close();
      }
    } finally {
      db.remove();
    }
  }, 60_000);
});
