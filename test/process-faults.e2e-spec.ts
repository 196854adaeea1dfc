import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { ChildApp, freePort, spawnService, startService } from './support/child-app';

jest.setTimeout(60_000);

/** Pino JSON lines of a child's output (other lines skipped). */
function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The shutdown's line for a trace backend it gave up on. */
const DROPPED = /span\(s\) not sent to (langfuse|otlp) within 2000 ms \(backend unreachable\); dropped$/;

/** The lines a raw Node or ioredis stack would print. */
const RAW_STACK = /^\s+at |\[ioredis\] Unhandled error event|Unhandled 'error' event/m;

/** Issue 14, item 15: how the service ends or degrades when what it depends on is not there. */
describe('the built service when the network around it fails', () => {
  const children: ChildApp[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
    for (const server of servers.splice(0)) {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
    }
  });

  it('exits 1 with one line naming host:port when the port is already in use', async () => {
    const taken = createHttpServer((_req, res) => res.writeHead(503).end());
    servers.push(taken);
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));

    const child = spawnService({ LOG_LEVEL: 'warn' }, port);
    children.push(child);
    expect(await child.exited).toBe(1);
    const plain = child
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('{'));
    const line = `Cannot listen on 127.0.0.1:${port}: the address is already in use (EADDRINUSE)`;
    expect(plain).toEqual([`${line}; stop the other process or set PORT/HOST`]);
    expect(child.output()).not.toMatch(RAW_STACK);
  });

  it('stops within seconds when the trace backend accepts and never answers, saying what it dropped', async () => {
    // Accepts, reads, never answers: every export request hangs until its own timeout (10 s).
    const sockets: Socket[] = [];
    let received = 0;
    const backend = createTcpServer((socket) => {
      sockets.push(socket);
      socket.on('data', (chunk: Buffer) => (received += chunk.length));
    });
    const backendPort = await freePort();
    await new Promise<void>((resolve) => backend.listen(backendPort, '127.0.0.1', resolve));
    try {
      const child = await startService({
        LANGFUSE_PUBLIC_KEY: 'pk-lf-shutdown',
        LANGFUSE_SECRET_KEY: 'sk-lf-shutdown-secret',
        LANGFUSE_BASE_URL: `http://127.0.0.1:${backendPort}`,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${backendPort}`,
        TRACING_EXPORT_INTERVAL_MS: '50',
        TRACING_EXPORT_TIMEOUT_MS: '10000',
      });
      children.push(child);
      for (let i = 0; i < 5; i++) await fetch(`http://127.0.0.1:${child.port}/api/v1/ai-orchestration/models`);
      // Both backends have a request in flight that will never be answered.
      for (let i = 0; i < 100 && (sockets.length < 2 || received === 0); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(sockets.length).toBeGreaterThanOrEqual(2);
      await fetch(`http://127.0.0.1:${child.port}/api/v1/ai-orchestration/models`);

      const started = Date.now();
      child.proc.kill('SIGTERM');
      expect(await child.exited).toBe(0);
      const tookMs = Date.now() - started;
      expect(tookMs).toBeLessThan(5000);

      const dropped = jsonLines(child.output()).filter((l) => String(l.msg).startsWith('Tracing shutdown:'));
      expect(dropped.map((l) => l.backend).sort()).toEqual(['langfuse', 'otlp']);
      for (const line of dropped) {
        expect(line).toEqual(expect.objectContaining({ level: 'warn', shutdownTimeoutMs: 2000 }));
        expect(line.items as number).toBeGreaterThan(0);
        expect(String(line.msg)).toMatch(DROPPED);
      }
      expect(child.output()).toContain('Shutdown complete');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => backend.close(r));
    }
  });

  it('logs an unreachable Redis through pino, one line per client and interval, never a raw stack', async () => {
    // Nothing listens on this port: every client's reconnect attempt fails.
    const deadRedis = `redis://127.0.0.1:${await freePort()}`;
    const child = await startService({ REDIS_URL: deadRedis, LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '100' });
    children.push(child);
    // Rate-limited requests reach the Redis storage, which lets them through.
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`http://127.0.0.1:${child.port}/api/v1/ai-orchestration/models`);
      expect(res.status).toBe(200);
    }
    // Several reconnect attempts of every client (ioredis retries every 50–2000 ms).
    await new Promise((r) => setTimeout(r, 4000));
    child.proc.kill('SIGTERM');
    expect(await child.exited).toBe(0);

    const output = child.output();
    expect(output).not.toMatch(RAW_STACK);
    const problems = jsonLines(output).filter((l) => l.msg === 'Redis connection problem');
    const bySource = (source: string) => problems.filter((l) => l.source === source);
    expect(bySource('rate-limit')).toEqual([
      expect.objectContaining({ level: 'warn', component: 'security', code: 'ECONNREFUSED', suppressed: 0 }),
    ]);
    expect(bySource('health')).toHaveLength(1);
    const failOpen = 'Rate-limit storage unavailable, letting requests through';
    expect(jsonLines(output).some((l) => String(l.msg).startsWith(failOpen))).toBe(true);
  });
});
