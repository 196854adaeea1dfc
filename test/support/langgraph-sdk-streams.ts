import { waitFor, type SdkApp } from './langgraph-sdk';

const input = (desk: string, extra: Record<string, unknown> = {}) => ({
  desk,
  symbol: 'EURUSD',
  quantity: 1000,
  ...extra,
});

async function collect(stream: AsyncGenerator<{ event: string; data: any; id?: string }>) {
  const parts: { event: string; data: any; id?: string }[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/**
 * LangGraph SDK: stream modes, join and Last-Event-ID: the SDK scenarios, run on SQLite (test/langgraph-sdk-*.e2e-spec.ts) and on PostgreSQL
 * (test/integration/langgraph-sdk.int-spec.ts).
 */
export function streamScenarios(sdk: () => SdkApp): void {
  it('streams values by default, starting with the run’s metadata', async () => {
    const client = sdk().client();
    const thread = await client.threads.create();
    const parts = await collect(
      client.runs.stream(thread.thread_id, 'desk-assistant', { input: input('s-values') }) as any,
    );
    expect(parts[0].event).toBe('metadata');
    expect(parts[0].data.run_id).toMatch(/^[0-9A-Z]{26}$/);
    const values = parts.filter((p) => p.event === 'values');
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(values[0].data).toMatchObject({ desk: 's-values', symbol: 'EURUSD' });
    expect(values.some((v) => v.data.__interrupt__?.[0]?.value?.question)).toBe(true);
  });

  it('streams updates, custom progress, messages-tuple, debug, checkpoints and tasks, several at once', async () => {
    const client = sdk().client();
    const thread = await client.threads.create();
    const parts = await collect(
      client.runs.stream(thread.thread_id, 'desk-assistant', {
        input: input('s-many'),
        streamMode: ['updates', 'custom', 'messages-tuple', 'debug', 'checkpoints', 'tasks'],
      }) as any,
    );
    const of = (event: string) => parts.filter((p) => p.event === event).map((p) => p.data);
    expect(of('updates')[0]).toHaveProperty('propose');
    expect(of('updates').some((u) => u.__interrupt__)).toBe(true);
    expect(of('custom')).toEqual([
      { step: 'propose', progress: 0, message: "reading the s-many desk's positions" },
      { step: 'propose', progress: 1, message: 'proposal ready' },
    ]);
    const [message, meta] = of('messages')[0];
    expect(message.content).toBe('Proposal: trade 1000 EURUSD (held now: 0).');
    expect(meta.langgraph_node).toBe('propose');
    expect(of('debug').map((d) => d.type)).toEqual(expect.arrayContaining(['checkpoint', 'task', 'task_result']));
    const checkpoint = of('checkpoints').at(-1);
    expect(checkpoint.checkpoint.thread_id).toBe(thread.thread_id);
    expect(checkpoint.next).toEqual(['approve']);
    expect(of('tasks').map((t) => t.name)).toEqual(expect.arrayContaining(['propose', 'approve']));
    expect(of('values')).toEqual([]);
  });

  it('streams LangChain events in events mode', async () => {
    const client = sdk().client();
    const parts = await collect(
      client.runs.stream(null, 'desk-assistant', { input: input('s-events'), streamMode: ['events'] }) as any,
    );
    const events = parts.filter((p) => p.event === 'events').map((p) => p.data);
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['on_chain_start', 'on_chain_end']));
    expect(events.some((e) => e.name === 'propose')).toBe(true);
  });

  it('joins a run mid-way, and resumes its stream after a Last-Event-ID', async () => {
    const client = sdk().client();
    const thread = await client.threads.create();
    const run = await client.runs.create(thread.thread_id, 'desk-assistant', {
      input: input('s-join', { thinkMs: 1500 }),
      streamMode: ['values', 'custom'],
    });
    await waitFor(
      async () => (await client.runs.get(thread.thread_id, run.run_id)).status === 'running',
      20_000,
      'running',
    );
    const joined = await collect(client.runs.joinStream(thread.thread_id, run.run_id) as any);
    const events = joined.map((p) => p.event);
    expect(events).toContain('custom');
    expect(events.filter((e) => e === 'values').length).toBeGreaterThanOrEqual(2);
    expect(joined.every((p) => typeof p.id === 'string')).toBe(true);
    expect((await client.runs.get(thread.thread_id, run.run_id)).status).toBe('success');

    const cut = joined[1];
    const resumed = await collect(client.runs.joinStream(thread.thread_id, run.run_id, { lastEventId: cut.id }) as any);
    expect(resumed.map((p) => p.id)).toEqual(joined.slice(2).map((p) => p.id));
    const only = await collect(client.runs.joinStream(thread.thread_id, run.run_id, { streamMode: 'custom' }) as any);
    expect(new Set(only.map((p) => p.event))).toEqual(new Set(['metadata', 'custom']));
    expect(await client.runs.join(thread.thread_id, run.run_id)).toMatchObject({ desk: 's-join' });
    // By the run id alone (as for a stateless run): the same chunks.
    const byId = await collect(client.runs.joinStream(null, run.run_id) as any);
    expect(byId.map((p) => p.id)).toEqual(joined.map((p) => p.id));
  });
}
