import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { TASKS, waitForTask, waitUntil } from './support/tasks';
import { ORCH } from './support/workflows';
import { CaptureServer } from './support/observability-capture';
import { TracingFixtureController } from './support/observability-fixture.controller';

// Issue 14, isolation 1: every trace, observation, session, score and metric summary is its
// tenant's. Another tenant gets 404 for a trace or session (never 403: existence is not
// revealed), lists and summaries leave other tenants out, and nobody scores another tenant's
// trace. The system admin reads every tenant's, or one with ?tenant=.

const OBS = '/api/v1/observability';
const SPANS = '/api/v1/test-fixtures/tracing/spans';
const KEYS = {
  alice: 'alice-admin-key-0123456789',
  olga: 'olga-operator-key-0123456789',
  vera: 'vera-viewer-key-0123456789',
  bob: 'bob-admin-key-0123456789ab',
  oscar: 'oscar-operator-key-0123456',
  vic: 'vic-viewer-key-0123456789ab',
  root: 'root-system-key-0123456789',
} as const;
type Who = keyof typeof KEYS;
const as = (who: Who) => ({ 'X-API-Key': KEYS[who] });
const T1: Who[] = ['alice', 'olga', 'vera'];
const T2: Who[] = ['bob', 'oscar', 'vic'];

interface TraceItem {
  id: string;
  tenant: string | null;
}

interface Observation {
  name: string;
  attributes: Record<string, unknown>;
  children: Observation[];
}

/** [name, tenant.id] of every span of an observation tree. */
const flatten = (nodes: Observation[]): [string, unknown][] =>
  nodes.flatMap((n) => [[n.name, n.attributes['tenant.id']] as [string, unknown], ...flatten(n.children)]);

describe('observability: tenant isolation', () => {
  const langfuse = new CaptureServer();
  let t: TestApp;
  let aliceTrace: string;
  let bobTrace: string;
  let aliceTask: { id: string; traceId: string };
  let aliceRun: string;

  const get = (path: string, who: Who) => request(t.http).get(path).set(as(who));
  const scoresAtLangfuse = () => langfuse.requests.filter((r) => r.path === '/api/public/scores');

  /** The body Langfuse received for a score. */
  async function scoreSent(id: string): Promise<Record<string, unknown>> {
    await waitUntil(() => scoresAtLangfuse().some((r) => JSON.parse(r.body).id === id), 10_000, 'score at Langfuse');
    return JSON.parse(scoresAtLangfuse().find((r) => JSON.parse(r.body).id === id)?.body as string);
  }

  async function fixture(who: Who, spans: unknown[], headers: Record<string, string> = {}): Promise<string> {
    const res = await request(t.http)
      .post(SPANS)
      .set({ ...as(who), ...headers })
      .send({ spans });
    expect(res.status).toBe(201);
    return res.headers['x-trace-id'];
  }

  async function allTraces(who: Who, query = ''): Promise<TraceItem[]> {
    const items: TraceItem[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await get(
        `${OBS}/traces?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        who,
      );
      expect(page.status).toBe(200);
      items.push(...page.body.data.items);
      cursor = page.body.data.nextCursor;
    } while (cursor);
    return items;
  }

  beforeAll(async () => {
    await langfuse.start();
    t = await createTestApp(
      {
        API_KEYS: [
          `alice:admin:t1:${KEYS.alice}`,
          `olga:operator:t1:${KEYS.olga}`,
          `vera:viewer:t1:${KEYS.vera}`,
          `bob:admin:t2:${KEYS.bob}`,
          `oscar:operator:t2:${KEYS.oscar}`,
          `vic:viewer:t2:${KEYS.vic}`,
          `root:system:ops:${KEYS.root}`,
        ].join(','),
        RATE_LIMIT_MAX: '0',
        ...langfuse.langfuseEnv('pk-lf-tenants', 'sk-lf-tenants-secret'),
        TRACING_EXPORT_INTERVAL_MS: '50',
      },
      [TracingFixtureController],
    );
    // Both tenants use the session id `desk-chat`; only t1 uses `t1-only`.
    aliceTrace = await fixture(
      'olga',
      [{ name: 'fixture.t1', model: 'model-t1', durationMs: 4, inputTokens: 11, outputTokens: 1 }],
      {
        'X-Session-Id': 'desk-chat',
      },
    );
    await fixture('alice', [{ name: 'fixture.t1', durationMs: 6 }], { 'X-Session-Id': 't1-only' });
    bobTrace = await fixture(
      'oscar',
      [{ name: 'fixture.t2', model: 'model-t2', durationMs: 8, inputTokens: 22, outputTokens: 2 }],
      {
        'X-Session-Id': 'desk-chat',
      },
    );

    // Background work: a task and a workflow run started by t1's operator.
    const created = await request(t.http)
      .post(TASKS)
      .set(as('olga'))
      .send({
        type: 'options_pricing',
        input: { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 },
      });
    expect(created.status).toBe(202);
    const done = await waitForTask(t.http, created.body.data.id, as('olga'));
    expect(done.status).toBe('succeeded');
    aliceTask = { id: done.id, traceId: done.traceId };
    const templates = (await get(`${ORCH}/workflows`, 'olga').expect(200)).body.data as {
      name: string;
      kind: string;
      example: unknown;
    }[];
    const scan = templates.find((w) => w.name === 'market-scan') as { example: unknown };
    const run = await request(t.http)
      .post(`${ORCH}/execute`)
      .set(as('olga'))
      .send({ workflow: 'market-scan', input: scan.example, mode: 'sync' });
    expect(run.status).toBe(200);
    aliceRun = run.headers['x-trace-id'];
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await langfuse.stop();
  });

  describe('another tenant (admin, operator and viewer alike)', () => {
    it('gets 404 NOT_FOUND for a trace of t1, its scores, and its background work', async () => {
      for (const who of T2) {
        for (const id of [aliceTrace, aliceTask.traceId, aliceRun]) {
          for (const path of [`${OBS}/traces/${id}`, `${OBS}/traces/${id}/scores`]) {
            const res = await get(path, who);
            expect({ who, path, status: res.status, code: res.body.error?.code }).toEqual({
              who,
              path,
              status: 404,
              code: 'NOT_FOUND',
            });
          }
        }
      }
    });

    it('gets the same 404 for a trace that exists in t1 as for one that exists nowhere', async () => {
      const unknown = 'f'.repeat(32);
      const [real, missing] = await Promise.all([
        get(`${OBS}/traces/${aliceTrace}`, 'bob'),
        get(`${OBS}/traces/${unknown}`, 'bob'),
      ]);
      expect(real.status).toBe(404);
      expect(real.body.error.message.replace(aliceTrace, 'ID')).toBe(missing.body.error.message.replace(unknown, 'ID'));
    });

    it('gets 404 for a session only t1 has, and only its own traces of a session id both use', async () => {
      for (const who of T2) expect((await get(`${OBS}/sessions/t1-only`, who)).status).toBe(404);
      const shared = await get(`${OBS}/sessions/desk-chat`, 'vic').expect(200);
      expect(shared.body.data.items.map((i: TraceItem) => [i.id, i.tenant])).toEqual([[bobTrace, 't2']]);
      const own = await get(`${OBS}/sessions/desk-chat`, 'vera').expect(200);
      expect(own.body.data.items.map((i: TraceItem) => [i.id, i.tenant])).toEqual([[aliceTrace, 't1']]);
    });

    it('lists only its own tenant’s traces, whatever the filter', async () => {
      for (const who of T2) {
        const items = await allTraces(who);
        expect(items.map((i) => i.id)).toContain(bobTrace);
        expect(items.filter((i) => i.tenant !== 't2')).toEqual([]);
      }
      for (const query of [
        '&userId=olga',
        '&sessionId=t1-only',
        `&name=${encodeURIComponent('POST /api/v1/orchestration/execute')}`,
      ]) {
        expect(await allTraces('bob', query)).toEqual([]);
      }
      const ownSide = await allTraces('vera');
      expect(ownSide.map((i) => i.id)).toEqual(expect.arrayContaining([aliceTrace, aliceTask.traceId, aliceRun]));
      expect(ownSide.filter((i) => i.tenant !== 't1')).toEqual([]);
    });

    it('summarises only its own tenant’s spans', async () => {
      const byModel = (await get(`${OBS}/metrics/summary?window=1h&groupBy=model`, 'vic').expect(200)).body.data;
      expect(byModel.tenant).toBe('t2');
      expect(byModel.groups.map((g: { key: string }) => g.key)).toEqual(['model-t2']);
      expect(byModel.totals).toMatchObject({ inputTokens: 22, outputTokens: 2 });
      const byOperation = (await get(`${OBS}/metrics/summary?window=1h`, 'bob').expect(200)).body.data;
      const operations = byOperation.groups.map((g: { key: string }) => g.key);
      expect(operations).toContain('fixture.t2');
      for (const foreign of ['fixture.t1', 'handit.task.execute', 'handit.task.queue_wait'])
        expect(operations).not.toContain(foreign);
      expect(operations.some((o: string) => o.startsWith('workflow.'))).toBe(false);
    });

    it('cannot score a trace of t1: 404, nothing stored, nothing sent to Langfuse', async () => {
      const before = scoresAtLangfuse().length;
      for (const who of ['bob', 'oscar'] as const) {
        const res = await request(t.http)
          .post(`${OBS}/traces/${aliceTrace}/scores`)
          .set(as(who))
          .send({ name: 'sabotage', value: 0, dataType: 'NUMERIC' });
        expect({ who, status: res.status, code: res.body.error?.code }).toEqual({
          who,
          status: 404,
          code: 'NOT_FOUND',
        });
      }
      // The viewer is refused by role first, as on any trace.
      const viewer = await request(t.http)
        .post(`${OBS}/traces/${aliceTrace}/scores`)
        .set(as('vic'))
        .send({ name: 'x', value: 0, dataType: 'NUMERIC' });
      expect(viewer.status).toBe(403);
      const scores = await get(`${OBS}/traces/${aliceTrace}/scores`, 'alice').expect(200);
      expect(scores.body.data.items.map((s: { name: string }) => s.name)).not.toContain('sabotage');
      await new Promise((r) => setTimeout(r, 100));
      expect(scoresAtLangfuse()).toHaveLength(before);
    });

    it('is refused (403) when it names another tenant with ?tenant=, on every route', async () => {
      for (const path of [
        `${OBS}/traces?tenant=t1`,
        `${OBS}/traces/${aliceTrace}?tenant=t1`,
        `${OBS}/traces/${aliceTrace}/scores?tenant=t1`,
        `${OBS}/sessions/desk-chat?tenant=t1`,
        `${OBS}/metrics/summary?tenant=t1`,
      ]) {
        for (const who of T2) {
          const res = await get(path, who);
          expect({ path, who, status: res.status, code: res.body.error?.code }).toEqual({
            path,
            who,
            status: 403,
            code: 'FORBIDDEN',
          });
        }
      }
      const score = await request(t.http)
        .post(`${OBS}/traces/${aliceTrace}/scores?tenant=t1`)
        .set(as('bob'))
        .send({ name: 'x', value: 0, dataType: 'NUMERIC' });
      expect(score.status).toBe(403);
      // Its own tenant named explicitly is its own view.
      expect((await get(`${OBS}/traces/${bobTrace}?tenant=t2`, 'vic')).status).toBe(200);
    });
  });

  describe('the owning tenant', () => {
    it('reads its trace, with every span carrying its tenant', async () => {
      for (const who of T1) {
        const res = await get(`${OBS}/traces/${aliceTrace}`, who).expect(200);
        expect(res.body.data).toMatchObject({
          id: aliceTrace,
          tenant: 't1',
          userId: 'olga',
          sessionId: 'desk-chat',
          spanCount: 2,
        });
        expect(flatten(res.body.data.observations)).toEqual([
          ['POST /api/v1/test-fixtures/tracing/spans', 't1'],
          ['fixture.t1', 't1'],
        ]);
      }
      for (const who of T1) expect((await get(`${OBS}/traces/${bobTrace}`, who)).status).toBe(404);
    });

    it('owns the spans of its background work: task execution and workflow runs', async () => {
      // [name, tenant.id] of every span of t1's part of a trace, once the spans named have ended.
      const spansOf = async (traceId: string, expected: string[]): Promise<[string, unknown][]> => {
        let spans: [string, unknown][] = [];
        await waitUntil(
          async () => {
            const trace = (await get(`${OBS}/traces/${traceId}`, 'vera').expect(200)).body.data;
            spans = flatten(trace.observations);
            return expected.every((name) => spans.some(([n]) => n === name));
          },
          10_000,
          `spans ${expected.join(', ')}`,
        );
        return spans;
      };
      const taskSpans = await spansOf(aliceTask.traceId, ['handit.task.queue_wait', 'handit.task.execute']);
      expect(taskSpans.every(([, tenant]) => tenant === 't1')).toBe(true);

      const runSpans = await spansOf(aliceRun, ['workflow.run market-scan', 'handit.task.execute']);
      expect(runSpans.some(([n]) => n.startsWith('workflow.node '))).toBe(true);
      expect(runSpans.every(([, tenant]) => tenant === 't1')).toBe(true);

      const summary = (await get(`${OBS}/metrics/summary?window=1h`, 'vera').expect(200)).body.data;
      expect(summary.groups.map((g: { key: string }) => g.key)).toEqual(
        expect.arrayContaining(['handit.task.execute', 'workflow.run market-scan']),
      );
    });

    it('scores its trace; the score is the tenant’s, here and in Langfuse', async () => {
      const res = await request(t.http)
        .post(`${OBS}/traces/${aliceTrace}/scores`)
        .set(as('olga'))
        .send({ name: 'useful', value: true, dataType: 'BOOLEAN' });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ traceId: aliceTrace, tenant: 't1', principalId: 'olga' });
      const sent = await scoreSent(res.body.data.id);
      expect(sent).toMatchObject({ id: res.body.data.id, traceId: aliceTrace, metadata: { tenant: 't1' } });
      const listed = await get(`${OBS}/traces/${aliceTrace}/scores`, 'vera').expect(200);
      expect(listed.body.data.items.map((s: { id: string; tenant: string }) => [s.id, s.tenant])).toEqual([
        [res.body.data.id, 't1'],
      ]);
    });
  });

  describe('a caller that sends another tenant’s trace id in its traceparent', () => {
    it('gets a trace part of its own and never adds to the other tenant’s trace', async () => {
      const before = (await get(`${OBS}/traces/${aliceTrace}`, 'alice').expect(200)).body.data;
      const joined = await fixture(
        'oscar',
        [{ name: 'fixture.joined', durationMs: 5, error: true, inputTokens: 999 }],
        {
          traceparent: `00-${aliceTrace}-${'1'.repeat(16)}-01`,
          'X-Session-Id': 't1-only',
        },
      );
      expect(joined).toBe(aliceTrace);

      const after = (await get(`${OBS}/traces/${aliceTrace}`, 'alice').expect(200)).body.data;
      expect(after).toMatchObject({
        tenant: 't1',
        spanCount: before.spanCount,
        errorCount: 0,
        inputTokens: before.inputTokens,
        sessionId: 'desk-chat',
      });
      expect(JSON.stringify(after.observations)).not.toContain('fixture.joined');
      // t1's session t1-only still holds t1's traces only.
      expect(
        (await get(`${OBS}/sessions/t1-only`, 'vera').expect(200)).body.data.items.every(
          (i: TraceItem) => i.tenant === 't1',
        ),
      ).toBe(true);

      const own = (await get(`${OBS}/traces/${aliceTrace}`, 'oscar').expect(200)).body.data;
      expect(own).toMatchObject({ tenant: 't2', errorCount: 1, inputTokens: 999 });
      expect(JSON.stringify(own.observations)).not.toContain('fixture.t1');

      // Nor can t2 score t1's spans through its own part.
      const aliceSpan = after.observations[0].spanId;
      const res = await request(t.http)
        .post(`${OBS}/traces/${aliceTrace}/scores`)
        .set(as('oscar'))
        .send({ name: 'x', value: 1, dataType: 'NUMERIC', observationId: aliceSpan });
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    });
  });

  describe('the system admin', () => {
    it('lists every tenant’s traces and those of no tenant, or one tenant’s with ?tenant=', async () => {
      const unauthenticated = (await request(t.http).get(`${OBS}/traces`).expect(401)).headers['x-trace-id'];
      const all = await allTraces('root');
      expect([...new Set(all.map((i) => i.tenant))]).toEqual(expect.arrayContaining(['t1', 't2', null]));
      expect(all.map((i) => i.id)).toEqual(expect.arrayContaining([aliceTrace, bobTrace, unauthenticated]));
      const onlyT1 = await allTraces('root', '&tenant=t1');
      expect(onlyT1.length).toBeGreaterThan(0);
      expect(onlyT1.filter((i) => i.tenant !== 't1')).toEqual([]);
      for (const who of [...T1, ...T2]) expect((await get(`${OBS}/traces/${unauthenticated}`, who)).status).toBe(404);
    });

    it('reads any tenant’s trace and session, and summarises every tenant or one', async () => {
      expect((await get(`${OBS}/traces/${aliceTrace}`, 'root').expect(200)).body.data.tenant).toBe('t1');
      expect((await get(`${OBS}/traces/${bobTrace}`, 'root').expect(200)).body.data.tenant).toBe('t2');
      // The part t2 made under t1's trace id, by name.
      expect((await get(`${OBS}/traces/${aliceTrace}?tenant=t2`, 'root').expect(200)).body.data.tenant).toBe('t2');
      const session = (await get(`${OBS}/sessions/desk-chat`, 'root').expect(200)).body.data.items.map(
        (i: TraceItem) => i.tenant,
      );
      expect(session).toEqual(['t1', 't2']);

      const all = (await get(`${OBS}/metrics/summary?window=1h&groupBy=model`, 'root').expect(200)).body.data;
      expect(all.tenant).toBeNull();
      expect(all.groups.map((g: { key: string }) => g.key).sort()).toEqual(
        expect.arrayContaining(['model-t1', 'model-t2']),
      );
      const t2 = (await get(`${OBS}/metrics/summary?window=1h&groupBy=model&tenant=t2`, 'root').expect(200)).body.data;
      expect(t2.tenant).toBe('t2');
      expect(t2.groups.map((g: { key: string }) => g.key)).toEqual(['model-t2']);
    });

    it('scores a tenant’s trace in that tenant', async () => {
      const res = await request(t.http)
        .post(`${OBS}/traces/${bobTrace}/scores`)
        .set(as('root'))
        .send({ name: 'audit', value: 'ok', dataType: 'CATEGORICAL' });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ tenant: 't2', principalId: 'root' });
      const listed = await get(`${OBS}/traces/${bobTrace}/scores`, 'vic').expect(200);
      expect(listed.body.data.items.map((s: { name: string }) => s.name)).toContain('audit');
      const sent = await scoreSent(res.body.data.id);
      expect(sent.metadata).toEqual({ tenant: 't2' });
    });
  });
});
