import { AgentCoordinatorModule, AgentRegistry, MailboxService, MailboxSweeper } from '@app/agent-coordinator';
import { Clock, ManualClock } from '@app/infrastructure';
import { createMediumModule, type MediumModule } from '@app/infrastructure/testing';

const LEASE_MS = 5_000;

/**
 * The mailbox through its Nest module on a temporary SQLite file, without HTTP: sending, leasing,
 * acknowledgement, redelivery after a lease runs out, dead letters and isolation. Time is a
 * ManualClock; the sweep runs when a test calls it (its own timer is an hour away).
 */
describe('MailboxService (medium)', () => {
  let m: MediumModule;
  let mailbox: MailboxService;
  let registry: AgentRegistry;
  let sweeper: MailboxSweeper;
  let clock: ManualClock;
  let seq = 0;

  beforeAll(async () => {
    m = await createMediumModule([AgentCoordinatorModule], {
      init: false,
      env: { AGENTS_SWEEP_INTERVAL_MS: '3600000', AGENTS_NACK_DELAY_MS: '0' },
    });
    clock = new ManualClock(Date.now());
    m.get(Clock).use(clock);
    await m.module.init();
    mailbox = m.get(MailboxService);
    registry = m.get(AgentRegistry);
    sweeper = m.get(MailboxSweeper);
  }, 60_000);

  afterAll(() => m?.close());

  /** A fresh external agent, so one test's failures never open another test's circuit. */
  async function agent(tenant = 'acme', capabilities = ['quote']): Promise<string> {
    const view = await registry.register({ tenant, name: `desk-${++seq}`, capabilities });
    return view.agent.id;
  }

  const poll = (tenant: string, agentId: string, leaseMs = LEASE_MS) =>
    mailbox.poll(tenant, agentId, { max: 10, leaseMs, waitMs: 0 });

  it('sends to one agent, leases the message to it once, and stores the reply on ack', async () => {
    const desk = await agent();
    const { messages, routing } = await mailbox.send({
      tenant: 'acme',
      to: desk,
      type: 'quote',
      payload: { symbol: 'EURUSD' },
      priority: 'high',
    });
    expect(routing).toEqual({ mode: 'direct' });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ agentId: desk, status: 'queued', deliveries: 0, priority: 'high' });

    const [leased] = await poll('acme', desk);
    expect(leased).toMatchObject({ id: messages[0].id, status: 'leased', deliveries: 1 });
    expect(leased.payload).toEqual({ symbol: 'EURUSD' });
    expect(leased.leaseExpiresAt?.getTime()).toBe(clock.now() + LEASE_MS);
    expect(await poll('acme', desk)).toEqual([]);

    const acked = await mailbox.ack('acme', desk, leased.id, leased.leaseId as string, { bid: 1.08 });
    expect(acked).toMatchObject({ status: 'acked', reply: { bid: 1.08 }, leaseExpiresAt: null });
    expect((await mailbox.awaitOutcome(leased.id, 0)).status).toBe('acked');
    await expect(mailbox.ack('acme', desk, leased.id, leased.leaseId as string, { bid: 1.09 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('delivers the best priority first, then the oldest', async () => {
    const desk = await agent();
    for (const [i, priority] of (['low', 'normal', 'critical', 'normal'] as const).entries())
      await mailbox.send({ tenant: 'acme', to: desk, type: 'quote', payload: { i }, priority });
    const claimed = await poll('acme', desk);
    expect(claimed.map((c) => c.payload)).toEqual([{ i: 2 }, { i: 1 }, { i: 3 }, { i: 0 }]);
    for (const c of claimed) await mailbox.ack('acme', desk, c.id, c.leaseId as string, null);
  });

  it('redelivers a message whose lease ran out under a new lease, and refuses the old lease', async () => {
    const desk = await agent();
    const { messages } = await mailbox.send({ tenant: 'acme', to: desk, type: 'quote', payload: 1 });
    const [first] = await poll('acme', desk);

    clock.advance(LEASE_MS - 1);
    expect(await sweeper.sweep()).toMatchObject({ leasesExpired: 0 });
    expect(await poll('acme', desk)).toEqual([]);

    clock.advance(1);
    expect(await sweeper.sweep()).toMatchObject({ leasesExpired: 1, redelivered: 1, deadLettered: 0 });
    const queued = await mailbox.get('acme', messages[0].id);
    expect(queued).toMatchObject({ status: 'queued', deliveries: 1, error: { code: 'LEASE_EXPIRED' } });

    const [second] = await poll('acme', desk);
    expect(second).toMatchObject({ id: first.id, status: 'leased', deliveries: 2 });
    expect(second.leaseId).not.toBe(first.leaseId);
    await expect(mailbox.ack('acme', desk, first.id, first.leaseId as string, null)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await mailbox.ack('acme', desk, second.id, second.leaseId as string, 'ok')).toMatchObject({
      status: 'acked',
      deliveries: 2,
    });
  });

  it('dead-letters a message when its last allowed delivery expires, and replays it', async () => {
    const desk = await agent();
    const { messages } = await mailbox.send({ tenant: 'acme', to: desk, type: 'quote', payload: 1, maxDeliveries: 2 });
    const id = messages[0].id;

    expect(await poll('acme', desk)).toHaveLength(1);
    clock.advance(LEASE_MS);
    expect(await sweeper.sweep()).toMatchObject({ redelivered: 1, deadLettered: 0 });
    expect(await poll('acme', desk)).toHaveLength(1);
    clock.advance(LEASE_MS);
    expect(await sweeper.sweep()).toMatchObject({ redelivered: 0, deadLettered: 1 });

    expect(await mailbox.get('acme', id)).toMatchObject({
      status: 'dead',
      deadReason: 'max_deliveries',
      deliveries: 2,
    });
    expect((await mailbox.awaitOutcome(id, 0)).status).toBe('dead');
    expect(await poll('acme', desk)).toEqual([]);
    const dead = await mailbox.listDeadLetters({ tenant: 'acme', agentId: desk });
    expect(dead.items.map((d) => [d.id, d.deadReason])).toEqual([[id, 'max_deliveries']]);

    expect(await mailbox.replay('acme', id)).toMatchObject({ status: 'queued', deliveries: 0, deadReason: null });
    expect(await poll('acme', desk)).toMatchObject([{ id, deliveries: 1 }]);
  });

  it('dead-letters at once on a nack without requeue, and requeues on a plain nack', async () => {
    const desk = await agent();
    const { messages } = await mailbox.send({ tenant: 'acme', to: desk, type: 'quote', payload: 1 });
    const [first] = await poll('acme', desk);
    expect(await mailbox.nack('acme', desk, first.id, first.leaseId as string, {})).toMatchObject({
      status: 'queued',
      error: { code: 'NACKED' },
    });
    const [second] = await poll('acme', desk);
    const error = { code: 'BAD_INPUT', message: 'cannot quote' };
    expect(
      await mailbox.nack('acme', desk, second.id, second.leaseId as string, { error, requeue: false }),
    ).toMatchObject({ id: messages[0].id, status: 'dead', deadReason: 'rejected', error });
  });

  it("keeps each agent's and each tenant's messages apart", async () => {
    const deskA = await agent('acme');
    const deskB = await agent('acme');
    const other = await agent('globex');
    const { messages } = await mailbox.send({ tenant: 'acme', to: deskA, type: 'quote', payload: 'secret' });
    const id = messages[0].id;

    expect(await poll('acme', deskB)).toEqual([]);
    expect(await poll('globex', other)).toEqual([]);
    await expect(poll('globex', deskA)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(mailbox.get('globex', id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(mailbox.send({ tenant: 'globex', to: deskA, type: 'quote', payload: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    const [leased] = await poll('acme', deskA);
    expect(leased.id).toBe(id);
    await expect(mailbox.ack('acme', deskB, id, leased.leaseId as string, 'not mine')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await mailbox.get('acme', id)).status).toBe('leased');
  });

  it('broadcasts to every live agent of the tenant with the capability, and to no other', async () => {
    const capability = `fx-${++seq}`;
    const a = await agent('acme', [capability]);
    const b = await agent('acme', [capability]);
    await agent('acme', ['other']);
    await agent('globex', [capability]);
    const { messages, routing } = await mailbox.send({ tenant: 'acme', to: 'broadcast', type: capability, payload: 1 });
    expect(routing).toEqual({ mode: 'broadcast', candidates: 2 });
    expect(messages.map((x) => x.agentId).sort()).toEqual([a, b].sort());
    expect(new Set(messages.map((x) => x.broadcastId)).size).toBe(1);
  });
});
