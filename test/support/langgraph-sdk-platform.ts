import { LG_KEYS, waitFor, type SdkApp } from './langgraph-sdk';

const slow = (desk: string, symbol = 'EURUSD', thinkMs = 1500) => ({ desk, symbol, quantity: 1000, thinkMs });

/**
 * LangGraph SDK: multitask strategies, assistants and the store: the SDK scenarios, run on SQLite (test/langgraph-sdk-*.e2e-spec.ts) and on PostgreSQL
 * (test/integration/langgraph-sdk.int-spec.ts).
 */
export function platformScenarios(sdk: () => SdkApp): void {
  const running = (threadId: string, runId: string) =>
    waitFor(
      async () => (await sdk().client().runs.get(threadId, runId)).status === 'running',
      20_000,
      'the first run to start',
    );
  /** Creates a run of desk-assistant on the thread with `input` and waits until it is running. */
  const startRunning = async (threadId: string, input: ReturnType<typeof slow>) => {
    const run = await sdk().client().runs.create(threadId, 'desk-assistant', { input });
    await running(threadId, run.run_id);
    return run;
  };

  it('reject: a second run while one is running is refused with 409', async () => {
    const client = sdk().client();
    const thread = await client.threads.create();
    const first = await startRunning(thread.thread_id, slow('mt-reject'));
    await expect(
      client.runs.create(thread.thread_id, 'desk-assistant', { input: slow('mt-reject'), multitaskStrategy: 'reject' }),
    ).rejects.toMatchObject({ status: 409 });
    await client.runs.join(thread.thread_id, first.run_id);
    expect((await client.runs.get(thread.thread_id, first.run_id)).status).toBe('success');
  });

  it('enqueue: the second run waits for the first, then runs on its state', async () => {
    const client = sdk().client();
    const thread = await client.threads.create();
    const first = await startRunning(thread.thread_id, slow('mt-enqueue'));
    const second = await client.runs.create(thread.thread_id, 'desk-assistant', {
      command: { resume: true },
      multitaskStrategy: 'enqueue',
    });
    expect(second.status).toBe('pending');
    expect((await client.threads.get(thread.thread_id)).status).toBe('busy');
    const values = (await client.runs.join(thread.thread_id, second.run_id)) as any;
    // The enqueued resume answered the first run's interrupt: the trade is booked.
    expect(values.trades).toEqual([{ symbol: 'EURUSD', quantity: 1000 }]);
    expect((await client.runs.get(thread.thread_id, first.run_id)).status).toBe('success');
    const [a, b] = [
      await client.runs.get(thread.thread_id, first.run_id),
      await client.runs.get(thread.thread_id, second.run_id),
    ];
    expect(a.status).toBe('success');
    expect(b.status).toBe('success');
  });

  it('interrupt: the first run is cancelled (status interrupted) and the second runs', async () => {
    const client = sdk().client();
    const thread = await client.threads.create();
    const first = await startRunning(thread.thread_id, slow('mt-interrupt', 'EURUSD', 10_000));
    const second = await client.runs.create(thread.thread_id, 'desk-assistant', {
      input: slow('mt-interrupt', 'GBPUSD', 0),
      multitaskStrategy: 'interrupt',
    });
    const values = (await client.runs.join(thread.thread_id, second.run_id)) as any;
    expect(values.symbol).toBe('GBPUSD');
    expect((await client.runs.get(thread.thread_id, first.run_id)).status).toBe('interrupted');
    expect((await client.runs.list(thread.thread_id)).map((r) => r.run_id)).toEqual([second.run_id, first.run_id]);
  });

  it('rollback: the first run is cancelled and deleted, and the thread goes on as if it never ran', async () => {
    const client = sdk().client();
    const thread = await client.threads.create();
    // A settled run first, so the thread has a state to roll back to.
    const base = await client.runs.create(thread.thread_id, 'desk-assistant', {
      input: slow('mt-rollback', 'USDJPY', 0),
    });
    await client.runs.join(thread.thread_id, base.run_id);
    const baseCheckpoint = (await client.threads.getState(thread.thread_id)).checkpoint.checkpoint_id;
    const first = await startRunning(thread.thread_id, slow('mt-rollback', 'EURUSD', 10_000));
    const second = await client.runs.create(thread.thread_id, 'desk-assistant', {
      input: slow('mt-rollback', 'GBPUSD', 0),
      multitaskStrategy: 'rollback',
    });
    await client.runs.join(thread.thread_id, second.run_id);
    await expect(client.runs.get(thread.thread_id, first.run_id)).rejects.toMatchObject({ status: 404 });
    const state = await client.threads.getState<any>(thread.thread_id);
    expect(state.values.symbol).toBe('GBPUSD');
    // The rolled-back run's writes are off the thread's branch: the new run forked from the base.
    const history = await client.threads.getHistory(thread.thread_id, { limit: 50 });
    const chain = new Set<string>();
    for (let s = state as any; s;) {
      chain.add(s.checkpoint.checkpoint_id);
      const parent = s.parent_checkpoint?.checkpoint_id;
      s = history.find((h) => h.checkpoint.checkpoint_id === parent);
    }
    expect(chain.has(baseCheckpoint!)).toBe(true);
    expect(
      [...chain].some(
        (id) => history.find((h) => h.checkpoint.checkpoint_id === id)?.metadata?.run_id === first.run_id,
      ),
    ).toBe(false);
  });

  it('cancels a running run through the SDK', async () => {
    const client = sdk().client();
    const thread = await client.threads.create();
    const run = await startRunning(thread.thread_id, slow('cancel', 'EURUSD', 10_000));
    await client.runs.cancel(thread.thread_id, run.run_id, true);
    expect((await client.runs.get(thread.thread_id, run.run_id)).status).toBe('interrupted');
    expect((await client.threads.get(thread.thread_id)).status).toBe('idle');
  });

  it('versions an assistant, sets the latest back, and runs with its configuration', async () => {
    const client = sdk().client();
    const assistant = await client.assistants.create({
      graphId: 'desk-assistant',
      name: 'FX desk',
      config: { configurable: { desk_limit: 1_000_000 } },
      metadata: { team: 'fx' },
    });
    expect(assistant.version).toBe(1);
    const v2 = await client.assistants.update(assistant.assistant_id, {
      name: 'FX desk v2',
      metadata: { stage: 'beta' },
    });
    expect(v2.version).toBe(2);
    expect((await client.assistants.get(assistant.assistant_id)).name).toBe('FX desk v2');
    const versions = await client.assistants.getVersions(assistant.assistant_id);
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    await client.assistants.setLatest(assistant.assistant_id, 1);
    expect((await client.assistants.get(assistant.assistant_id)).name).toBe('FX desk');
    expect((await client.assistants.search({ metadata: { team: 'fx' } })).map((a) => a.assistant_id)).toEqual([
      assistant.assistant_id,
    ]);
    expect(await client.assistants.count({ graphId: 'desk-assistant' })).toBeGreaterThanOrEqual(1);
    const graph = await client.assistants.getGraph(assistant.assistant_id);
    expect(graph.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['propose', 'approve', 'book']));
    const schemas = await client.assistants.getSchemas(assistant.assistant_id);
    expect(schemas.input_schema).toMatchObject({ required: ['desk', 'symbol', 'quantity'] });

    const thread = await client.threads.create();
    const run = await client.runs.create(thread.thread_id, assistant.assistant_id, {
      input: slow('asst', 'EURUSD', 0),
    });
    expect(run.assistant_id).toBe(assistant.assistant_id);
    expect((run as any).kwargs.config.configurable.desk_limit).toBe(1_000_000);
    await client.runs.join(thread.thread_id, run.run_id);
    await expect(sdk().client(LG_KEYS.bob).assistants.get(assistant.assistant_id)).rejects.toMatchObject({
      status: 404,
    });
    await client.assistants.delete(assistant.assistant_id);
    await expect(client.assistants.get(assistant.assistant_id)).rejects.toMatchObject({ status: 404 });
  });

  it('shares store items across threads: one thread books, another thread’s graph reads it', async () => {
    const client = sdk().client();
    await client.store.putItem(['portfolio', 'shared'], 'positions', { EURUSD: 5000 });
    const a = await client.threads.create();
    await client.runs.wait(a.thread_id, 'desk-assistant', {
      input: { desk: 'shared', symbol: 'EURUSD', quantity: 2500 },
    });
    await client.runs.wait(a.thread_id, 'desk-assistant', { command: { resume: true } });
    expect((await client.store.getItem(['portfolio', 'shared'], 'positions'))!.value).toEqual({ EURUSD: 7500 });

    const b = await client.threads.create();
    const proposal = (await client.runs.wait(b.thread_id, 'desk-assistant', {
      input: { desk: 'shared', symbol: 'EURUSD', quantity: 1 },
    })) as any;
    expect(proposal.positions).toEqual({ EURUSD: 7500 });
    expect(proposal.messages.at(-1).content).toBe('Proposal: trade 1 EURUSD (held now: 7500).');

    await client.store.putItem(['portfolio', 'rates'], 'fx', { note: 'EURUSD fixing', level: 3 });
    const found = await client.store.searchItems(['portfolio'], { filter: { level: { $gte: 3 } } });
    expect(found.items.map((i) => i.key)).toEqual(['fx']);
    const byQuery = await client.store.searchItems(['portfolio'], { query: 'fixing' });
    expect(byQuery.items.map((i) => i.key)).toEqual(['fx']);
    const namespaces = await client.store.listNamespaces({ prefix: ['portfolio'] });
    expect(namespaces.namespaces).toEqual(
      expect.arrayContaining([
        ['portfolio', 'shared'],
        ['portfolio', 'rates'],
      ]),
    );
    await expect(sdk().client(LG_KEYS.bob).store.getItem(['portfolio', 'shared'], 'positions')).rejects.toMatchObject({
      status: 404,
    });
    expect((await sdk().client(LG_KEYS.bob).store.searchItems(['portfolio'])).items).toEqual([]);
    await client.store.deleteItem(['portfolio', 'rates'], 'fx');
    await expect(client.store.getItem(['portfolio', 'rates'], 'fx')).rejects.toMatchObject({ status: 404 });
  });

  it('fires a cron on a thread through the task scheduler, and stops when it is deleted', async () => {
    const client = sdk().client();
    const thread = await client.threads.create();
    const cron = await client.crons.createForThread(thread.thread_id, 'desk-assistant', {
      schedule: '*/1 * * * * *',
      input: { desk: 'cron', symbol: 'EURUSD', quantity: 10 },
      metadata: { purpose: 'test' },
    });
    expect(cron.thread_id).toBe(thread.thread_id);
    const scheduleId = (cron as any).schedule_id;
    const schedule = await fetch(`${sdk().baseUrl}/api/v1/scheduler/schedules/${scheduleId}`, {
      headers: { 'x-api-key': LG_KEYS.alice },
    });
    expect(((await schedule.json()) as any).data).toMatchObject({ job: 'langgraph.cron-run', cron: '*/1 * * * * *' });

    const runs = await waitFor(
      async () => {
        const list = await client.runs.list(thread.thread_id);
        return list.length >= 2 && list;
      },
      30_000,
      'two cron firings',
    );
    expect(runs.every((r) => (r.metadata as any).cron_id === cron.cron_id)).toBe(true);
    expect((await client.threads.getState<any>(thread.thread_id)).values.desk).toBe('cron');
    expect((await client.crons.search({ threadId: thread.thread_id })).map((c) => c.cron_id)).toEqual([cron.cron_id]);
    expect(await client.crons.count({ assistantId: 'desk-assistant' })).toBeGreaterThanOrEqual(1);

    await client.crons.delete(cron.cron_id);
    const gone = await fetch(`${sdk().baseUrl}/api/v1/scheduler/schedules/${scheduleId}`, {
      headers: { 'x-api-key': LG_KEYS.alice },
    });
    expect(gone.status).toBe(404);
    expect(await client.crons.search({ threadId: thread.thread_id })).toEqual([]);
  });

  it('creates a stateless cron and refuses a bad schedule naming the field', async () => {
    const client = sdk().client();
    const cron = await client.crons.create('desk-assistant', {
      schedule: '0 8 * * 1-5',
      input: { desk: 'cron-stateless', symbol: 'EURUSD', quantity: 10 },
    });
    expect(cron.thread_id).toBeNull();
    expect(Date.parse((cron as any).next_run_date)).toBeGreaterThan(Date.now());
    const res = await fetch(`${sdk().baseUrl}/api/v1/langgraph/runs/crons`, {
      method: 'POST',
      headers: { 'x-api-key': LG_KEYS.alice, 'content-type': 'application/json' },
      body: JSON.stringify({ assistant_id: 'desk-assistant', schedule: '99 * * * *' }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('schedule');
    await expect(sdk().client(LG_KEYS.bob).crons.delete(cron.cron_id)).rejects.toMatchObject({ status: 404 });
    await client.crons.delete(cron.cron_id);
  });
}
