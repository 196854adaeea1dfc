import request from 'supertest';
import type { ManualClock } from '@app/infrastructure';
import type { MailboxSweeper } from '@app/agent-coordinator';
import {
  AGENTS,
  AgentsHarness,
  bootAgents,
  agentsOnManualClockForSuite,
  claimMessages as claim,
  getAgent,
  KEYS,
  registerExternal,
  tempDb,
  waitFor,
} from './support/agents';
import { openSseClient } from './support/sse-client';

const send = (h: AgentsHarness, to: string, body: Record<string, unknown>) =>
  h.api('post', `${AGENTS}/messages`).send({ to, type: 'job', payload: {}, ...body });

describe('agent mailboxes: priority order, leases, dead letters, replay', () => {
  let h: AgentsHarness;
  let clock: ManualClock;
  let sweeper: MailboxSweeper;

  agentsOnManualClockForSuite((booted) => ({ h, clock, sweeper } = booted));

  it('delivers by priority, then arrival, whatever the order of sending', async () => {
    const agent = await registerExternal(h, 'prio', ['job']);
    const sent: Array<[string, string]> = [
      ['low', 'l1'],
      ['normal', 'n1'],
      ['critical', 'c1'],
      ['background', 'b1'],
      ['high', 'h1'],
      ['normal', 'n2'],
      ['critical', 'c2'],
      ['low', 'l2'],
      ['high', 'h2'],
      ['background', 'b2'],
    ];
    for (const [priority, label] of sent) await send(h, agent.id, { priority, payload: { label } }).expect(202);
    const firstThree = await claim(h, agent.id, '?max=3');
    const rest = await claim(h, agent.id, '?max=20');
    expect([...firstThree, ...rest].map((m) => m.payload.label)).toEqual([
      'c1',
      'c2',
      'h1',
      'h2',
      'n1',
      'n2',
      'l1',
      'l2',
      'b1',
      'b2',
    ]);
    expect(firstThree.every((m) => m.status === 'leased' && m.deliveries === 1 && typeof m.leaseId === 'string')).toBe(
      true,
    );
    expect(await claim(h, agent.id, '?max=5')).toEqual([]);
    for (const m of [...firstThree, ...rest])
      await h.api('post', `${AGENTS}/${agent.id}/messages/${m.id}/ack`).send({ leaseId: m.leaseId }).expect(200);
  });

  it('an unacked lease expires and the message is redelivered (new lease, delivery 2); the stale lease cannot ack', async () => {
    const agent = await registerExternal(h, 'lease', ['job'], { maxConcurrency: 5 });
    const { body } = await send(h, agent.id, { payload: { order: 42 }, maxDeliveries: 3 }).expect(202);
    const id = body.data.messages[0].id;
    const [first] = await claim(h, agent.id, '?leaseMs=5000');
    expect(first).toMatchObject({ id, deliveries: 1 });
    // Hidden while leased, even after a sweep, until the lease runs out.
    clock.advance(4000);
    await sweeper.sweep();
    expect(await claim(h, agent.id)).toEqual([]);
    clock.advance(1500);
    const swept = await sweeper.sweep();
    expect(swept).toMatchObject({ leasesExpired: 1, redelivered: 1 });
    const [second] = await claim(h, agent.id);
    expect(second).toMatchObject({ id, deliveries: 2, payload: { order: 42 } });
    expect(second.leaseId).not.toBe(first.leaseId);
    const stale = await h
      .api('post', `${AGENTS}/${agent.id}/messages/${id}/ack`)
      .send({ leaseId: first.leaseId, output: { ok: 1 } })
      .expect(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    await h
      .api('post', `${AGENTS}/${agent.id}/messages/${id}/ack`)
      .send({ leaseId: second.leaseId, output: { filled: true } })
      .expect(200);
    const final = (await h.api('get', `${AGENTS}/messages/${id}`).expect(200)).body.data;
    expect(final).toMatchObject({ status: 'acked', deliveries: 2, reply: { filled: true } });
    // The expired lease counted against the agent, the ack for it.
    const metrics = (await h.api('get', `${AGENTS}/${agent.id}/metrics`).expect(200)).body.data;
    expect(metrics).toMatchObject({ handled: 2, failures: 1 });
  });

  it('after maxDeliveries the message is dead-lettered; it can be listed and replayed, then acked', async () => {
    const agent = await registerExternal(h, 'dlq', ['job'], { maxConcurrency: 5 });
    const { body } = await send(h, agent.id, { payload: { attempt: 'x' }, maxDeliveries: 2 }).expect(202);
    const id = body.data.messages[0].id;
    // Delivery 1: nacked and requeued. Delivery 2: lease expires → no deliveries left → dead.
    const [d1] = await claim(h, agent.id);
    const nacked = await h
      .api('post', `${AGENTS}/${agent.id}/messages/${id}/nack`)
      .send({ leaseId: d1.leaseId, error: { code: 'UPSTREAM_DOWN', message: 'feed down' } })
      .expect(200);
    expect(nacked.body.data).toMatchObject({ status: 'queued', error: { code: 'UPSTREAM_DOWN' } });
    const [d2] = await claim(h, agent.id);
    expect(d2.deliveries).toBe(2);
    clock.advance(6000);
    expect(await sweeper.sweep()).toMatchObject({ leasesExpired: 1, deadLettered: 1 });
    expect(await claim(h, agent.id)).toEqual([]);

    const dead = (await h.api('get', `${AGENTS}/dead-letters?agentId=${agent.id}`).expect(200)).body.data.items;
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      id,
      status: 'dead',
      deadReason: 'max_deliveries',
      deliveries: 2,
      error: { code: 'LEASE_EXPIRED' },
    });
    expect(
      (await h.api('get', `${AGENTS}/dead-letters?reason=expired`).expect(200)).body.data.items.map((m: any) => m.id),
    ).not.toContain(id);
    // Another tenant sees none of it.
    expect(
      (await request(h.t.http).get(`${AGENTS}/dead-letters`).set('X-API-Key', KEYS.other).expect(200)).body.data.items,
    ).toEqual([]);
    await request(h.t.http).post(`${AGENTS}/dead-letters/${id}/replay`).set('X-API-Key', KEYS.other).expect(404);

    const replayed = await h.api('post', `${AGENTS}/dead-letters/${id}/replay`).expect(200);
    expect(replayed.body.data).toMatchObject({ id, status: 'queued', deliveries: 0, deadReason: null });
    expect((await h.api('post', `${AGENTS}/dead-letters/${id}/replay`).expect(409)).body.error.code).toBe('CONFLICT');
    const [again] = await claim(h, agent.id);
    expect(again).toMatchObject({ id, deliveries: 1, payload: { attempt: 'x' } });
    await h.api('post', `${AGENTS}/${agent.id}/messages/${id}/ack`).send({ leaseId: again.leaseId }).expect(200);
    expect((await h.api('get', `${AGENTS}/dead-letters?agentId=${agent.id}`).expect(200)).body.data.items).toEqual([]);
  });

  it('nack with requeue false and a TTL running out both dead-letter, with their reasons', async () => {
    const agent = await registerExternal(h, 'ttl', ['job']);
    const rejected = (await send(h, agent.id, { payload: { n: 1 } }).expect(202)).body.data.messages[0].id;
    const [m] = await claim(h, agent.id);
    await h
      .api('post', `${AGENTS}/${agent.id}/messages/${rejected}/nack`)
      .send({ leaseId: m.leaseId, requeue: false })
      .expect(200);
    const expiring = (await send(h, agent.id, { payload: { n: 2 }, ttlMs: 2000 }).expect(202)).body.data.messages[0].id;
    clock.advance(2500);
    await sweeper.sweep();
    const dead = (await h.api('get', `${AGENTS}/dead-letters?agentId=${agent.id}`).expect(200)).body.data.items;
    expect(Object.fromEntries(dead.map((d: any) => [d.id, d.deadReason]))).toEqual({
      [rejected]: 'rejected',
      [expiring]: 'expired',
    });
  });

  it('a long poll returns as soon as a message arrives', async () => {
    const agent = await registerExternal(h, 'longpoll', ['job']);
    const started = Date.now();
    const polling = h.api('get', `${AGENTS}/${agent.id}/messages?wait=10000`);
    const pending = new Promise<request.Response>((resolve, reject) =>
      polling.end((err, res) => (err ? reject(err) : resolve(res))),
    );
    await new Promise((r) => setTimeout(r, 150));
    await send(h, agent.id, { payload: { wake: true } }).expect(202);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.data.map((m: any) => m.payload)).toEqual([{ wake: true }]);
    expect(Date.now() - started).toBeLessThan(5000);
    // An empty long poll ends after its wait with an empty list.
    const empty = Date.now();
    expect(await claim(h, agent.id, '?wait=300')).toEqual([]);
    expect(Date.now() - empty).toBeGreaterThanOrEqual(250);
  });

  it('streams claimed messages over SSE, at most maxConcurrency in flight, more after an ack', async () => {
    const agent = await registerExternal(h, 'sse', ['job'], { maxConcurrency: 2 });
    for (const n of [1, 2, 3]) await send(h, agent.id, { payload: { n } }).expect(202);
    const events: any[] = [];
    let blocks = 0;
    const req = request(h.t.http)
      .get(`${AGENTS}/${agent.id}/messages/stream`)
      .set('X-API-Key', KEYS.operator)
      .buffer(true)
      .parse((res, cb) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const complete = text.split('\n\n').slice(0, -1);
          for (const block of complete.slice(blocks)) {
            const data = /data: (.*)/.exec(block)?.[1];
            if (/event: message/.test(block) && data) events.push(JSON.parse(data));
          }
          blocks = complete.length;
        });
        res.on('end', () => cb(null, text));
      });
    const done = req.then(
      (r) => r,
      () => null,
    );
    await waitFor(
      async () => events.length,
      (n) => n === 2,
      5000,
      'two streamed messages',
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(events.map((e) => e.payload.n)).toEqual([1, 2]);
    await h
      .api('post', `${AGENTS}/${agent.id}/messages/${events[0].id}/ack`)
      .send({ leaseId: events[0].leaseId })
      .expect(200);
    await waitFor(
      async () => events.length,
      (n) => n === 3,
      5000,
      'the third message after an ack',
    );
    expect(events[2].payload.n).toBe(3);
    req.abort();
    await done;
  });

  it('a stream reconnecting with Last-Event-ID is sent the later messages still leased, under their leases', async () => {
    const agent = await registerExternal(h, 'sse-resume', ['job'], { maxConcurrency: 3 });
    for (const n of [1, 2, 3]) await send(h, agent.id, { payload: { n } }).expect(202);
    const path = `${AGENTS}/${agent.id}/messages/stream`;
    const first = openSseClient(h.t.http, path, { 'X-API-Key': KEYS.operator });
    await waitFor(
      async () => first.events.length,
      (n) => n === 3,
      5000,
      'three streamed messages',
    );
    first.abort();
    await first.closed.catch(() => undefined);
    const [m1, m2, m3] = first.events;
    expect(first.events.map((e) => e.id)).toEqual(first.events.map((e) => e.data.id));

    // Say the client had only read the first when the connection dropped.
    const second = openSseClient(h.t.http, path, { 'X-API-Key': KEYS.operator, 'Last-Event-ID': m1.id! });
    await waitFor(
      async () => second.events.length,
      (n) => n === 2,
      5000,
      'the two messages after the named one',
    );
    expect(second.events.map((e) => e.data.payload.n)).toEqual([2, 3]);
    expect(second.events.map((e) => e.data.leaseId)).toEqual([m2.data.leaseId, m3.data.leaseId]);
    for (const e of second.events)
      await h
        .api('post', `${AGENTS}/${agent.id}/messages/${e.data.id}/ack`)
        .send({ leaseId: e.data.leaseId })
        .expect(200);
    second.abort();
    await second.closed.catch(() => undefined);

    // Without Last-Event-ID nothing is sent again: the first message stays leased until acked or expired.
    const third = openSseClient(h.t.http, path, { 'X-API-Key': KEYS.operator });
    await new Promise((r) => setTimeout(r, 300));
    expect(third.events).toEqual([]);
    third.abort();
    await third.closed.catch(() => undefined);
    await h
      .api('post', `${AGENTS}/${agent.id}/messages/${m1.data.id}/ack`)
      .send({ leaseId: m1.data.leaseId })
      .expect(200);
  });

  it('claiming a built-in agent’s mailbox, or with a foreign or unknown agent id, is refused', async () => {
    const builtin = (await h.api('get', `${AGENTS}?kind=builtin&limit=1`).expect(200)).body.data.items[0];
    expect((await h.api('get', `${AGENTS}/${builtin.id}/messages`).expect(409)).body.error.code).toBe('CONFLICT');
    expect((await h.api('get', `${AGENTS}/01JD3Z8X6Q4W3N5R7T9V1B2C3D/messages`).expect(404)).body.error.code).toBe(
      'NOT_FOUND',
    );
    // Claiming is a state change: viewers may not.
    const agent = await registerExternal(h, 'viewer-check', ['job']);
    expect((await h.api('get', `${AGENTS}/${agent.id}/messages`, 'viewer').expect(403)).body.error.code).toBe(
      'FORBIDDEN',
    );
    expect((await getAgent(h, agent.id)).status).toBe('idle');
  });
});

describe('agent mailboxes survive a restart', () => {
  it('queued and leased messages are still there, in order, after close and boot on the same database', async () => {
    const db = tempDb();
    try {
      let h = await bootAgents({ SQLITE_PATH: db.path, AGENTS_SWEEP_INTERVAL_MS: '50' });
      const agent = await registerExternal(h, 'durable', ['job'], { maxConcurrency: 5 });
      for (const [priority, label] of [
        ['low', 'a'],
        ['critical', 'b'],
        ['normal', 'c'],
      ]) {
        await h
          .api('post', `${AGENTS}/messages`)
          .send({ to: agent.id, type: 'job', priority, payload: { label } })
          .expect(202);
      }
      // The lease outlasts a close and boot even on a loaded 2-core CI machine (400 ms did not),
      // so the first listing after the boot sees only the two waiting messages.
      const [leased] = (await h.api('get', `${AGENTS}/${agent.id}/messages?leaseMs=5000`).expect(200)).body.data;
      expect(leased.payload.label).toBe('b');
      await h.close();

      h = await bootAgents({ SQLITE_PATH: db.path, AGENTS_SWEEP_INTERVAL_MS: '50' });
      try {
        // The two waiting messages are there at once; the leased one comes back when its lease runs out.
        const waiting = (await h.api('get', `${AGENTS}/${agent.id}/messages?max=10`).expect(200)).body.data;
        expect(waiting.map((m: any) => m.payload.label)).toEqual(['c', 'a']);
        const redelivered = await waitFor(
          async () => (await h.api('get', `${AGENTS}/${agent.id}/messages?wait=2000`).expect(200)).body.data,
          (ms) => ms.length > 0,
          15_000,
          'redelivery',
        );
        expect(redelivered[0]).toMatchObject({ id: leased.id, deliveries: 2, payload: { label: 'b' } });
      } finally {
        await h.close();
      }
    } finally {
      db.remove();
    }
  }, 60_000);
});
