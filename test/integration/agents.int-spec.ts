import request from 'supertest';
import { Clock, ManualClock, newId } from '@app/infrastructure';
import { MailboxSweeper } from '@app/agent-coordinator';
import {
  AGENTS,
  AgentsHarness,
  bootAgents,
  builtinAgents,
  KEYS,
  registerExternal,
  RUNS,
  waitFor,
} from '../support/agents';
import { spyCandles } from '../support/agents-market-data';
import { sqlAdmin, TEST_DATABASE_URL as BASE_URL, urlWithSearchPath } from '../support/pg-schema';

const schema = `agents_${newId().toLowerCase()}`;

/** The agent coordinator on PostgreSQL: timestamptz leases, jsonb payloads, bigint counters, conditional claims. */
describe('agent coordinator on PostgreSQL', () => {
  const env = {
    DATABASE_URL: urlWithSearchPath(BASE_URL, schema),
    AGENTS_SWEEP_INTERVAL_MS: '3600000',
    AGENTS_BREAKER_HALF_OPEN_MS: '400',
  };
  beforeAll(() => sqlAdmin(`CREATE SCHEMA "${schema}"`));
  afterAll(() => sqlAdmin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));

  it('mailbox order, leases, dead letters, replay, built-in replies, runs, breakers and a restart', async () => {
    let h: AgentsHarness = await bootAgents(env);
    const clock = new ManualClock(Date.now());
    h.t.app.get(Clock).use(clock);
    const sweeper = h.t.app.get(MailboxSweeper);
    const builtin = await builtinAgents(h);
    expect(Object.keys(builtin)).toContain('forex-technical');

    const desk = await registerExternal(h, 'pg-desk', ['job'], { maxConcurrency: 10 });
    for (const [priority, label] of [
      ['low', 'l'],
      ['critical', 'c'],
      ['normal', 'n'],
      ['high', 'h'],
      ['background', 'b'],
    ]) {
      await h
        .api('post', `${AGENTS}/messages`)
        .send({ to: desk.id, type: 'job', priority, payload: { label }, maxDeliveries: 2 })
        .expect(202);
    }
    const claimed = (await h.api('get', `${AGENTS}/${desk.id}/messages?max=2&leaseMs=1000`).expect(200)).body.data;
    expect(claimed.map((m: any) => m.payload.label)).toEqual(['c', 'h']);
    // Two concurrent pollers never get the same message.
    const [p1, p2] = await Promise.all([
      h.api('get', `${AGENTS}/${desk.id}/messages?max=2`),
      h.api('get', `${AGENTS}/${desk.id}/messages?max=2`),
    ]);
    const both = [...p1.body.data, ...p2.body.data].map((m: any) => m.payload.label);
    expect(both.sort()).toEqual(['b', 'l', 'n']);

    // c: lease expires twice → dead (maxDeliveries 2); h: acked.
    await h
      .api('post', `${AGENTS}/${desk.id}/messages/${claimed[1].id}/ack`)
      .send({ leaseId: claimed[1].leaseId, output: { done: 'h' } })
      .expect(200);
    clock.advance(1500);
    expect(await sweeper.sweep()).toMatchObject({ redelivered: 1 });
    const [again] = (await h.api('get', `${AGENTS}/${desk.id}/messages?leaseMs=1000`).expect(200)).body.data;
    expect(again).toMatchObject({ id: claimed[0].id, deliveries: 2 });
    clock.advance(1500);
    expect(await sweeper.sweep()).toMatchObject({ deadLettered: 1 });
    const dead = (await h.api('get', `${AGENTS}/dead-letters`).expect(200)).body.data.items;
    expect(dead).toEqual([expect.objectContaining({ id: claimed[0].id, deadReason: 'max_deliveries' })]);
    expect(dead[0]).not.toHaveProperty('payload');
    await h.api('post', `${AGENTS}/dead-letters/${claimed[0].id}/replay`).expect(200);

    // Extending a lease: a compare-and-set on lease id and timestamptz expiry.
    const worker = await registerExternal(h, 'pg-long', ['job3'], { maxConcurrency: 5 });
    const longId = (
      await h
        .api('post', `${AGENTS}/messages`)
        .send({ to: worker.id, type: 'job3', payload: { long: true } })
        .expect(202)
    ).body.data.messages[0].id;
    const [held] = (await h.api('get', `${AGENTS}/${worker.id}/messages?leaseMs=1000`).expect(200)).body.data;
    const extendHeld = (leaseId: string, leaseMs: number, key = KEYS.operator) =>
      request(h.t.http)
        .post(`${AGENTS}/${worker.id}/messages/${longId}/extend`)
        .set('X-API-Key', key)
        .send({ leaseId, leaseMs });
    clock.advance(800);
    const extended = await extendHeld(held.leaseId, 5000).expect(200);
    expect(extended.body.data).toMatchObject({
      id: longId,
      status: 'leased',
      leaseId: held.leaseId,
      leaseExpiresAt: new Date(clock.now() + 5000).toISOString(),
    });
    expect((await extendHeld(held.leaseId, 5000, KEYS.other).expect(404)).body.error.code).toBe('NOT_FOUND');
    expect(
      (await extendHeld(held.leaseId, 99_999_999).expect(400)).body.error.details.fields.map((f: any) => f.field),
    ).toEqual(['leaseMs']);
    // Past the original lease: still held.
    clock.advance(1000);
    expect(await sweeper.sweep()).toMatchObject({ leasesExpired: 0 });
    expect((await h.api('get', `${AGENTS}/${worker.id}/messages`).expect(200)).body.data).toEqual([]);
    // Past the extension: too late to extend, and redelivered.
    clock.advance(4100);
    expect((await extendHeld(held.leaseId, 5000).expect(409)).body.error.code).toBe('CONFLICT');
    expect(await sweeper.sweep()).toMatchObject({ leasesExpired: 1, redelivered: 1 });
    const [redelivered] = (await h.api('get', `${AGENTS}/${worker.id}/messages`).expect(200)).body.data;
    expect(redelivered).toMatchObject({ id: longId, deliveries: 2 });
    expect((await extendHeld(held.leaseId, 5000).expect(409)).body.error.details).toMatchObject({
      status: 'leased',
      deliveries: 2,
    });
    await extendHeld(redelivered.leaseId, 5000).expect(200);
    await h
      .api('post', `${AGENTS}/${worker.id}/messages/${longId}/ack`)
      .send({ leaseId: redelivered.leaseId, output: { done: true } })
      .expect(200);

    // A built-in agent answers on real data; a consensus run over two built-ins.
    const reply = await h
      .api('post', `${AGENTS}/messages?wait=15000`)
      .send({ to: builtin['equities-technical'].id, type: 'trading_signal', payload: { candles: spyCandles() } })
      .expect(200);
    expect(reply.body.data.messages[0].status).toBe('acked');
    const run = await h
      .api('post', `${RUNS}?wait=15000`)
      .send({
        strategy: 'consensus',
        agents: [builtin['forex-technical'].id, builtin['indices-technical'].id],
        input: { candles: spyCandles(100) },
      })
      .expect(200);
    expect(run.body.data.status).toBe('succeeded');
    expect(['buy', 'sell', 'hold']).toContain(run.body.data.result.action);

    // Breaker on PostgreSQL-backed counters: three nacks open it.
    const flaky = await registerExternal(h, 'pg-flaky', ['job2'], { maxConcurrency: 5 });
    for (let i = 0; i < 3; i++) {
      await h.api('post', `${AGENTS}/messages`).send({ to: flaky.id, type: 'job2', payload: { i } }).expect(202);
      const [m] = (await h.api('get', `${AGENTS}/${flaky.id}/messages`).expect(200)).body.data;
      await h
        .api('post', `${AGENTS}/${flaky.id}/messages/${m.id}/nack`)
        .send({ leaseId: m.leaseId, requeue: false })
        .expect(200);
    }
    const open = (await h.api('get', `${AGENTS}/${flaky.id}`).expect(200)).body.data;
    expect(open).toMatchObject({ status: 'unhealthy', health: { breaker: { state: 'open' }, consecutiveFailures: 3 } });
    await h.close();

    // Restart: waiting messages, counters, runs and the health averages are all still there.
    h = await bootAgents(env);
    try {
      // The replay was stamped on the manual clock, 3 s ahead of the real one the new process uses.
      const waiting = (await h.api('get', `${AGENTS}/${desk.id}/messages?max=10&wait=8000`).expect(200)).body.data;
      expect(waiting.map((m: any) => m.id)).toEqual([claimed[0].id]);
      const metrics = (await h.api('get', `${AGENTS}/${flaky.id}/metrics`).expect(200)).body.data;
      expect(metrics).toMatchObject({ handled: 3, failures: 3 });
      const health = (await h.api('get', `${AGENTS}/${flaky.id}`).expect(200)).body.data.health;
      expect(health.consecutiveFailures).toBe(3);
      expect(health.score).toBeLessThan(50);
      // The breaker came back from its row: still not closed, opened when it opened before.
      expect(health.breaker.state).not.toBe('closed');
      expect(health.breaker).toMatchObject({
        openedAt: open.health.breaker.openedAt,
        probeAt: open.health.breaker.probeAt,
      });
      expect((await h.api('get', `${RUNS}?strategy=consensus`).expect(200)).body.data.items).toHaveLength(1);
      await waitFor(
        async () =>
          (await h.api('get', `${AGENTS}/messages/${reply.body.data.messages[0].id}`).expect(200)).body.data.status,
        (s) => s === 'acked',
        2000,
        'acked reply',
      );
    } finally {
      await h.close();
    }
  }, 90_000);
  it('batch sends (one transaction, spread by load) and batch acks (per-ack failures, jsonb outputs) on PostgreSQL', async () => {
    const h = await bootAgents(env);
    try {
      const [a, b] = [
        await registerExternal(h, 'pg-batch-a', ['pg-batch'], { maxConcurrency: 20 }),
        await registerExternal(h, 'pg-batch-b', ['pg-batch'], { maxConcurrency: 20 }),
      ];
      const sent = await h
        .api('post', `${AGENTS}/messages/batch`)
        .send({
          messages: [1, 2, 3, 4].map((n) => ({ to: { capability: 'pg-batch' }, type: 'pg-batch', payload: { n } })),
        })
        .expect(202);
      const routedTo = sent.body.data.results.map((r: any) => r.messages[0].agentId);
      // Each entry sees the ones before it in the mailbox depths: two to each agent.
      expect(routedTo.filter((id: string) => id === a.id)).toHaveLength(2);
      expect(routedTo.filter((id: string) => id === b.id)).toHaveLength(2);
      // All or nothing: an entry to an unknown agent fails the batch, and nothing of it is stored.
      await h
        .api('post', `${AGENTS}/messages/batch`)
        .send({
          messages: [
            { to: a.id, type: 'pg-batch', payload: { n: 5 } },
            { to: newId(), type: 'pg-batch', payload: { n: 6 } },
          ],
        })
        .expect(404);

      const claimed = (await h.api('get', `${AGENTS}/${a.id}/messages?max=10`).expect(200)).body.data;
      // Its two from the first batch; the refused batch's message to it was not stored.
      expect(claimed).toHaveLength(2);
      const [first, second] = claimed;
      await h.api('post', `${AGENTS}/${a.id}/messages/${first.id}/ack`).send({ leaseId: first.leaseId }).expect(200);
      const res = await h
        .api('post', `${AGENTS}/${a.id}/messages/ack`)
        .send({
          acks: [
            { messageId: first.id, leaseId: first.leaseId },
            { messageId: second.id, leaseId: second.leaseId, output: { big: 'x'.repeat(100), n: second.payload.n } },
          ],
        })
        .expect(200);
      expect(res.body.data.acked.map((m: any) => m.id)).toEqual([second.id]);
      expect(res.body.data.failed).toEqual([expect.objectContaining({ messageId: first.id })]);
      const stored = (await h.api('get', `${AGENTS}/messages/${second.id}`).expect(200)).body.data;
      expect(stored).toMatchObject({ status: 'acked', reply: { n: second.payload.n } });
      expect((await h.api('get', `${AGENTS}/${a.id}/messages?max=10`).expect(200)).body.data).toEqual([]);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('a batch ack stores each message its own output, only under its own lease, on PostgreSQL', async () => {
    const h = await bootAgents(env);
    try {
      const agent = await registerExternal(h, 'pg-acks', ['pg-acks'], { maxConcurrency: 20 });
      await h
        .api('post', `${AGENTS}/messages/batch`)
        .send({ messages: [1, 2, 3, 4].map((n) => ({ to: agent.id, type: 'pg-acks', payload: { n } })) })
        .expect(202);
      const claimed = (await h.api('get', `${AGENTS}/${agent.id}/messages?max=10`).expect(200)).body.data;
      expect(claimed).toHaveLength(4);
      const [stale, ...held] = claimed;
      const res = await h
        .api('post', `${AGENTS}/${agent.id}/messages/ack`)
        .send({
          acks: [
            { messageId: stale.id, leaseId: newId(), output: { n: -1 } },
            ...held.map((m: any) => ({ messageId: m.id, leaseId: m.leaseId, output: { n: m.payload.n, of: m.id } })),
          ],
        })
        .expect(200);
      expect(res.body.data.acked.map((m: any) => m.id)).toEqual(held.map((m: any) => m.id));
      expect(res.body.data.failed).toEqual([expect.objectContaining({ messageId: stale.id })]);
      for (const m of held) {
        const stored = (await h.api('get', `${AGENTS}/messages/${m.id}`).expect(200)).body.data;
        expect(stored).toMatchObject({ status: 'acked', reply: { n: m.payload.n, of: m.id } });
      }
      const untouched = (await h.api('get', `${AGENTS}/messages/${stale.id}`).expect(200)).body.data;
      expect(untouched).toMatchObject({ status: 'leased' });
      expect(untouched.reply ?? null).toBeNull();
    } finally {
      await h.close();
    }
  }, 60_000);
});
