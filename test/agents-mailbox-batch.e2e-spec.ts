import type { ManualClock } from '@app/infrastructure';
import type { MailboxSweeper } from '@app/agent-coordinator';
import {
  AGENTS,
  AgentsHarness,
  agentsOnManualClockForSuite,
  claimMessages as claim,
  registerExternal,
} from './support/agents';

const UNKNOWN_ID = '01JD3Z9A1B2C3D4E5F6G7H8J9K';

const sendBatch = (h: AgentsHarness, messages: Array<Record<string, unknown>>) =>
  h.api('post', `${AGENTS}/messages/batch`).send({ messages });

const ackBatch = (h: AgentsHarness, agentId: string, acks: Array<Record<string, unknown>>) =>
  h.api('post', `${AGENTS}/${agentId}/messages/ack`).send({ acks });

const acksOf = (claimed: any[], output: (m: any) => unknown = () => ({ ok: true })) =>
  claimed.map((m) => ({ messageId: m.id, leaseId: m.leaseId, output: output(m) }));

function expectInvalid(res: { status: number; body: any }, field: string): void {
  expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  expect(JSON.stringify(res.body.error)).toContain(field);
}

describe('agent mailboxes in batches: sends of many messages, acks of many deliveries', () => {
  let h: AgentsHarness;
  let clock: ManualClock;
  let sweeper: MailboxSweeper;

  agentsOnManualClockForSuite((booted) => ({ h, clock, sweeper } = booted));

  it('acks a claimed batch in one request, storing each output; the messages are acked and not delivered again', async () => {
    const agent = await registerExternal(h, 'batch-ack', ['job'], { maxConcurrency: 20 });
    const sent = await sendBatch(
      h,
      [1, 2, 3, 4, 5].map((n) => ({ to: agent.id, type: 'job', payload: { n } })),
    ).expect(202);
    const ids = sent.body.data.results.map((r: any) => r.messages[0].id);
    const claimed = await claim(h, agent.id, '?max=10');
    expect(claimed.map((m) => m.id)).toEqual(ids);

    const res = await ackBatch(
      h,
      agent.id,
      acksOf(claimed, (m) => ({ double: m.payload.n * 2 })),
    ).expect(200);
    expect(res.body.data.failed).toEqual([]);
    expect(res.body.data.acked.map((a: any) => [a.id, a.status, a.deliveries])).toEqual(
      ids.map((id: string) => [id, 'acked', 1]),
    );
    for (const [i, id] of ids.entries()) {
      const message = (await h.api('get', `${AGENTS}/messages/${id}`).expect(200)).body.data;
      expect(message).toMatchObject({ status: 'acked', reply: { double: (i + 1) * 2 } });
    }
    expect(await claim(h, agent.id, '?max=10')).toEqual([]);
  });

  it('a stale lease or another agent’s message fails alone; the other acks of the batch are made', async () => {
    const agent = await registerExternal(h, 'batch-partial', ['job'], { maxConcurrency: 20 });
    const other = await registerExternal(h, 'batch-other', ['job']);
    await sendBatch(h, [
      { to: agent.id, type: 'job', payload: { n: 1 } },
      { to: agent.id, type: 'job', payload: { n: 2 } },
      { to: agent.id, type: 'job', payload: { n: 3 } },
      { to: other.id, type: 'job', payload: { n: 4 } },
    ]).expect(202);
    const mine = await claim(h, agent.id, '?max=10');
    const [theirs] = await claim(h, other.id);
    // The first is acked on its own first: its lease is no longer held when the batch comes.
    await h
      .api('post', `${AGENTS}/${agent.id}/messages/${mine[0].id}/ack`)
      .send({ leaseId: mine[0].leaseId })
      .expect(200);

    const res = await ackBatch(h, agent.id, [...acksOf(mine), ...acksOf([theirs])]).expect(200);
    expect(res.body.data.acked.map((a: any) => a.id)).toEqual([mine[1].id, mine[2].id]);
    expect(res.body.data.failed).toEqual([
      expect.objectContaining({
        messageId: mine[0].id,
        leaseId: mine[0].leaseId,
        error: expect.objectContaining({ code: 'CONFLICT' }),
      }),
      expect.objectContaining({ messageId: theirs.id, error: expect.objectContaining({ code: 'NOT_FOUND' }) }),
    ]);
    // The other agent's delivery is untouched: still leased to it, and its own ack works.
    expect((await h.api('get', `${AGENTS}/messages/${theirs.id}`).expect(200)).body.data.status).toBe('leased');
    const own = await ackBatch(h, other.id, acksOf([theirs])).expect(200);
    expect(own.body.data.acked.map((a: any) => a.id)).toEqual([theirs.id]);
  });

  it('after a lease expires and the message is redelivered, the old holder’s batch ack changes nothing and the new one acks each once', async () => {
    const agent = await registerExternal(h, 'batch-lease', ['job'], { maxConcurrency: 20 });
    await sendBatch(
      h,
      // Two: a third expired lease would open the agent's circuit (AGENTS_BREAKER_FAILURES 3).
      [1, 2].map((n) => ({ to: agent.id, type: 'job', payload: { n }, maxDeliveries: 3 })),
    ).expect(202);
    const first = await claim(h, agent.id, '?max=10&leaseMs=5000');
    expect(first).toHaveLength(2);
    clock.advance(5500);
    expect(await sweeper.sweep()).toMatchObject({ leasesExpired: 2, redelivered: 2 });
    const second = await claim(h, agent.id, '?max=10');
    expect(second.map((m) => [m.id, m.deliveries])).toEqual(first.map((m) => [m.id, 2]));

    const stale = await ackBatch(h, agent.id, acksOf(first)).expect(200);
    expect(stale.body.data.acked).toEqual([]);
    expect(stale.body.data.failed.map((f: any) => f.error.code)).toEqual(['CONFLICT', 'CONFLICT']);
    for (const m of second)
      expect((await h.api('get', `${AGENTS}/messages/${m.id}`).expect(200)).body.data.status).toBe('leased');

    const fresh = await ackBatch(h, agent.id, acksOf(second)).expect(200);
    expect(fresh.body.data.acked.map((a: any) => [a.id, a.deliveries])).toEqual(second.map((m) => [m.id, 2]));
    const again = await ackBatch(h, agent.id, acksOf(second)).expect(200);
    expect(again.body.data.failed.map((f: any) => f.error.code)).toEqual(['CONFLICT', 'CONFLICT']);
    expect(await claim(h, agent.id, '?max=10')).toEqual([]);
  });

  it('concurrent consumers claiming and acking in batches get every message exactly once', async () => {
    const agent = await registerExternal(h, 'batch-race', ['job'], { maxConcurrency: 100 });
    const sent: string[] = [];
    for (let b = 0; b < 3; b++) {
      const res = await sendBatch(
        h,
        Array.from({ length: 20 }, (_, i) => ({ to: agent.id, type: 'job', payload: { n: b * 20 + i } })),
      ).expect(202);
      sent.push(...res.body.data.results.map((r: any) => r.messages[0].id));
    }
    const claimedIds: string[] = [];
    const ackedIds: string[] = [];
    const consumer = async () => {
      for (;;) {
        const batch = await claim(h, agent.id, '?max=7');
        if (!batch.length) return;
        claimedIds.push(...batch.map((m) => m.id));
        const res = await ackBatch(h, agent.id, acksOf(batch)).expect(200);
        expect(res.body.data.failed).toEqual([]);
        ackedIds.push(...res.body.data.acked.map((a: any) => a.id));
      }
    };
    await Promise.all([consumer(), consumer(), consumer()]);
    expect(new Set(claimedIds).size).toBe(claimedIds.length);
    expect([...ackedIds].sort()).toEqual([...sent].sort());
  });

  it('a batch send by capability spreads over the least loaded agents, each message routed on its own', async () => {
    const a = await registerExternal(h, 'spread-a', ['spread'], { maxConcurrency: 10 });
    const b = await registerExternal(h, 'spread-b', ['spread'], { maxConcurrency: 10 });
    const res = await sendBatch(
      h,
      [1, 2, 3, 4].map((n) => ({ to: { capability: 'spread' }, type: 'spread', payload: { n } })),
    ).expect(202);
    const results = res.body.data.results;
    expect(results.map((r: any) => r.routing)).toEqual(Array(4).fill({ mode: 'capability', candidates: 2 }));
    const byAgent = results.map((r: any) => r.messages[0].agentId);
    expect(byAgent.filter((id: string) => id === a.id)).toHaveLength(2);
    expect(byAgent.filter((id: string) => id === b.id)).toHaveLength(2);
    const claimed = [...(await claim(h, a.id, '?max=10')), ...(await claim(h, b.id, '?max=10'))];
    expect(claimed.map((m) => m.payload.n).sort()).toEqual([1, 2, 3, 4]);
    await ackBatch(h, a.id, acksOf(claimed.filter((m) => m.agentId === a.id))).expect(200);
    await ackBatch(h, b.id, acksOf(claimed.filter((m) => m.agentId === b.id))).expect(200);
  });

  it('an entry that cannot be sent fails the whole batch, naming its index, and nothing is stored', async () => {
    const agent = await registerExternal(h, 'batch-atomic', ['job']);
    expectInvalid(
      await sendBatch(h, [
        { to: agent.id, type: 'job', payload: { n: 1 } },
        { to: { capability: 'nobody_has_this' }, type: 'job', payload: { n: 2 } },
      ]),
      'messages[1].to.capability',
    );
    expectInvalid(
      await sendBatch(h, [
        { to: agent.id, type: 'job', payload: { n: 1 } },
        { to: agent.id, type: 'job', payload: { n: 2 }, ttlMs: 10 },
      ]),
      'messages[1].ttlMs',
    );
    const unknown = await sendBatch(h, [
      { to: agent.id, type: 'job', payload: { n: 1 } },
      { to: UNKNOWN_ID, type: 'job', payload: { n: 2 } },
    ]);
    expect({ status: unknown.status, code: unknown.body.error?.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(await claim(h, agent.id, '?max=10')).toEqual([]);
  });

  it('refuses malformed batches with 400 VALIDATION_FAILED naming the field', async () => {
    const agent = await registerExternal(h, 'batch-invalid', ['job']);
    expectInvalid(await sendBatch(h, []), 'messages');
    expectInvalid(
      await sendBatch(
        h,
        Array.from({ length: 101 }, () => ({ to: agent.id, type: 'job', payload: {} })),
      ),
      'messages',
    );
    expectInvalid(await sendBatch(h, [{ to: agent.id, payload: {} }]), 'type');
    expectInvalid(await sendBatch(h, [{ to: 42, type: 'job', payload: {} }]), 'messages[0].to');

    expectInvalid(await ackBatch(h, agent.id, []), 'acks');
    expectInvalid(await h.api('post', `${AGENTS}/${agent.id}/messages/ack`).send({}), 'acks');
    expectInvalid(await ackBatch(h, agent.id, [{ messageId: UNKNOWN_ID, leaseId: 'not-a-lease' }]), 'leaseId');
    expectInvalid(await ackBatch(h, agent.id, [{ leaseId: UNKNOWN_ID }]), 'messageId');
    expectInvalid(
      await ackBatch(h, agent.id, [
        { messageId: UNKNOWN_ID, leaseId: UNKNOWN_ID },
        { messageId: UNKNOWN_ID, leaseId: UNKNOWN_ID },
      ]),
      'acks',
    );
    const unknownAgent = await ackBatch(h, UNKNOWN_ID, [{ messageId: UNKNOWN_ID, leaseId: UNKNOWN_ID }]);
    expect({ status: unknownAgent.status, code: unknownAgent.body.error?.code }).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
  });
});
