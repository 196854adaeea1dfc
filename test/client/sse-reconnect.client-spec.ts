import { createServer, Server, Socket } from 'node:net';
import { createClient, type SseEvent } from '@neliti/ai-orchestration-client';
import { ADMIN_KEY, ClientService, candles, startClientService, wave } from './support';

/**
 * A TCP proxy in front of the service that cuts its first connection right after the second SSE
 * event has gone through (mid-stream, before `done`), and records each request's head.
 */
class DroppingProxy {
  readonly heads: string[] = [];
  private readonly server: Server;
  private connections = 0;

  constructor(private readonly upstreamPort: number) {
    this.server = createServer((client) => this.pipe(client));
  }

  listen(): Promise<number> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as { port: number }).port)),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: Socket): void {
    const index = this.connections++;
    const upstream = new Socket().connect(this.upstreamPort, '127.0.0.1');
    client.on('data', (chunk: Buffer) => {
      this.heads.push(chunk.toString('latin1').split('\r\n\r\n')[0]);
      upstream.write(chunk);
    });
    let seen = '';
    upstream.on('data', (chunk: Buffer) => {
      if (index > 0) return void client.write(chunk);
      seen += chunk.toString('latin1');
      const second = nthIndex(seen, '\nid: ', 2);
      const end = second < 0 ? -1 : seen.indexOf('\n\n', second);
      if (end < 0) return void client.write(chunk);
      // Forward up to the end of the second event, then drop both sides.
      const already = seen.length - chunk.length;
      client.write(Buffer.from(seen.slice(already, end + 2), 'latin1'), () => {
        client.destroy();
        upstream.destroy();
      });
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  }
}

function nthIndex(text: string, needle: string, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) return -1;
  }
  return at;
}

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
