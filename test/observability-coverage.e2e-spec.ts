import { AGENTS, AgentsHarness, bootAgents, builtinAgents, registerExternal, RUNS, waitFor } from './support/agents';
import { spyCandles } from './support/agents-market-data';
import { agentPath } from './support/memory';
import { CaptureServer, ExportedSpan } from './support/observability-capture';
import { HOURLY_PRICING_SCHEDULE } from './support/tasks';

// Issue 18, must show 1 (coverage): a coordination run's trace holds a span per step and per
// message; agent messages (send, claim, nack, redelivery, ack, dead letter), memory writes,
// searches and context assembly, and scheduler runs are spans at Langfuse, in the trace of the
// request that caused them, across mailboxes and schedules as across the task queue.

const PK = 'pk-lf-cov-0001';
const SK = 'sk-lf-cov-secret-0123456789';

describe('observability coverage: coordination, messages, memory, scheduler', () => {
  const langfuse = new CaptureServer();
  let h: AgentsHarness;
  const api = (method: 'get' | 'post', path: string) => h.api(method, path);
  const inTrace = (traceId: string) => langfuse.spans().filter((s) => s.traceId === traceId);
  const named = (spans: ExportedSpan[], name: string) => spans.filter((s) => s.name === name);
  const waitForTrace = (traceId: string, ok: (spans: ExportedSpan[]) => boolean, what: string) =>
    langfuse.waitForSpans(() => ok(inTrace(traceId)), 15_000, what).then(() => inTrace(traceId));

  beforeAll(async () => {
    await langfuse.start();
    h = await bootAgents({
      AGENTS_NACK_DELAY_MS: '0',
      ...langfuse.langfuseEnv(PK, SK),
      TRACING_EXPORT_INTERVAL_MS: '50',
      SCHEDULER_POLL_INTERVAL_MS: '100',
    });
  }, 30_000);

  afterAll(async () => {
    await h?.close();
    await langfuse.stop();
  });

  it('one trace of a coordination run holds the run, a span per step and per message, and the model calls', async () => {
    const builtin = await builtinAgents(h);
    const created = await api('post', RUNS)
      .send({
        strategy: 'sequential',
        agents: [builtin['equities-technical'].id, builtin['market-risk-engine'].id],
        tasks: ['trading_signal', 'risk_assessment'],
        input: { candles: spyCandles(90) },
        timeoutMs: 20_000,
      })
      .expect(202);
    const traceId = created.headers['x-trace-id'];
    await waitFor(
      async () => (await api('get', `${RUNS}/${created.body.data.id}`).expect(200)).body.data,
      (r: { status: string }) => r.status === 'succeeded',
      20_000,
      'coordination run',
    );
    const spans = await waitForTrace(
      traceId,
      (s) => named(s, 'agents.coordination.run').length === 1 && named(s, 'agents.message.ack').length === 2,
      'the run and its acks',
    );
    const [run] = named(spans, 'agents.coordination.run');
    expect(run.attributes).toMatchObject({ 'coordination.strategy': 'sequential', 'tenant.id': 'acme' });
    const steps = spans.filter((s) => s.name.startsWith('agents.coordination.step '));
    expect(steps.map((s) => s.name)).toEqual([
      'agents.coordination.step trading_signal',
      'agents.coordination.step risk_assessment',
    ]);
    expect(steps.every((s) => s.parentSpanId === run.spanId)).toBe(true);
    // Each step sent one message; its claim and ack are children of that send.
    const sends = named(spans, 'agents.message.send');
    expect(sends.map((s) => s.parentSpanId).sort()).toEqual(steps.map((s) => s.spanId).sort());
    for (const event of ['agents.message.claim', 'agents.message.ack'])
      expect(
        named(spans, event)
          .map((s) => s.parentSpanId)
          .sort(),
      ).toEqual(sends.map((s) => s.spanId).sort());
    // The built-in agents' model calls are generations in the same trace.
    const generations = spans.filter((s) => s.attributes['langfuse.observation.type'] === 'generation');
    expect(generations.map((g) => g.attributes['gen_ai.operation.name']).sort()).toEqual([
      'risk_assessment',
      'trading_signal',
    ]);
  });

  it("an external agent's message: send, claim, nack, redelivery, claim, ack in the sender's trace", async () => {
    const agent = await registerExternal(h, 'cov-worker', ['job']);
    const sent = await api('post', `${AGENTS}/messages`)
      .send({ to: agent.id, type: 'job', payload: { n: 1 } })
      .expect(202);
    const traceId = sent.headers['x-trace-id'];
    const claim = async () =>
      (await api('get', `${AGENTS}/${agent.id}/messages?wait=1000`).expect(200)).body.data[0] as {
        id: string;
        leaseId: string;
      };
    const first = await claim();
    await api('post', `${AGENTS}/${agent.id}/messages/${first.id}/nack`)
      .send({ leaseId: first.leaseId, error: { code: 'BUSY', message: 'try later' } })
      .expect(200);
    const second = await claim();
    await api('post', `${AGENTS}/${agent.id}/messages/${second.id}/ack`).send({ leaseId: second.leaseId }).expect(200);
    const spans = await waitForTrace(
      traceId,
      (s) => named(s, 'agents.message.ack').length === 1,
      'the message lifecycle',
    );
    const [send] = named(spans, 'agents.message.send');
    const life = spans.filter((s) => s.parentSpanId === send.spanId).map((s) => s.name);
    expect(life.sort()).toEqual(
      [
        'agents.message.claim',
        'agents.message.nack',
        'agents.message.redelivery',
        'agents.message.claim',
        'agents.message.ack',
      ].sort(),
    );
    const claims = named(spans, 'agents.message.claim').map((s) => s.attributes['message.delivery']);
    expect(claims.sort()).toEqual([1, 2]);
    expect(named(spans, 'agents.message.nack')[0].attributes['error.code']).toBe('BUSY');
  });

  it('a rejected message is a dead letter in its trace, marked as an error', async () => {
    const agent = await registerExternal(h, 'cov-rejecter', ['job']);
    const sent = await api('post', `${AGENTS}/messages`).send({ to: agent.id, type: 'job', payload: {} }).expect(202);
    const [m] = (await api('get', `${AGENTS}/${agent.id}/messages?wait=1000`).expect(200)).body.data;
    await api('post', `${AGENTS}/${agent.id}/messages/${m.id}/nack`)
      .send({ leaseId: m.leaseId, requeue: false, error: { code: 'BAD_INPUT', message: 'cannot parse' } })
      .expect(200);
    const spans = await waitForTrace(
      sent.headers['x-trace-id'],
      (s) => named(s, 'agents.message.dead_letter').length === 1,
      'the dead letter',
    );
    const [dead] = named(spans, 'agents.message.dead_letter');
    expect(dead.attributes).toMatchObject({ 'message.dead_reason': 'rejected', 'tenant.id': 'acme' });
    expect(dead.status.code).toBe(2); // OTLP STATUS_CODE_ERROR
  });

  it('memory writes, searches and context assembly are spans with counts and component scores, not text', async () => {
    const base = agentPath('cov-memory');
    const secretText = 'Quarterly hedge ratio secret-phrase-41 for the euro book';
    const written = await api('post', `${base}/memories`)
      .send({ type: 'semantic', content: secretText, importance: 0.9 })
      .expect(201);
    const search = await api('get', `${base}/memories/search?q=hedge%20ratio`).expect(200);
    expect(search.body.data.items).toHaveLength(1);
    const context = await api('get', `${base}/context?q=hedge`).expect(200);
    const [write] = await waitForTrace(
      written.headers['x-trace-id'],
      (s) => named(s, 'letta.write').length === 1,
      'write',
    ).then((s) => named(s, 'letta.write'));
    expect(write.attributes).toMatchObject({ 'memory.write.count': 1, 'memory.write.deduplicated': 0 });
    const [searched] = await waitForTrace(
      search.headers['x-trace-id'],
      (s) => named(s, 'letta.search').length === 1,
      'search',
    ).then((s) => named(s, 'letta.search'));
    const hit = search.body.data.items[0];
    expect(searched.attributes['memory.search.hits']).toBe(1);
    expect(searched.attributes['memory.search.hit_ids']).toEqual([written.body.data.id]);
    expect(searched.attributes['memory.search.scores.total']).toEqual([Math.round(hit.scores.total * 10_000) / 10_000]);
    expect(searched.attributes['memory.search.scores.relevance']).toEqual([
      Math.round(hit.scores.relevance * 10_000) / 10_000,
    ]);
    const [assembled] = await waitForTrace(
      context.headers['x-trace-id'],
      (s) => named(s, 'letta.context').length === 1,
      'context',
    ).then((s) => named(s, 'letta.context'));
    expect(assembled.attributes).toMatchObject({
      'memory.context.memories': 1,
      'memory.context.used_tokens': context.body.data.usedTokens,
    });
    // The memory's text and the query never left the service.
    const bodies = langfuse.requests.map((r) => r.body).join('\n');
    expect(bodies).not.toContain('secret-phrase-41');
  });

  it("a scheduler run triggered by a request joins the request's trace, and the task it submits joins the run", async () => {
    const schedule = (await api('post', '/api/v1/scheduler/schedules').send(HOURLY_PRICING_SCHEDULE).expect(201)).body
      .data;
    const trigger = await api('post', `/api/v1/scheduler/schedules/${schedule.id}/trigger`).expect(202);
    const spans = await waitForTrace(
      trigger.headers['x-trace-id'],
      (s) => named(s, 'scheduler.run handit.submit-task').length === 1 && named(s, 'handit.task.execute').length === 1,
      'the run and its task',
    );
    const [run] = named(spans, 'scheduler.run handit.submit-task');
    expect(run.attributes).toMatchObject({
      'scheduler.trigger': 'manual',
      'scheduler.outcome': 'succeeded',
      'tenant.id': 'acme',
      'scheduler.schedule_id': schedule.id,
    });
    expect(spans.some((s) => s.attributes['langfuse.observation.type'] === 'generation')).toBe(true);
  });
});
