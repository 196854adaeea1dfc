import request from 'supertest';
import { LG_KEYS, type SdkApp } from './langgraph-sdk';

const EURUSD = { desk: 'fx', symbol: 'EURUSD', quantity: 100000 };
const GBPUSD = { desk: 'fx', symbol: 'GBPUSD', quantity: 50000 };

/**
 * LangGraph SDK: threads, runs, state, history and interrupts: the SDK scenarios, run on SQLite (test/langgraph-sdk-*.e2e-spec.ts) and on PostgreSQL
 * (test/integration/langgraph-sdk.int-spec.ts).
 */
export function threadScenarios(sdk: () => SdkApp): void {
  it('runs the docs-style graph to its interrupt and resumes it with Command', async () => {
    const client = sdk().client();
    const thread = await client.threads.create({ metadata: { desk: 'fx' } });
    const waiting = (await client.runs.wait(thread.thread_id, 'desk-assistant', { input: EURUSD })) as Record<
      string,
      any
    >;
    expect(waiting.__interrupt__[0].value).toMatchObject({ symbol: 'EURUSD', quantity: 100000 });
    const state = await client.threads.getState<any>(thread.thread_id);
    expect(state.next).toEqual(['approve']);
    expect(state.tasks[0].interrupts[0].value).toMatchObject({ question: 'Book 100000 EURUSD on the fx desk?' });
    expect((await client.threads.get(thread.thread_id)).status).toBe('interrupted');

    const done = (await client.runs.wait(thread.thread_id, 'desk-assistant', {
      command: { resume: { approved: true } },
    })) as Record<string, any>;
    expect(done.trades).toEqual([{ symbol: 'EURUSD', quantity: 100000 }]);
    expect(done.positions).toEqual({ EURUSD: 100000 });
    expect((await client.threads.get(thread.thread_id)).status).toBe('idle');
  });

  it('carries a thread’s state across two runs, lists its runs and shows them on /api/v1/orchestration', async () => {
    const client = sdk().client();
    const thread = await client.threads.create();
    await client.runs.wait(thread.thread_id, 'desk-assistant', { input: { ...EURUSD, desk: 'carry' } });
    await client.runs.wait(thread.thread_id, 'desk-assistant', { command: { resume: true } });
    await client.runs.wait(thread.thread_id, 'desk-assistant', { input: { ...GBPUSD, desk: 'carry' } });
    const last = (await client.runs.wait(thread.thread_id, 'desk-assistant', { command: { resume: true } })) as any;
    // The trades channel has a reducer: the second run's trade joins the first's on the same thread.
    expect(last.trades).toEqual([
      { symbol: 'EURUSD', quantity: 100000 },
      { symbol: 'GBPUSD', quantity: 50000 },
    ]);
    expect(last.messages.length).toBeGreaterThanOrEqual(4);
    const runs = await client.runs.list(thread.thread_id);
    expect(runs).toHaveLength(4);
    expect(runs.every((r) => r.status === 'success' && r.thread_id === thread.thread_id)).toBe(true);
    const native = await request(sdk().app.http)
      .get(`/api/v1/orchestration/runs/${runs[0].run_id}`)
      .set('x-api-key', LG_KEYS.alice)
      .expect(200);
    expect(native.body.data).toMatchObject({
      id: runs[0].run_id,
      workflow: { name: 'desk-assistant' },
      status: 'succeeded',
    });
  });

  it('lists the history, updates the state as a node and forks from a past checkpoint without touching the original', async () => {
    const client = sdk().client();
    const thread = await client.threads.create();
    await client.runs.wait(thread.thread_id, 'desk-assistant', { input: { ...EURUSD, desk: 'fork' } });
    const history = await client.threads.getHistory(thread.thread_id, { limit: 20 });
    expect(history.length).toBeGreaterThanOrEqual(3);
    const atApproval = history.find((s) => s.next.includes('approve'))!;
    expect(atApproval.checkpoint.checkpoint_id).toBeTruthy();
    expect(history[0].checkpoint.checkpoint_id).toBe(
      (await client.threads.getState<any>(thread.thread_id)).checkpoint.checkpoint_id,
    );

    // updateState as `propose`: a new checkpoint with the smaller ticket, still waiting for approval.
    const updated = await client.threads.updateState(thread.thread_id, {
      values: { quantity: 25000 },
      asNode: 'propose',
    });
    expect(updated.configurable?.checkpoint_id).toBeTruthy();
    const edited = await client.threads.getState<any>(thread.thread_id);
    expect(edited.values.quantity).toBe(25000);
    expect(edited.next).toEqual(['approve']);
    const approved = (await client.runs.wait(thread.thread_id, 'desk-assistant', { command: { resume: true } })) as any;
    expect(approved.trades).toEqual([{ symbol: 'EURUSD', quantity: 25000 }]);
    const head = (await client.threads.getState<any>(thread.thread_id)).checkpoint.checkpoint_id;

    // Fork from the checkpoint where the first run waited (quantity 100000) and reject there.
    const forked = (await client.runs.wait(thread.thread_id, 'desk-assistant', {
      checkpointId: atApproval.checkpoint.checkpoint_id!,
      command: { resume: false },
    })) as any;
    expect(forked.quantity).toBe(100000);
    expect(forked.trades).toEqual([]);
    expect(forked.messages.at(-1).content).toBe('Not booked: EURUSD rejected.');
    // The original branch is untouched: its head still has the approved 25000 trade.
    const original = await client.threads.getState<any>(thread.thread_id, head!);
    expect(original.values.trades).toEqual([{ symbol: 'EURUSD', quantity: 25000 }]);
  });

  it('answers stateless runs from a temporary thread, and copies, searches, counts, patches and deletes threads', async () => {
    const client = sdk().client();
    const values = (await client.runs.wait(null, 'desk-assistant', { input: { ...EURUSD, desk: 'stateless' } })) as any;
    expect(values).toMatchObject({ symbol: 'EURUSD', quantity: 100000 });

    const thread = await client.threads.create({ metadata: { desk: 'copy-me' } });
    await client.runs.wait(thread.thread_id, 'desk-assistant', { input: { ...GBPUSD, desk: 'copy' } });
    const copy = await client.threads.copy(thread.thread_id);
    expect(copy.thread_id).not.toBe(thread.thread_id);
    expect((await client.threads.getState<any>(copy.thread_id)).values.symbol).toBe('GBPUSD');
    expect((await client.threads.getState<any>(copy.thread_id)).next).toEqual(['approve']);

    await client.threads.update(thread.thread_id, { metadata: { owner: 'alice' } });
    const found = await client.threads.search({ metadata: { desk: 'copy-me', owner: 'alice' } });
    expect(found.map((t) => t.thread_id)).toEqual([thread.thread_id]);
    expect(await client.threads.count({ metadata: { desk: 'copy-me' } })).toBe(2);
    expect((await client.threads.create({ threadId: thread.thread_id, ifExists: 'do_nothing' })).thread_id).toBe(
      thread.thread_id,
    );
    await expect(client.threads.create({ threadId: thread.thread_id })).rejects.toMatchObject({ status: 409 });

    await client.threads.delete(copy.thread_id);
    await expect(client.threads.get(copy.thread_id)).rejects.toMatchObject({ status: 404 });
  });

  it('keeps each tenant’s threads, runs and state to itself', async () => {
    const alice = sdk().client();
    const bob = sdk().client(LG_KEYS.bob);
    const thread = await alice.threads.create({ metadata: { secret: 'alice-only' } });
    const run = await alice.runs.create(thread.thread_id, 'desk-assistant', { input: { ...EURUSD, desk: 'iso' } });
    await alice.runs.join(thread.thread_id, run.run_id);
    await expect(bob.threads.get(thread.thread_id)).rejects.toMatchObject({ status: 404 });
    await expect(bob.threads.getState(thread.thread_id)).rejects.toMatchObject({ status: 404 });
    await expect(bob.runs.get(thread.thread_id, run.run_id)).rejects.toMatchObject({ status: 404 });
    await expect(bob.runs.wait(thread.thread_id, 'desk-assistant', { input: EURUSD })).rejects.toMatchObject({
      status: 404,
    });
    await expect(bob.threads.create({ threadId: thread.thread_id })).rejects.toMatchObject({ status: 409 });
    expect(await bob.threads.search({ metadata: { secret: 'alice-only' } })).toEqual([]);
    // A viewer reads but does not write.
    const viewer = sdk().client(LG_KEYS.aliceViewer);
    expect((await viewer.threads.get(thread.thread_id)).thread_id).toBe(thread.thread_id);
    await expect(viewer.threads.create()).rejects.toMatchObject({ status: 403 });
  });

  it('refuses bad input with 4xx naming the field', async () => {
    const client = sdk().client();
    const thread = await client.threads.create();
    await expect(
      client.runs.create(thread.thread_id, 'desk-assistant', { input: { desk: 'fx' } }),
    ).rejects.toMatchObject({
      status: 400,
    });
    const res = await fetch(`${sdk().baseUrl}/api/v1/langgraph/threads/${thread.thread_id}/runs`, {
      method: 'POST',
      headers: { 'x-api-key': LG_KEYS.alice, 'content-type': 'application/json' },
      body: JSON.stringify({ assistant_id: 'desk-assistant', stream_mode: ['values', 'bogus'] }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('stream_mode');
    await expect(client.runs.create(thread.thread_id, 'no-such-graph', { input: {} })).rejects.toMatchObject({
      status: 404,
    });
    await expect(client.runs.create('no-such-thread', 'desk-assistant', { input: EURUSD })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('stops after a node with interrupt_after, goes on with a null input, and creates a missing thread with if_not_exists', async () => {
    const client = sdk().client();
    const threadId = `lg-${Date.now()}-after`;
    const other = await client.threads.create();
    const run = await client.runs.create(threadId, 'desk-assistant', {
      input: { ...EURUSD, desk: 'after' },
      interruptAfter: ['propose'],
      ifNotExists: 'create',
      // A thread_id in the caller's configurable cannot point the run at another thread.
      config: { configurable: { thread_id: other.thread_id } },
    });
    await client.runs.join(threadId, run.run_id);
    const stopped = await client.threads.getState<any>(threadId);
    expect(stopped.next).toEqual(['approve']);
    expect(stopped.tasks[0].interrupts).toEqual([]);
    expect(stopped.values.messages).toHaveLength(1);
    expect((await client.threads.get(threadId)).status).toBe('interrupted');
    expect((await client.threads.getState<any>(other.thread_id)).values).toEqual({});

    const waiting = (await client.runs.wait(threadId, 'desk-assistant', { input: null })) as any;
    expect(waiting.__interrupt__[0].value.question).toBe('Book 100000 EURUSD on the after desk?');
  });
}
