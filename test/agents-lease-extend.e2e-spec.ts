import request from 'supertest';
import type { ManualClock } from '@app/infrastructure';
import type { MailboxSweeper } from '@app/agent-coordinator';
import {
  AGENTS,
  AgentsHarness,
  agentsOnManualClockForSuite,
  claimMessages,
  KEYS,
  registerExternal,
} from './support/agents';

const UNKNOWN_ID = '01JD3Z8X6Q4W3N5R7T9V1B2C3D';

describe('agent mailboxes: extending a lease (POST …/messages/:messageId/extend)', () => {
  let h: AgentsHarness;
  let clock: ManualClock;
  let sweeper: MailboxSweeper;

  agentsOnManualClockForSuite((booted) => ({ h, clock, sweeper } = booted));

  const send = (to: string, payload: unknown) =>
    h.api('post', `${AGENTS}/messages`).send({ to, type: 'job', payload, maxDeliveries: 5 }).expect(202);
  const claim = (agentId: string, query = '') => claimMessages(h, agentId, query);
  const extend = (
    agentId: string,
    messageId: string,
    body: Record<string, unknown>,
    role: keyof typeof KEYS = 'operator',
  ) =>
    request(h.t.http).post(`${AGENTS}/${agentId}/messages/${messageId}/extend`).set('X-API-Key', KEYS[role]).send(body);
  const fieldsOf = (res: request.Response) => (res.body.error?.details?.fields ?? []).map((f: any) => f.field);

  it('keeps a message from being redelivered past its original lease; the holder then acks it', async () => {
    const agent = await registerExternal(h, 'long-worker', ['job'], { maxConcurrency: 5 });
    const id = (await send(agent.id, { report: 'quarterly' })).body.data.messages[0].id;
    const [m] = await claim(agent.id, '?leaseMs=5000');
    expect(m.links.extend).toBe(`${AGENTS}/${agent.id}/messages/${id}/extend`);
    const claimedAt = clock.now();
    expect(Date.parse(m.leaseExpiresAt)).toBe(claimedAt + 5000);

    clock.advance(4000);
    const res = await extend(agent.id, id, { leaseId: m.leaseId, leaseMs: 10_000 }).expect(200);
    // The new lease runs leaseMs from now, like SQS ChangeMessageVisibility.
    expect(res.body.data).toMatchObject({
      id,
      agentId: agent.id,
      status: 'leased',
      deliveries: 1,
      leaseId: m.leaseId,
      leaseExpiresAt: new Date(claimedAt + 14_000).toISOString(),
    });
    expect(res.body.data.leasedAt).toBe(new Date(claimedAt).toISOString());

    // Past the original lease (5 s) the message is still held: no redelivery, no failure counted.
    clock.advance(2000);
    expect(await sweeper.sweep()).toMatchObject({ leasesExpired: 0, redelivered: 0 });
    expect(await claim(agent.id, '?max=5')).toEqual([]);
    expect((await h.api('get', `${AGENTS}/messages/${id}`).expect(200)).body.data).toMatchObject({
      status: 'leased',
      deliveries: 1,
    });

    // Extended again while held, then acked with the same lease.
    clock.advance(7000);
    await extend(agent.id, id, { leaseId: m.leaseId, leaseMs: 3000 }).expect(200);
    clock.advance(2500);
    expect(await sweeper.sweep()).toMatchObject({ leasesExpired: 0 });
    const acked = await h
      .api('post', `${AGENTS}/${agent.id}/messages/${id}/ack`)
      .send({ leaseId: m.leaseId, output: { pages: 12 } })
      .expect(200);
    expect(acked.body.data).toMatchObject({ id, status: 'acked', deliveries: 1, reply: { pages: 12 } });
    const metrics = (await h.api('get', `${AGENTS}/${agent.id}/metrics`).expect(200)).body.data;
    expect(metrics).toMatchObject({ handled: 1, failures: 0 });
  });

  it('409 CONFLICT once the lease ran out (swept or not), after redelivery and after an ack; a refused extension changes nothing', async () => {
    const agent = await registerExternal(h, 'late-worker', ['job'], { maxConcurrency: 5 });
    const id = (await send(agent.id, { n: 1 })).body.data.messages[0].id;
    const [first] = await claim(agent.id, '?leaseMs=5000');

    // Expired but not swept yet: too late all the same.
    clock.advance(5001);
    const late = await extend(agent.id, id, { leaseId: first.leaseId, leaseMs: 60_000 }).expect(409);
    expect(late.body.error.code).toBe('CONFLICT');
    expect(late.body.error.message).toMatch(/expired/);
    // The refused extension did not revive the lease: the sweep redelivers the message.
    expect(await sweeper.sweep()).toMatchObject({ leasesExpired: 1, redelivered: 1 });

    const [second] = await claim(agent.id);
    expect(second).toMatchObject({ id, deliveries: 2 });
    // The first delivery's lease is gone for good; the second's can be extended.
    const stale = await extend(agent.id, id, { leaseId: first.leaseId, leaseMs: 60_000 }).expect(409);
    expect(stale.body.error).toMatchObject({ code: 'CONFLICT', details: { status: 'leased', deliveries: 2 } });
    expect(stale.body.error.message).toMatch(/redelivered/);
    await extend(agent.id, id, { leaseId: second.leaseId, leaseMs: 60_000 }).expect(200);

    await h.api('post', `${AGENTS}/${agent.id}/messages/${id}/ack`).send({ leaseId: second.leaseId }).expect(200);
    const settled = await extend(agent.id, id, { leaseId: second.leaseId, leaseMs: 60_000 }).expect(409);
    expect(settled.body.error).toMatchObject({ code: 'CONFLICT', details: { status: 'acked' } });
  });

  it('404 for another agent’s or another tenant’s message, as for an unknown one; the lease is left alone', async () => {
    const holder = await registerExternal(h, 'holder', ['job']);
    const sibling = await registerExternal(h, 'sibling', ['job']);
    const rival = (
      await request(h.t.http)
        .post(AGENTS)
        .set('X-API-Key', KEYS.other)
        .send({ name: 'rival', kind: 'external', capabilities: ['job'] })
        .expect(201)
    ).body.data;
    const id = (await send(holder.id, { secret: true })).body.data.messages[0].id;
    const [m] = await claim(holder.id, '?leaseMs=5000');
    const body = { leaseId: m.leaseId, leaseMs: 600_000 };

    // Each answer is the one for the same request with an id that does not exist.
    const pairs: Array<[request.Response, request.Response]> = [
      // Same tenant, another agent: the message is unknown to it.
      [await extend(sibling.id, id, body), await extend(sibling.id, UNKNOWN_ID, body)],
      // Another tenant's agent and this message.
      [await extend(rival.id, id, body, 'other'), await extend(rival.id, UNKNOWN_ID, body, 'other')],
      // This agent, addressed from another tenant.
      [await extend(holder.id, id, body, 'other'), await extend(UNKNOWN_ID, id, body, 'other')],
    ];
    const hideIds = (res: request.Response) => ({
      status: res.status,
      code: res.body.error?.code,
      message: String(res.body.error?.message).replace(/[0-9A-Z]{26}/g, '<id>'),
    });
    for (const [hidden, unknown] of pairs) {
      expect(hidden.status).toBe(404);
      expect(hideIds(hidden)).toEqual(hideIds(unknown));
    }
    // None of them extended the holder's lease: it runs out at 5 s and the message comes back.
    clock.advance(5001);
    expect(await sweeper.sweep()).toMatchObject({ leasesExpired: 1, redelivered: 1 });
    const [again] = await claim(holder.id);
    expect(again).toMatchObject({ id, deliveries: 2 });
    await h.api('post', `${AGENTS}/${holder.id}/messages/${id}/ack`).send({ leaseId: again.leaseId }).expect(200);
  });

  it('400 VALIDATION_FAILED naming the field for a bad leaseMs or leaseId', async () => {
    const agent = await registerExternal(h, 'picky', ['job']);
    const id = (await send(agent.id, { n: 1 })).body.data.messages[0].id;
    const [m] = await claim(agent.id);
    for (const leaseMs of [undefined, 50, 1.5, 'soon', -1, 3_600_001]) {
      const res = await extend(agent.id, id, { leaseId: m.leaseId, leaseMs });
      expect({ leaseMs, status: res.status, code: res.body.error?.code }).toEqual({
        leaseMs,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(fieldsOf(res)).toEqual(['leaseMs']);
    }
    const badLease = await extend(agent.id, id, { leaseId: 'not-a-lease', leaseMs: 10_000 }).expect(400);
    expect(fieldsOf(badLease)).toEqual(['leaseId']);
    const unknownField = await extend(agent.id, id, { leaseId: m.leaseId, leaseMs: 10_000, visibility: 1 }).expect(400);
    expect(unknownField.body.error.code).toBe('VALIDATION_FAILED');
    // Still held under its original lease.
    await h.api('post', `${AGENTS}/${agent.id}/messages/${id}/ack`).send({ leaseId: m.leaseId }).expect(200);
  });

  it('a built-in agent’s mailbox is not the client’s to extend (409), and viewers may not extend (403)', async () => {
    const builtin = (await h.api('get', `${AGENTS}?kind=builtin&limit=1`).expect(200)).body.data.items[0];
    expect(
      (await extend(builtin.id, UNKNOWN_ID, { leaseId: UNKNOWN_ID, leaseMs: 10_000 }).expect(409)).body.error.code,
    ).toBe('CONFLICT');
    const agent = await registerExternal(h, 'watched', ['job']);
    const id = (await send(agent.id, { n: 1 })).body.data.messages[0].id;
    const [m] = await claim(agent.id);
    expect(
      (await extend(agent.id, id, { leaseId: m.leaseId, leaseMs: 10_000 }, 'viewer').expect(403)).body.error.code,
    ).toBe('FORBIDDEN');
    await h.api('post', `${AGENTS}/${agent.id}/messages/${id}/ack`).send({ leaseId: m.leaseId }).expect(200);
  });
});
