import { AGENTS, bootAgents, builtinAgents, registerExternal, RUNS, tempDb, waitFor } from './support/agents';
import { spyCandles } from './support/agents-market-data';

describe('coordination runs survive a restart', () => {
  it('a running run is resumed: finished steps are kept, a sent step is awaited, not sent again', async () => {
    const db = tempDb();
    const env = { SQLITE_PATH: db.path };
    try {
      let h = await bootAgents(env);
      const builtin = await builtinAgents(h);
      const slow = await registerExternal(h, 'slow-voter', ['trading_signal']);
      const created = await h
        .api('post', RUNS)
        .send({
          strategy: 'parallel',
          agents: [builtin['equities-technical'].id, slow.id],
          task: 'trading_signal',
          input: { candles: spyCandles(80) },
          timeoutMs: 60_000,
        })
        .expect(202);
      const id = created.body.data.id;
      const before = await waitFor(
        async () => (await h.api('get', `${RUNS}/${id}`).expect(200)).body.data,
        (r: any) => r.steps[0].status === 'succeeded' && r.steps[1].status === 'sent',
        10_000,
        'first step done',
      );
      await h.close();

      h = await bootAgents(env);
      try {
        const resumed = (await h.api('get', `${RUNS}/${id}`).expect(200)).body.data;
        expect(resumed.status).toBe('running');
        const [message] = (await h.api('get', `${AGENTS}/${slow.id}/messages?wait=5000`).expect(200)).body.data;
        expect(message.id).toBe(before.steps[1].messageId);
        await h
          .api('post', `${AGENTS}/${slow.id}/messages/${message.id}/ack`)
          .send({ leaseId: message.leaseId, output: { action: 'hold', confidence: 0.5 } })
          .expect(200);
        const run = await waitFor(
          async () => (await h.api('get', `${RUNS}/${id}`).expect(200)).body.data,
          (r: any) => r.status !== 'running',
          10_000,
          'resumed run',
        );
        expect(run.status).toBe('succeeded');
        expect(run.steps[0].output).toEqual(before.steps[0].output);
        expect(run.steps[1]).toMatchObject({
          status: 'succeeded',
          messageId: message.id,
          output: { action: 'hold', confidence: 0.5 },
        });
        // Exactly one message per agent for this run.
        const sent = (await h.api('get', `${AGENTS}/${slow.id}`).expect(200)).body.data.load;
        expect(sent).toEqual({ queued: 0, inFlight: 0 });
      } finally {
        await h.close();
      }
    } finally {
      db.remove();
    }
  }, 60_000);
});
