import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { TASKS, waitForTask } from './support/tasks';
import { callerTraceparent, CaptureServer, ExportedSpan } from './support/observability-capture';
import { TracingFixtureController } from './support/observability-fixture.controller';

// Must show 1, 2 and 4: one task request → HTTP, queue-wait and execution spans in one trace,
// at Langfuse's OTLP endpoint (Basic auth of the key pair) and at a generic OTLP endpoint, with
// the caller's trace id in the response, the stored task and every exported span.

const PK = 'pk-lf-test-0001';
const SK = 'sk-lf-secret-0123456789';
const API_KEY = 'desk-key-0123456789abcdef';
const OTLP_TOKEN = 'otlp-token-abcdef123';
const SECRETS = [SK, API_KEY, OTLP_TOKEN, 'fixture-secret-value-123', 'DE00123456789', 'abcdefgh-token-42'];

const CANDLES = Array.from({ length: 60 }, (_, i) => {
  const close = 100 + Math.sin(i / 3) * 2 + i * 0.1;
  return {
    time: 1_700_000_000 + i * 86_400,
    open: close - 0.2,
    high: close + 0.5,
    low: close - 0.5,
    close,
    volume: 1000 + i,
  };
});
const TASK = {
  type: 'technical_analysis',
  input: { symbol: 'EURUSD', assetClass: 'forex', candles: CANDLES, indicators: [{ name: 'rsi', period: 14 }] },
};

describe('tracing export: Langfuse and generic OTLP', () => {
  const langfuse = new CaptureServer();
  const otlp = new CaptureServer();
  let t: TestApp;
  const auth = { 'X-API-Key': API_KEY };

  beforeAll(async () => {
    await langfuse.start();
    await otlp.start();
    t = await createTestApp(
      {
        API_KEYS: `desk:operator:default:${API_KEY}`,
        ...langfuse.langfuseEnv(PK, SK),
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${OTLP_TOKEN}`,
        TRACING_SENSITIVE_KEYS: 'accountNumber',
        TRACING_EXPORT_INTERVAL_MS: '50',
        TRACE_STORE_FLUSH_INTERVAL_MS: '50',
      },
      [TracingFixtureController],
    );
  }, 30_000);

  afterAll(async () => {
    await t?.close();
    await langfuse.stop();
    await otlp.stop();
  });

  const byName = (spans: ExportedSpan[], traceId: string, name: string) =>
    spans.find((s) => s.traceId === traceId && s.name === name);
  const hasTaskSpans = (traceId: string) => (spans: ExportedSpan[]) =>
    ['POST /api/v1/ai-orchestration/tasks', 'handit.task.queue_wait', 'handit.task.execute'].every((n) =>
      byName(spans, traceId, n),
    );

  let caller: ReturnType<typeof callerTraceparent>;
  let taskId: string;

  it("answers a task request with the caller's trace id in traceparent and X-Trace-Id, and stores it on the task", async () => {
    caller = callerTraceparent();
    const res = await request(t.http)
      .post(`${TASKS}?wait=15000`)
      .set({ ...auth, traceparent: caller.traceparent, 'X-Session-Id': 'sess-42' })
      .send(TASK);
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 200, error: undefined });
    expect(res.headers['x-trace-id']).toBe(caller.traceId);
    expect(res.headers.traceparent).toMatch(new RegExp(`^00-${caller.traceId}-[0-9a-f]{16}-01$`));
    expect(res.headers.traceparent).not.toContain(caller.spanId); // our span, child of the caller's
    taskId = res.body.data.id;
    expect(res.body.data.traceId).toBe(caller.traceId);
    const stored = await request(t.http).get(`${TASKS}/${taskId}`).set(auth).expect(200);
    expect(stored.body.data.traceId).toBe(caller.traceId);
  });

  it('sends Langfuse the HTTP, queue-wait and execution spans in one trace, with Basic auth of the key pair', async () => {
    const spans = await langfuse.waitForSpans(hasTaskSpans(caller.traceId), 10_000, 'task spans at Langfuse');
    const req = langfuse.requests.find((r) => r.path === '/api/public/otel/v1/traces');
    expect(req).toBeDefined();
    expect(req!.method).toBe('POST');
    expect(req!.headers.authorization).toBe(`Basic ${Buffer.from(`${PK}:${SK}`).toString('base64')}`);
    expect(req!.headers['x-langfuse-public-key']).toBe(PK);
    expect(langfuse.requests.every((r) => r.path === '/api/public/otel/v1/traces')).toBe(true);

    const root = byName(spans, caller.traceId, 'POST /api/v1/ai-orchestration/tasks')!;
    const wait = byName(spans, caller.traceId, 'handit.task.queue_wait')!;
    const exec = byName(spans, caller.traceId, 'handit.task.execute')!;
    // The root continues the caller's span; queued work continues the request's span.
    expect(root.parentSpanId).toBe(caller.spanId);
    expect(wait.parentSpanId).toBe(root.spanId);
    expect(exec.parentSpanId).toBe(root.spanId);
    expect(root.attributes).toMatchObject({
      'session.id': 'sess-42',
      'user.id': 'desk',
      'http.request.method': 'POST',
      'http.route': '/api/v1/ai-orchestration/tasks',
      'http.response.status_code': 200,
    });
    expect(wait.attributes['task.id']).toBe(taskId);
    expect(exec.attributes['task.id']).toBe(taskId);
    expect(typeof exec.attributes['gen_ai.request.model']).toBe('string');
    expect(exec.attributes['gen_ai.operation.name']).toBe(exec.attributes['task.type']);
    expect(exec.attributes['gen_ai.system']).toBe('quant');
    // Session and user reach the queued spans too (restored for the trace in this process).
    expect(exec.attributes['session.id']).toBe('sess-42');
    expect(exec.attributes['user.id']).toBe('desk');
  });

  it('sends the same trace to a generic OTLP/HTTP endpoint with its configured headers', async () => {
    const spans = await otlp.waitForSpans(hasTaskSpans(caller.traceId), 10_000, 'task spans at the OTLP endpoint');
    const req = otlp.requests.find((r) => r.path === '/v1/traces')!;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toContain('application/json');
    expect(req.headers.authorization).toBe(`Bearer ${OTLP_TOKEN}`);
    expect(req.headers['x-langfuse-public-key']).toBeUndefined();
    const root = byName(spans, caller.traceId, 'POST /api/v1/ai-orchestration/tasks')!;
    expect(root.attributes['session.id']).toBe('sess-42');
    expect(byName(spans, caller.traceId, 'handit.task.execute')!.parentSpanId).toBe(root.spanId);
  });

  it("a task queued without waiting (202) still executes in the request's trace", async () => {
    const c = callerTraceparent();
    const res = await request(t.http)
      .post(TASKS)
      .set({ ...auth, traceparent: c.traceparent })
      .send({ ...TASK, options: { cache: false } });
    expect(res.status).toBe(202);
    expect(res.headers['x-trace-id']).toBe(c.traceId);
    const done = await waitForTask(t.http, res.body.data.id, auth);
    expect(done.status).toBe('succeeded');
    expect(done.traceId).toBe(c.traceId);
    const spans = await langfuse.waitForSpans(hasTaskSpans(c.traceId), 10_000, 'queued task spans');
    const root = byName(spans, c.traceId, 'POST /api/v1/ai-orchestration/tasks')!;
    expect(byName(spans, c.traceId, 'handit.task.execute')!.parentSpanId).toBe(root.spanId);
    // And the local store tells the same story.
    const stored = await request(t.http).get(`/api/v1/observability/traces/${c.traceId}`).set(auth).expect(200);
    const tree = stored.body.data.observations;
    expect(tree).toHaveLength(1);
    expect(tree[0].name).toBe('POST /api/v1/ai-orchestration/tasks');
    expect(tree[0].children.map((n: { name: string }) => n.name).sort()).toEqual(
      expect.arrayContaining(['handit.task.execute', 'handit.task.queue_wait']),
    );
  });

  it('without a traceparent, starts a new trace and still returns and stores its id', async () => {
    const res = await request(t.http).post(`${TASKS}?wait=15000`).set(auth).send(TASK).expect(200);
    const traceId = res.headers['x-trace-id'];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.data.traceId).toBe(traceId);
    await langfuse.waitForSpans((spans) => Boolean(byName(spans, traceId, 'POST /api/v1/ai-orchestration/tasks')));
  });

  it('exports spans made with the OpenTelemetry API and @langfuse/tracing, masked: nothing secret leaves the process', async () => {
    const res = await request(t.http)
      .post('/api/v1/test-fixtures/tracing/secrets?api_key=query-secret-abcdef')
      .set({ ...auth, Authorization: 'Bearer not-used-header-token-123' })
      .send({})
      .expect(201);
    const traceId = res.body.data.traceId;
    const spans = await langfuse.waitForSpans((s) =>
      Boolean(
        byName(s, traceId, 'fixture.generation') && byName(s, traceId, 'POST /api/v1/test-fixtures/tracing/secrets'),
      ),
    );
    const outer = byName(spans, traceId, 'fixture.outer')!;
    const generation = byName(spans, traceId, 'fixture.generation')!;
    expect(outer.attributes['app.api_key']).toBe('[REDACTED]');
    expect(outer.attributes['customer.accountNumber']).toBe('[REDACTED]');
    expect(outer.attributes['app.note']).toBe('caller sent [REDACTED]');
    expect(outer.attributes['app.upstream']).toBe('sent Bearer [REDACTED]');
    expect(generation.parentSpanId).toBe(outer.spanId);
    expect(generation.attributes['langfuse.observation.type']).toBe('generation');
    expect(generation.attributes['langfuse.observation.model.name']).toBe('fixture-model');
    expect(JSON.parse(generation.attributes['langfuse.observation.input'] as string)).toEqual({
      prompt: 'hello',
      apiKey: '[REDACTED]',
    });

    await otlp.waitForSpans((s) => Boolean(byName(s, traceId, 'fixture.generation')));
    for (const capture of [langfuse, otlp]) {
      const everything = capture.requests.map((r) => r.body).join('\n');
      for (const secret of [...SECRETS, 'query-secret-abcdef', 'not-used-header-token-123'])
        expect(everything).not.toContain(secret);
    }
  });
});
