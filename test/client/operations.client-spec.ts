import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ApiError, createClient, type OrchestrationClient } from '@neliti/ai-orchestration-client';
import { ClientService, JWT_SECRET, SYSTEM_KEY, candles, startClientService, wave } from './support';

/** Every item of an async iterable, at most `max`. */
async function all<T>(items: AsyncIterable<T>, max = 1000): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) if (out.push(item) >= max) break;
  return out;
}

const ANALYSIS = {
  type: 'technical_analysis' as const,
  input: { candles: candles(wave(40)), indicators: [{ name: 'rsi' }] },
};

describe('client operations against the built service', () => {
  let svc: ClientService;
  let client: OrchestrationClient;
  beforeAll(async () => {
    svc = await startClientService();
    client = svc.client();
  });
  afterAll(() => svc?.stop());

  describe('tasks', () => {
    it('submit-and-wait returns the finished task with its result', async () => {
      const task = await client.tasks.submitAndWait(ANALYSIS, { timeoutMs: 20_000 });
      expect(task).toMatchObject({ type: 'technical_analysis', status: 'succeeded' });
      expect((task.result as { indicators: { name: string }[] }).indicators[0].name).toBe('rsi');
      expect(await client.tasks.get(task.id!)).toMatchObject({ id: task.id, status: 'succeeded' });
    });

    it('a create with the same Idempotency-Key returns the same task; generated keys make new tasks', async () => {
      const key = `client-${randomUUID()}`;
      const first = await client.tasks.create(ANALYSIS, { idempotencyKey: key });
      const again = await client.tasks.create(ANALYSIS, { idempotencyKey: key });
      const other = await client.tasks.create(ANALYSIS);
      expect(again.id).toBe(first.id);
      expect(other.id).not.toBe(first.id);
    });

    it('pages through every task with for await, across pages', async () => {
      const created = [];
      for (let i = 0; i < 5; i++) created.push((await client.tasks.create(ANALYSIS)).id);
      const pages: number[] = [];
      const seen = await all(client.paginate('/api/v1/ai-orchestration/tasks', { params: { query: { limit: 2 } } }));
      for await (const _ of client.paginate(
        '/api/v1/ai-orchestration/tasks',
        { params: { query: { limit: 2 } } },
        { maxPages: 2 },
      ))
        pages.push(1);
      expect(seen.map((t) => t.id)).toEqual(expect.arrayContaining(created));
      expect(new Set(seen.map((t) => t.id)).size).toBe(seen.length);
      expect(pages).toHaveLength(4);
    });

    it('typed errors carry the code, the message and the offending fields', async () => {
      const invalid = await client.tasks.create({ type: 'technical_analysis', input: {} }).catch((e: unknown) => e);
      expect(invalid).toBeInstanceOf(ApiError);
      expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect((invalid as ApiError).fields.map((f) => f.field)).toContain('input.candles');
      expect((invalid as ApiError).requestId).toEqual(expect.any(String));
      const missing = await client.tasks.get('01JD3Z8X6Q4W3N5R7T9V1B2C3D').catch((e: unknown) => e);
      expect(missing).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      const done = await client.tasks.submitAndWait(ANALYSIS);
      await expect(client.tasks.cancel(done.id!)).rejects.toMatchObject({ status: 409, code: 'CONFLICT' });
    });

    it('authenticates with a bearer token, and an unknown API key is UNAUTHORIZED', async () => {
      const token = jwt.sign({ sub: 'client-suite', role: 'viewer', tenant: 'default' }, JWT_SECRET, {
        algorithm: 'HS256',
        expiresIn: 60,
      });
      const viewer = createClient({ baseUrl: svc.baseUrl, token });
      expect(Array.isArray(await viewer.get('/api/v1/ai-orchestration/models'))).toBe(true);
      await expect(viewer.tasks.create(ANALYSIS)).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
      const stranger = createClient({ baseUrl: svc.baseUrl, apiKey: 'not-a-key-of-this-service' });
      await expect(stranger.get('/api/v1/ai-orchestration/models')).rejects.toMatchObject({
        status: 401,
        code: 'UNAUTHORIZED',
      });
    });
  });

  it('workflows: runs trading-analysis, answers its approval, and lists runs', async () => {
    const run = await client.workflows.runAndAnswer(
      {
        workflow: 'trading-analysis',
        input: {
          symbol: 'AAPL',
          assetClass: 'equities',
          candles: candles(wave(80, 180)),
          position: { side: 'buy', quantity: 1000 },
        },
      },
      (interrupt) => {
        expect(interrupt.node).toBe('approval');
        return { approved: false, comment: 'too large for the client suite' };
      },
    );
    expect(run.status).toBe('succeeded');
    expect((run.output as { decision: string }).decision).toBe('rejected');
    const runs = await all(client.paginate('/api/v1/orchestration/runs', { params: { query: { limit: 50 } } }));
    expect(runs.map((r) => r.id)).toContain(run.id);
    const templates = await client.get('/api/v1/orchestration/workflows');
    expect(JSON.stringify(templates)).toContain('trading-analysis');
  });

  it('memory: writes, searches and assembles a context within a token budget', async () => {
    const agentId = 'client-suite-agent';
    const written = await client.memory.write(agentId, {
      type: 'semantic',
      content: 'EUR/USD liquidity peaks at the London open.',
    });
    await client.memory.write(agentId, { type: 'procedural', content: 'Halve size before central bank decisions.' });
    const hits = await client.memory.search(agentId, { q: 'London liquidity' });
    expect(JSON.stringify(hits)).toContain(written.id);
    const context = await client.memory.context(agentId, { q: 'London', budgetTokens: 50 });
    expect(context.budgetTokens).toBe(50);
    expect(context.usedTokens!).toBeLessThanOrEqual(50);
    expect(context.text).toContain('London');
  });

  it('agents: registers an external agent, sends it a message, claims it over SSE and acks it', async () => {
    const agent = await client.agents.register({
      name: 'client-suite-agent',
      kind: 'external',
      capabilities: ['news_triage'],
    });
    const sent = await client.post('/api/v1/agents/messages', {
      body: { to: agent.id!, type: 'news_triage', payload: { n: 1 } },
    });
    // A message to one agent answers `{ messages: [it] }`, like a broadcast.
    const messageId = ('messages' in sent ? sent.messages?.[0]?.id : (sent as { id?: string }).id)!;
    expect(messageId).toEqual(expect.any(String));
    let claimed;
    for await (const e of client.agents.messages(agent.id!, { signal: AbortSignal.timeout(15_000) })) {
      claimed = e;
      break;
    }
    expect(claimed).toMatchObject({ event: 'message', id: messageId });
    await client.agents.ack(agent.id!, claimed!.data.id!, { leaseId: claimed!.data.leaseId!, output: { ok: true } });
    expect(await client.get('/api/v1/agents/messages/{messageId}', { params: { path: { messageId } } })).toMatchObject({
      status: 'acked',
      reply: { ok: true },
    });
    const agents = await all(client.paginate('/api/v1/agents', { params: { query: { limit: 100 } } }));
    expect(agents.map((a) => a.id)).toContain(agent.id);
  });

  it('agents: sends a batch, claims it by long-poll and acks it in one request', async () => {
    const agent = await client.agents.register({
      name: 'client-suite-batch-agent',
      kind: 'external',
      capabilities: ['news_batch'],
    });
    const sent = await client.agents.sendBatch({
      messages: [1, 2, 3].map((n) => ({ to: agent.id!, type: 'news_batch', payload: { n } })),
    });
    const ids = sent.results!.map((r) => r.messages![0].id!);
    const claimed = await client.get('/api/v1/agents/{id}/messages', {
      params: { path: { id: agent.id! }, query: { max: 10, wait: 5000 } },
    });
    expect(claimed.map((m) => m.id)).toEqual(ids);
    const result = await client.agents.ackMany(agent.id!, {
      acks: claimed.map((m) => ({ messageId: m.id!, leaseId: m.leaseId!, output: { seen: true } })),
    });
    expect(result.acked!.map((a) => a.id)).toEqual(ids);
    expect(result.failed).toEqual([]);
  });

  it('scheduler: creates a schedule, triggers it, sees the run, and deletes it', async () => {
    const schedule = await client.post('/api/v1/scheduler/schedules', {
      body: { name: 'client suite', job: 'scheduler.heartbeat', cron: '0 3 * * *' },
    });
    await client.post('/api/v1/scheduler/schedules/{id}/trigger', { params: { path: { id: schedule.id! } } });
    let runs: { status?: string }[] = [];
    for (let i = 0; i < 100 && !runs.some((r) => r.status === 'succeeded'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      runs = await all(client.paginate('/api/v1/scheduler/runs', { params: { query: { scheduleId: schedule.id } } }));
    }
    expect(runs.some((r) => r.status === 'succeeded')).toBe(true);
    await client.delete('/api/v1/scheduler/schedules/{id}', { params: { path: { id: schedule.id! } } });
    await expect(
      client.get('/api/v1/scheduler/schedules/{id}', { params: { path: { id: schedule.id! } } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('monitoring: health, series, and an alert rule created, listed and deleted', async () => {
    const health = await client.get('/api/v1/monitoring/health');
    expect(health).toBeDefined();
    const series = await client.get('/api/v1/monitoring/metrics/series');
    expect(JSON.stringify(series)).toContain('process.rss_mb');
    const rule = await client.post('/api/v1/monitoring/alerts/rules', {
      body: {
        name: 'client-suite-rule',
        expr: { series: 'process.rss_mb', comparison: '>', threshold: 1e9 },
        severity: 'info',
      },
    });
    const rules = await client.get('/api/v1/monitoring/alerts');
    expect(rules.map((r) => r.id)).toContain(rule.id);
    await client.delete('/api/v1/monitoring/alerts/rules/{id}', { params: { path: { id: rule.id! } } });
    expect((await client.get('/api/v1/monitoring/alerts')).map((r) => r.id)).not.toContain(rule.id);
  });

  it('observability: the traces of finished tasks, one trace, and the summary', async () => {
    const task = await client.tasks.submitAndWait(ANALYSIS);
    let traces: { id?: string }[] = [];
    for (let i = 0; i < 50 && !traces.some((t) => t.id === task.traceId); i++) {
      await new Promise((r) => setTimeout(r, 100));
      traces = await all(client.paginate('/api/v1/observability/traces', { params: { query: { limit: 100 } } }));
    }
    expect(traces.map((t) => t.id)).toContain(task.traceId);
    const trace = await client.get('/api/v1/observability/traces/{id}', { params: { path: { id: task.traceId! } } });
    expect(trace.id).toBe(task.traceId);
    expect(await client.get('/api/v1/observability/metrics/summary')).toBeDefined();
  });

  it('calendars: lists venues and tells whether one is open at a given time', async () => {
    const calendars = await client.get('/api/v1/calendars');
    expect(JSON.stringify(calendars)).toContain('XNYS');
    const status = await client.get('/api/v1/calendars/{venue}/status', {
      params: { path: { venue: 'XNYS' }, query: { at: '2025-07-04T15:00:00Z' } },
    });
    expect(status).toMatchObject({ venue: 'XNYS', state: 'closed' });
  });

  it('audit: the creates above are in the audit log, and the hash chain verifies', async () => {
    const system = svc.client({ apiKey: SYSTEM_KEY });
    const entries = await all(system.paginate('/api/v1/audit-log', { params: { query: { limit: 100 } } }));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.some((e) => JSON.stringify(e).includes('POST'))).toBe(true);
    expect(await system.get('/api/v1/audit-log/verify')).toMatchObject({ ok: true });
  });
});
