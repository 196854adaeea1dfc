import { createClient, type SseEvent } from '@neliti/ai-orchestration-client';
import { DroppingProxy } from './dropping-proxy';
import { ADMIN_KEY, ClientService, candles, startClientService, wave } from './support';

async function collect<T>(events: AsyncIterable<SseEvent<T>>, max = 500): Promise<SseEvent<T>[]> {
  const out: SseEvent<T>[] = [];
  for await (const e of events) if (out.push(e) >= max) break;
  return out;
}

describe('client SSE', () => {
  let svc: ClientService;
  beforeAll(async () => (svc = await startClientService()));
  afterAll(() => svc?.stop());

  it('reconnects a dropped run stream with Last-Event-ID: no event lost or repeated', async () => {
    const client = svc.client();
    const run = await client.workflows.runAndAnswer(
      { workflow: 'trading-analysis', input: { symbol: 'SPY', assetClass: 'equities', candles: candles(wave(80)) } },
      () => ({ approved: true }),
      { timeoutMs: 30_000 },
    );
    expect(run.status).toBe('succeeded');
    const direct = await collect(client.workflows.events(run.id!));
    expect(direct.length).toBeGreaterThan(4);
    expect(direct.at(-1)!.event).toBe('done');

    const proxy = new DroppingProxy(svc.app.port);
    const port = await proxy.listen();
    try {
      const viaProxy = createClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: ADMIN_KEY });
      const resumed = await collect(viaProxy.workflows.events(run.id!, { reconnectDelayMs: 50 }));
      expect(resumed.map((e) => [e.id, e.event])).toEqual(direct.map((e) => [e.id, e.event]));
      expect(new Set(resumed.map((e) => e.id)).size).toBe(resumed.length);
      expect(proxy.heads).toHaveLength(2);
      expect(proxy.heads[0].toLowerCase()).not.toContain('last-event-id');
      expect(proxy.heads[1].toLowerCase()).toContain(`last-event-id: ${direct[1].id!.toLowerCase()}`);
    } finally {
      await proxy.close();
    }
  });

  it('streams a task’s status changes to its final status', async () => {
    const client = svc.client();
    const task = await client.tasks.create({
      type: 'technical_analysis',
      input: { candles: candles(wave(40)), indicators: [{ name: 'sma', period: 5 }] },
    });
    const events = await collect(client.tasks.events(task.id!));
    expect(events.every((e) => e.event === 'status' && e.data.id === task.id)).toBe(true);
    expect(events.at(-1)!.data.status).toBe('succeeded');
  });
});

describe('client SSE on an agent mailbox', () => {
  let svc: ClientService;
  beforeAll(async () => (svc = await startClientService()));
  afterAll(() => svc?.stop());

  it('reconnects a dropped mailbox stream; a message claimed on the lost connection comes back after its lease', async () => {
    const client = svc.client();
    const agent = await client.agents.register({ name: 'mailbox-reader', kind: 'external', capabilities: ['ping'] });
    for (const n of [1, 2])
      await client.post('/api/v1/agents/messages', { body: { to: agent.id!, type: 'ping', payload: { n } } });
    const proxy = new DroppingProxy(svc.app.port, 1);
    const port = await proxy.listen();
    try {
      const viaProxy = createClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: ADMIN_KEY });
      const claims: { id: string; leaseId: string; n: number }[] = [];
      const acked = new Set<string>();
      for await (const { data } of viaProxy.agents.messages(agent.id!, {
        leaseMs: 1000,
        reconnectDelayMs: 50,
        signal: AbortSignal.timeout(20_000),
      })) {
        claims.push({ id: data.id!, leaseId: data.leaseId!, n: (data.payload as { n: number }).n });
        // The first claim was on the dropped connection: it is acked only when it comes back.
        if (claims.length > 1) {
          await viaProxy.agents.ack(agent.id!, data.id!, { leaseId: data.leaseId!, output: {} });
          acked.add(data.id!);
        }
        if (acked.size === 2) break;
      }
      expect(proxy.heads.length).toBeGreaterThanOrEqual(2);
      const first = claims[0];
      const again = claims.filter((c) => c.id === first.id);
      expect(again).toHaveLength(2);
      expect(again[1].leaseId).not.toBe(first.leaseId);
      expect([...acked].sort()).toEqual([...new Set(claims.map((c) => c.id))].sort());
    } finally {
      await proxy.close();
    }
  });
});
