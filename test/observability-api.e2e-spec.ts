import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { waitUntil } from './support/tasks';
import { CaptureServer } from './support/observability-capture';
import { TracingFixtureController } from './support/observability-fixture.controller';

// Must show 5: trace query (filters, cursor), the observation tree, the session view, scores
// (stored, listed, sent to a Langfuse capture server) and the metrics summary, whose
// percentiles are checked against spans of known durations.

const PK = 'pk-lf-api-0001';
const SK = 'sk-lf-api-secret-0001';
const OPERATOR = 'desk-key-0123456789abcdef';
const VIEWER = 'view-key-0123456789abcdef';
const ROOT = 'root-key-0123456789abcdef';
const OBS = '/api/v1/observability';
const SPANS = '/api/v1/test-fixtures/tracing/spans';

describe('observability API', () => {
  const langfuse = new CaptureServer();
  let t: TestApp;
  const desk = { 'X-API-Key': OPERATOR };
  const viewer = { 'X-API-Key': VIEWER };
  const root = { 'X-API-Key': ROOT };

  beforeAll(async () => {
    await langfuse.start();
    t = await createTestApp(
      {
        API_KEYS: `desk:operator:default:${OPERATOR},viewer:viewer:default:${VIEWER},root:system:ops:${ROOT}`,
        RATE_LIMIT_MAX: '0',
        ...langfuse.langfuseEnv(PK, SK),
        TRACING_EXPORT_INTERVAL_MS: '50',
      },
      [TracingFixtureController],
    );
  }, 30_000);

  afterAll(async () => {
    await t?.close();
    await langfuse.stop();
  });

  async function fixture(spans: unknown[], headers: Record<string, string> = {}): Promise<string> {
    const res = await request(t.http)
      .post(SPANS)
      .set({ ...desk, ...headers })
      .send({ spans });
    expect(res.status).toBe(201);
    return res.headers['x-trace-id'];
  }

  describe('metrics summary', () => {
    beforeAll(async () => {
      // 1..100 ms for one operation; 10, 20, 30, 40 ms for one model with tokens and cache flags.
      await fixture(Array.from({ length: 100 }, (_, i) => ({ name: 'fixture.op', durationMs: i + 1 })));
      await fixture([
        { name: 'fixture.llm', model: 'm-a', durationMs: 10, inputTokens: 100, outputTokens: 10, cacheHit: false },
        { name: 'fixture.llm', model: 'm-a', durationMs: 20, inputTokens: 200, outputTokens: 20, cacheHit: true },
        { name: 'fixture.llm', model: 'm-a', durationMs: 30, inputTokens: 300, outputTokens: 30, cacheHit: true },
        {
          name: 'fixture.llm',
          model: 'm-a',
          durationMs: 40,
          inputTokens: 400,
          outputTokens: 40,
          cacheHit: true,
          error: true,
        },
      ]);
    });

    it('gives count and p50/p95/p99 per operation, matching numpy.percentile of the known durations', async () => {
      const res = await request(t.http).get(`${OBS}/metrics/summary?window=1h`).set(viewer).expect(200);
      const op = res.body.data.groups.find((g: { key: string }) => g.key === 'fixture.op');
      // numpy.percentile(range(1, 101), [50, 95, 99]) == [50.5, 95.05, 99.01]
      expect(op).toMatchObject({
        count: 100,
        errorCount: 0,
        errorRate: 0,
        p50Ms: 50.5,
        p95Ms: 95.05,
        p99Ms: 99.01,
        maxMs: 100,
      });
      expect(res.body.data.groupBy).toBe('operation');
      expect(res.body.data.windowMs).toBe(3_600_000);
    });

    it('gives per-model latency, error rate and tokens, and the cache hit ratio', async () => {
      const res = await request(t.http).get(`${OBS}/metrics/summary?window=15m&groupBy=model`).set(viewer).expect(200);
      const model = res.body.data.groups.find((g: { key: string }) => g.key === 'm-a');
      // numpy.percentile([10, 20, 30, 40], [50, 95, 99]) == [25, 38.5, 39.7]
      expect(model).toMatchObject({
        count: 4,
        errorCount: 1,
        errorRate: 0.25,
        p50Ms: 25,
        p95Ms: 38.5,
        p99Ms: 39.7,
        inputTokens: 1000,
        outputTokens: 100,
      });
      expect(res.body.data.totals).toMatchObject({
        inputTokens: 1000,
        outputTokens: 100,
        cacheHits: 3,
        cacheLookups: 4,
        cacheHitRatio: 0.75,
      });
      // Only spans naming a model are grouped by model.
      expect(res.body.data.groups.every((g: { key: string }) => g.key === 'm-a')).toBe(true);
    });

    it('refuses a bad window or groupBy with 400 naming the field', async () => {
      for (const [query, field] of [
        ['window=forever', 'window'],
        ['window=40d', 'window'],
        ['groupBy=tenant', 'groupBy'],
        ['extra=1', 'extra'],
      ]) {
        const res = await request(t.http).get(`${OBS}/metrics/summary?${query}`).set(viewer);
        expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
        expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
    });
  });

  describe('traces and sessions', () => {
    let slow: string;
    let failing: string;
    const session: string[] = [];

    beforeAll(async () => {
      slow = await fixture([{ name: 'fixture.slow', durationMs: 12_000 }]);
      failing = await fixture([{ name: 'fixture.broken', durationMs: 5, error: true }]);
      for (let i = 0; i < 3; i++)
        session.push(await fixture([{ name: `fixture.turn-${i}`, durationMs: 1 }], { 'X-Session-Id': 'chat-7' }));
    });

    it('lists traces newest first with a working cursor', async () => {
      const first = await request(t.http).get(`${OBS}/traces?limit=2`).set(viewer).expect(200);
      expect(first.body.data.items).toHaveLength(2);
      expect(first.body.data.nextCursor).toEqual(expect.any(String));
      const second = await request(t.http)
        .get(`${OBS}/traces?limit=2&cursor=${encodeURIComponent(first.body.data.nextCursor)}`)
        .set(viewer)
        .expect(200);
      const ids = [...first.body.data.items, ...second.body.data.items].map((i: { id: string }) => i.id);
      expect(new Set(ids).size).toBe(4);
      const starts = [...first.body.data.items, ...second.body.data.items].map((i: { startTime: string }) =>
        Date.parse(i.startTime),
      );
      expect(starts).toEqual([...starts].sort((a, b) => b - a));
    });

    it('filters by status, name, session, user, minimum duration and time range', async () => {
      const get = async (q: string) =>
        (await request(t.http).get(`${OBS}/traces?${q}`).set(viewer).expect(200)).body.data.items.map(
          (i: { id: string }) => i.id,
        );
      expect(await get('status=error&limit=100')).toEqual(expect.arrayContaining([failing]));
      expect(await get('status=error&limit=100')).not.toContain(slow);
      expect(await get('minDurationMs=11000')).toEqual([slow]);
      expect(await get('sessionId=chat-7')).toEqual([...session].reverse());
      expect((await get('userId=desk&limit=100')).length).toBeGreaterThanOrEqual(5);
      expect(await get('userId=nobody')).toEqual([]);
      expect(
        (await get(`name=${encodeURIComponent('POST /api/v1/test-fixtures/tracing/spans')}&limit=100`)).length,
      ).toBeGreaterThanOrEqual(5);
      expect(await get(`to=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).toEqual([]);
      expect(
        (await get(`from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&limit=100`)).length,
      ).toBeGreaterThanOrEqual(5);
    });

    it('shows one trace as a tree with timings, attributes, status and errors', async () => {
      const res = await request(t.http).get(`${OBS}/traces/${failing}`).set(viewer).expect(200);
      const trace = res.body.data;
      expect(trace).toMatchObject({
        id: failing,
        name: 'POST /api/v1/test-fixtures/tracing/spans',
        status: 'error',
        spanCount: 2,
        errorCount: 1,
        userId: 'desk',
      });
      expect(trace.tenant).toBe('default');
      expect(trace.observations).toHaveLength(1);
      const [root] = trace.observations;
      expect(root).toMatchObject({
        name: 'POST /api/v1/test-fixtures/tracing/spans',
        kind: 'server',
        status: 'unset',
        parentSpanId: null,
      });
      expect(root.attributes).toMatchObject({ 'http.response.status_code': 201, 'user.id': 'desk' });
      expect(root.children).toHaveLength(1);
      const child = root.children[0];
      expect(child).toMatchObject({
        name: 'fixture.broken',
        status: 'error',
        statusMessage: 'model refused: quota',
        durationMs: 5,
        parentSpanId: root.spanId,
      });
      // The child inherited the request's tenant from its parent in this process.
      expect(child.attributes['tenant.id']).toBe('default');
      expect(child.events[0]).toMatchObject({
        name: 'exception',
        attributes: { 'exception.message': 'model refused: quota' },
      });
      expect(typeof child.offsetMs).toBe('number');
    });

    it('shows a session as its traces in order', async () => {
      const res = await request(t.http).get(`${OBS}/sessions/chat-7`).set(viewer).expect(200);
      expect(res.body.data.sessionId).toBe('chat-7');
      expect(res.body.data.items.map((i: { id: string }) => i.id)).toEqual(session);
      const page = await request(t.http).get(`${OBS}/sessions/chat-7?limit=2`).set(viewer).expect(200);
      const rest = await request(t.http)
        .get(`${OBS}/sessions/chat-7?limit=2&cursor=${encodeURIComponent(page.body.data.nextCursor)}`)
        .set(viewer)
        .expect(200);
      expect([...page.body.data.items, ...rest.body.data.items].map((i: { id: string }) => i.id)).toEqual(session);
    });

    it('traces every request, including an unknown URL (404) and a refused one (401), for the system admin', async () => {
      const missing = await request(t.http).get('/no/such/route').set(viewer).expect(404);
      const refused = await request(t.http).get(`${OBS}/traces`).expect(401);
      for (const [res, status] of [
        [missing, 404],
        [refused, 401],
      ] as const) {
        const id = res.headers['x-trace-id'];
        expect(id).toMatch(/^[0-9a-f]{32}$/);
        const trace = await request(t.http).get(`${OBS}/traces/${id}`).set(root).expect(200);
        expect(trace.body.data.observations[0].attributes['http.response.status_code']).toBe(status);
        expect(trace.body.data.status).toBe('ok'); // 4xx are the caller's errors, not the service's
        // No route authenticated the caller, so the trace belongs to no tenant.
        expect(trace.body.data.tenant).toBeNull();
        await request(t.http).get(`${OBS}/traces/${id}`).set(viewer).expect(404);
      }
    });

    it('leaves probes and scrapes untraced (TRACING_IGNORE_PATHS, default /health and /metrics)', async () => {
      const before = await request(t.http).get(`${OBS}/traces?limit=100`).set(root).expect(200);
      for (const path of ['/health/live', '/health/ready', '/metrics']) {
        const res = await request(t.http).get(path);
        expect(res.status).toBeLessThan(500);
        expect(res.headers['x-trace-id']).toBeUndefined();
        expect(res.headers.traceparent).toBeUndefined();
      }
      const traced = await request(t.http).get('/healthz').set(viewer).expect(404);
      expect(traced.headers['x-trace-id']).toMatch(/^[0-9a-f]{32}$/);
      const after = await request(t.http).get(`${OBS}/traces?limit=100`).set(root).expect(200);
      const names = (page: request.Response) => (page.body.data.items as Array<{ name: string }>).map((i) => i.name);
      expect(names(after).filter((n) => /health|metrics/.test(n))).toEqual(
        names(before).filter((n) => /health|metrics/.test(n)),
      );
    });

    it('answers 404 for unknown traces and sessions and 400 for malformed ids and filters', async () => {
      const unknown = '0'.repeat(31) + '1';
      expect((await request(t.http).get(`${OBS}/traces/${unknown}`).set(viewer)).body.error.code).toBe('NOT_FOUND');
      expect((await request(t.http).get(`${OBS}/sessions/never-seen`).set(viewer)).status).toBe(404);
      for (const [path, field] of [
        [`${OBS}/traces/not-a-trace`, 'id'],
        [`${OBS}/traces?status=broken`, 'status'],
        [`${OBS}/traces?minDurationMs=-1`, 'minDurationMs'],
        [`${OBS}/traces?from=yesterday`, 'from'],
        [`${OBS}/traces?cursor=garbage`, 'cursor'],
        [`${OBS}/traces?limit=1000`, 'limit'],
        [`${OBS}/sessions/${encodeURIComponent('a b')}`, 'id'],
      ]) {
        const res = await request(t.http).get(path).set(viewer);
        expect({ path, status: res.status, code: res.body.error?.code }).toEqual({
          path,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
    });
  });

  describe('scores', () => {
    let traceId: string;

    beforeAll(async () => {
      traceId = await fixture([{ name: 'fixture.scored', durationMs: 3 }]);
    });

    it('stores NUMERIC, BOOLEAN and CATEGORICAL scores, lists them on the trace and sends them to Langfuse', async () => {
      const created = [];
      for (const body of [
        { name: 'accuracy', value: 0.92, dataType: 'NUMERIC', comment: 'matched the desk' },
        { name: 'useful', value: true, dataType: 'BOOLEAN' },
        { name: 'verdict', value: 'good', dataType: 'CATEGORICAL' },
      ]) {
        const res = await request(t.http).post(`${OBS}/traces/${traceId}/scores`).set(desk).send(body);
        expect({ status: res.status, error: res.body.error }).toEqual({ status: 201, error: undefined });
        expect(res.body.data).toMatchObject({
          traceId,
          name: body.name,
          dataType: body.dataType,
          principalId: 'desk',
          langfuse: 'pending',
        });
        created.push(res.body.data);
      }
      expect(created.map((s) => s.value)).toEqual([0.92, 1, 'good']);

      await waitUntil(
        () => langfuse.requests.filter((r) => r.path === '/api/public/scores').length === 3,
        10_000,
        'scores at Langfuse',
      );
      const sent = langfuse.requests.filter((r) => r.path === '/api/public/scores');
      for (const r of sent) {
        expect(r.method).toBe('POST');
        expect(r.headers.authorization).toBe(`Basic ${Buffer.from(`${PK}:${SK}`).toString('base64')}`);
      }
      const bodies = sent.map((r) => JSON.parse(r.body));
      expect(bodies.map((b) => [b.id, b.traceId, b.name, b.value, b.dataType])).toEqual(
        created.map((s) => [s.id, traceId, s.name, s.value, s.dataType]),
      );
      expect(bodies[0].comment).toBe('matched the desk');

      await waitUntil(
        async () => {
          const res = await request(t.http).get(`${OBS}/traces/${traceId}/scores`).set(viewer);
          return res.body.data.items.every((s: { langfuse: string }) => s.langfuse === 'sent');
        },
        10_000,
        'scores marked sent',
      );
      const trace = await request(t.http).get(`${OBS}/traces/${traceId}`).set(viewer).expect(200);
      expect(trace.body.data.scores.map((s: { name: string; langfuse: string }) => [s.name, s.langfuse])).toEqual([
        ['accuracy', 'sent'],
        ['useful', 'sent'],
        ['verdict', 'sent'],
      ]);
    });

    it('marks a score failed and counts it when Langfuse refuses it, still answering 201', async () => {
      langfuse.mode = 'error500';
      try {
        const res = await request(t.http)
          .post(`${OBS}/traces/${traceId}/scores`)
          .set(desk)
          .send({ name: 'late', value: 1, dataType: 'NUMERIC' })
          .expect(201);
        await waitUntil(
          async () => {
            const list = await request(t.http).get(`${OBS}/traces/${traceId}/scores`).set(viewer);
            return list.body.data.items.find((s: { id: string }) => s.id === res.body.data.id)?.langfuse === 'failed';
          },
          10_000,
          'score marked failed',
        );
        const metrics = (await request(t.http).get('/metrics')).text;
        expect(metrics).toMatch(/tracing_export_failures_total\{backend="langfuse_scores"\} [1-9]/);
      } finally {
        langfuse.mode = 'ok';
      }
    });

    it('refuses bad scores with 400 naming the field, unknown traces with 404, viewers with 403', async () => {
      for (const [body, field] of [
        [{ name: 'x', value: 'high', dataType: 'NUMERIC' }, 'value'],
        [{ name: 'x', value: 2, dataType: 'BOOLEAN' }, 'value'],
        [{ name: 'x', value: 3, dataType: 'CATEGORICAL' }, 'value'],
        [{ name: 'x', value: 1, dataType: 'PERCENT' }, 'dataType'],
        [{ name: '', value: 1, dataType: 'NUMERIC' }, 'name'],
        [{ value: 1, dataType: 'NUMERIC' }, 'name'],
        [{ name: 'x', dataType: 'NUMERIC' }, 'value'],
        [{ name: 'x', value: 1, dataType: 'NUMERIC', observationId: 'nope' }, 'observationId'],
        [{ name: 'x', value: 1, dataType: 'NUMERIC', extra: true }, 'extra'],
      ] as const) {
        const res = await request(t.http).post(`${OBS}/traces/${traceId}/scores`).set(desk).send(body);
        expect({ body, status: res.status, code: res.body.error?.code }).toEqual({
          body,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
      const missing = await request(t.http)
        .post(`${OBS}/traces/${'a'.repeat(32)}/scores`)
        .set(desk)
        .send({ name: 'x', value: 1, dataType: 'NUMERIC' });
      expect(missing.status).toBe(404);
      const refused = await request(t.http)
        .post(`${OBS}/traces/${traceId}/scores`)
        .set(viewer)
        .send({ name: 'x', value: 1, dataType: 'NUMERIC' });
      expect(refused.status).toBe(403);
    });
  });
});
