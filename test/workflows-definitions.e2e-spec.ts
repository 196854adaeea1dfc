import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { FakeLlmServer } from './support/llm-server';
import { waitForTask } from './support/tasks';
import { BUY_CANDLES, nodeOf, ORCH, RUNS, waitForRun } from './support/workflows';

jest.setTimeout(60_000);

const ask = (id: string, question: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'task',
  taskType: 'market_commentary',
  input: { question },
  cache: false,
  ...extra,
});

/** A two-step definition whose output reveals its version. */
const versioned = (label: string) => ({
  name: 'versioned-flow',
  nodes: [
    { id: 'approve', kind: 'approval', question: 'Continue?' },
    { id: 'finish', kind: 'transform', output: { label, symbol: { var: 'input.symbol' } } },
  ],
  edges: [
    { from: 'start', to: 'approve' },
    { from: 'approve', to: 'finish' },
    { from: 'finish', to: 'end' },
  ],
});

function register(t: TestApp, definition: object) {
  return request(t.http).post(`${ORCH}/workflows`).send(definition);
}

describe('workflows: dynamic definitions', () => {
  let t: TestApp;
  let llm: FakeLlmServer;

  beforeAll(async () => {
    llm = new FakeLlmServer();
    const baseUrl = await llm.start();
    t = await createTestApp({ LLM_BASE_URL: baseUrl, LLM_MODEL: 'fake-model' });
  }, 30_000);
  afterAll(async () => {
    await t.close();
    await llm.stop();
  });
  beforeEach(() => llm.otherwise({ status: 200, content: 'fine' }));

  it('registers, lists, and runs a definition with parallel tasks, a join, a condition, approval and memory', async () => {
    const definition = {
      name: 'signal-with-approval',
      inputSchema: {
        type: 'object',
        required: ['symbol', 'candles'],
        properties: { symbol: { type: 'string' }, candles: { type: 'array', minItems: 50 } },
      },
      nodes: [
        {
          id: 'signal',
          kind: 'task',
          taskType: 'trading_signal',
          input: { symbol: { var: 'input.symbol' }, candles: { var: 'input.candles' } },
        },
        { id: 'risk', kind: 'task', taskType: 'risk_assessment', input: { candles: { var: 'input.candles' } } },
        {
          id: 'summary',
          kind: 'transform',
          output: {
            action: { var: 'outputs.signal.result.action' },
            volatility: { var: 'outputs.risk.result.annualizedVolatility' },
          },
        },
        {
          id: 'approve',
          kind: 'approval',
          when: { '==': [{ var: 'outputs.summary.action' }, 'buy'] },
          question: 'Buy on this signal?',
          details: { var: 'outputs.summary' },
        },
        {
          id: 'remember',
          kind: 'memory',
          operation: 'write',
          agentId: 'desk',
          content: { cat: ['Signal ', { var: 'outputs.summary.action' }, ' approved for ', { var: 'input.symbol' }] },
        },
        { id: 'recall', kind: 'memory', operation: 'search', agentId: 'desk', query: { var: 'input.symbol' } },
      ],
      edges: [
        { from: 'start', to: ['signal', 'risk'] },
        { from: ['signal', 'risk'], to: 'summary' },
        { from: 'summary', to: 'approve' },
        { from: 'remember', to: 'recall' },
        { from: 'recall', to: 'end' },
      ],
      conditionalEdges: [
        {
          from: 'approve',
          branches: [{ when: { var: 'outputs.approve.approved' }, to: 'remember' }],
          otherwise: 'end',
        },
      ],
      output: {
        summary: { var: 'outputs.summary' },
        approved: { var: 'outputs.approve.approved' },
        recalled: { var: 'outputs.recall.hits' },
      },
    };
    const created = await register(t, definition).expect(201);
    expect(created.body.data).toMatchObject({ name: 'signal-with-approval', version: 1 });
    expect(created.headers.location).toBe(`${ORCH}/workflows/signal-with-approval?version=1`);
    const listed = await request(t.http).get(`${ORCH}/workflows`).expect(200);
    expect(listed.body.data.find((w: any) => w.name === 'signal-with-approval')).toMatchObject({
      kind: 'registered',
      version: 1,
      versions: [1],
      activeRuns: 0,
    });
    await request(t.http).get(`${ORCH}/workflows/signal-with-approval?version=1`).expect(200);

    const bad = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'signal-with-approval', input: { symbol: 'AAPL' } })
      .expect(400);
    expect(bad.body.error.details.fields[0].field).toBe('input.candles');

    const res = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'signal-with-approval', input: { symbol: 'ZZTOP', candles: BUY_CANDLES }, mode: 'sync' })
      .expect(200);
    expect(res.body.data.status).toBe('interrupted');
    expect(res.body.data.workflow).toEqual({ name: 'signal-with-approval', version: 1, source: 'registered' });
    expect(res.body.data.interrupt[0].value).toMatchObject({
      question: 'Buy on this signal?',
      details: { action: 'buy' },
    });
    await request(t.http).post(`${RUNS}/${res.body.data.id}/resume`).send({ approved: true }).expect(201);
    const run = await waitForRun(t.http, res.body.data.id);
    expect(run.status).toBe('succeeded');
    expect(run.output.summary.action).toBe('buy');
    expect(run.output.approved).toBe(true);
    expect(run.output.recalled[0].content).toBe('Signal buy approved for ZZTOP');
    expect(nodeOf(run, 'remember').output.agentId).toBe('desk');
    const join = nodeOf(run, 'summary');
    for (const k of ['signal', 'risk'])
      expect(Date.parse(nodeOf(run, k).finishedAt)).toBeLessThanOrEqual(Date.parse(join.startedAt));
  });

  it('refuses each bad definition with 400 naming the node or edge', async () => {
    const ok = {
      name: 'bad-one',
      nodes: [{ id: 'a', kind: 'transform', output: 1 }],
      edges: [
        { from: 'start', to: 'a' },
        { from: 'a', to: 'end' },
      ],
    };
    const cases: [string, object, string, RegExp][] = [
      [
        'unknown node kind',
        { ...ok, nodes: [{ id: 'a', kind: 'teleport' }] },
        'nodes[0].kind',
        /unknown node kind "teleport" \(node "a"\)/,
      ],
      [
        'unknown task type',
        { ...ok, nodes: [{ id: 'a', kind: 'task', taskType: 'crystal_ball', input: {} }] },
        'nodes[0].taskType',
        /unknown task type "crystal_ball"/,
      ],
      [
        'edge to a missing node',
        {
          ...ok,
          edges: [
            { from: 'start', to: 'a' },
            { from: 'a', to: 'b' },
          ],
        },
        'edges[1].to',
        /node "b" does not exist/,
      ],
      [
        'edge from a missing node',
        { ...ok, edges: [...ok.edges, { from: 'ghost', to: 'end' }] },
        'edges[2].from',
        /node "ghost" does not exist/,
      ],
      [
        'unreachable node',
        {
          ...ok,
          nodes: [...ok.nodes, { id: 'island', kind: 'transform', output: 2 }],
          edges: [...ok.edges, { from: 'island', to: 'end' }],
        },
        'nodes[1]',
        /node "island" is unreachable from "start"/,
      ],
      [
        'no path to end',
        {
          ...ok,
          nodes: [
            { id: 'a', kind: 'transform', output: 1, maxVisits: 3 },
            { id: 'b', kind: 'transform', output: 2 },
          ],
          edges: [
            { from: 'start', to: 'a' },
            { from: 'a', to: 'b' },
            { from: 'b', to: 'a' },
          ],
        },
        'edges',
        /no path from "start" to "end"/,
      ],
      [
        'cycle without a bound',
        {
          ...ok,
          nodes: [
            { id: 'a', kind: 'transform', output: 1 },
            { id: 'b', kind: 'transform', output: 2 },
          ],
          edges: [
            { from: 'start', to: 'a' },
            { from: 'a', to: 'b' },
          ],
          conditionalEdges: [{ from: 'b', branches: [{ when: true, to: 'a' }], otherwise: 'end' }],
        },
        'nodes[0].maxVisits',
        /cycle a → b → a has no bound/,
      ],
      [
        'node without outgoing edge',
        { ...ok, edges: [{ from: 'start', to: 'a' }] },
        'nodes[0]',
        /node "a" has no outgoing edge/,
      ],
      [
        'unsupported expression operator',
        {
          ...ok,
          nodes: [{ id: 'a', kind: 'transform', output: { x: { method: [{ var: 'input' }, 'constructor'] } } }],
        },
        'nodes[0].output.x.method',
        /not a supported JSON Logic operator/,
      ],
      [
        'forbidden var path',
        { ...ok, nodes: [{ id: 'a', kind: 'transform', output: { var: 'input.__proto__' } }] },
        'nodes[0].output.var',
        /not allowed/,
      ],
      [
        'duplicate node id',
        { ...ok, nodes: [...ok.nodes, { id: 'a', kind: 'transform', output: 2 }] },
        'nodes[1].id',
        /duplicates node "a"/,
      ],
      [
        'unknown field on a node',
        { ...ok, nodes: [{ id: 'a', kind: 'transform', output: 1, script: 'x' }] },
        'nodes[0].script',
        /not an allowed field/,
      ],
      [
        'bad retry',
        { ...ok, nodes: [{ id: 'a', kind: 'transform', output: 1, retry: { maxAttempts: 0 } }] },
        'nodes[0].retry.maxAttempts',
        /from 1 to 20/,
      ],
      ['template name taken', { ...ok, name: 'trading-analysis' }, 'name', /shipped template/],
      [
        'invalid input schema',
        { ...ok, inputSchema: { type: 'no-such-type' } },
        'inputSchema',
        /not a valid JSON Schema/,
      ],
      [
        'conditional edge to a missing node',
        {
          ...ok,
          edges: [{ from: 'start', to: 'a' }],
          conditionalEdges: [{ from: 'a', branches: [{ when: true, to: 'nowhere' }], otherwise: 'end' }],
        },
        'conditionalEdges[0].branches[0].to',
        /node "nowhere" does not exist/,
      ],
    ];
    for (const [what, definition, field, message] of cases) {
      const res = await register(t, definition);
      expect({ what, status: res.status, code: res.body.error?.code }).toEqual({
        what,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      const problem = (res.body.error.details.fields as { field: string; message: string }[]).find(
        (f) => f.field === field,
      );
      expect({ what, problem: problem ? message.test(problem.message) : res.body.error.details.fields }).toEqual({
        what,
        problem: true,
      });
    }
    // Inline definitions are validated the same way, under `workflow.`.
    const inline = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({
        workflow: {
          ...ok,
          edges: [
            { from: 'start', to: 'a' },
            { from: 'a', to: 'b' },
          ],
        },
        input: {},
      })
      .expect(400);
    expect(inline.body.error.details.fields[0]).toMatchObject({ field: 'workflow.edges[1].to' });
    const listed = await request(t.http).get(`${ORCH}/workflows`).expect(200);
    expect(listed.body.data.map((w: any) => w.name)).not.toContain('bad-one');
  });

  it('a new version leaves runs on the version they started with', async () => {
    expect((await register(t, versioned('v1')).expect(201)).body.data.version).toBe(1);
    const old = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'versioned-flow', input: { symbol: 'OLD' }, mode: 'sync' })
      .expect(200);
    expect(old.body.data).toMatchObject({ status: 'interrupted', workflow: { name: 'versioned-flow', version: 1 } });

    expect((await register(t, versioned('v2')).expect(201)).body.data.version).toBe(2);
    const listed = await request(t.http).get(`${ORCH}/workflows`).expect(200);
    expect(listed.body.data.find((w: any) => w.name === 'versioned-flow')).toMatchObject({
      version: 2,
      versions: [1, 2],
      activeRuns: 1,
      runs: { interrupted: 1 },
    });

    await request(t.http).post(`${RUNS}/${old.body.data.id}/resume`).send({ approved: true }).expect(201);
    const oldDone = await waitForRun(t.http, old.body.data.id);
    expect(oldDone.output.finish).toEqual({ label: 'v1', symbol: 'OLD' });
    expect(oldDone.workflow.version).toBe(1);

    const fresh = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'versioned-flow', input: { symbol: 'NEW' }, mode: 'sync' })
      .expect(200);
    expect(fresh.body.data.workflow.version).toBe(2);
    await request(t.http).post(`${RUNS}/${fresh.body.data.id}/resume`).send({ approved: true }).expect(201);
    expect((await waitForRun(t.http, fresh.body.data.id)).output.finish).toEqual({ label: 'v2', symbol: 'NEW' });

    const pinned = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'versioned-flow', version: 1, input: { symbol: 'PIN' }, mode: 'sync' })
      .expect(200);
    expect(pinned.body.data.workflow.version).toBe(1);
    await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'versioned-flow', version: 3, input: {} })
      .expect(404);
  });

  it('per-node retry: a node failing twice then succeeding ends succeeded with 3 attempts', async () => {
    llm.script(
      { status: 500, error: 'upstream down' },
      { status: 500, error: 'still down' },
      { status: 200, content: 'third time lucky' },
    );
    const definition = {
      name: 'flaky',
      nodes: [
        ask('comment', 'flaky question', {
          retry: { maxAttempts: 3, initialIntervalMs: 20, jitter: false, retryOn: ['PROVIDER_ERROR'] },
        }),
      ],
      edges: [
        { from: 'start', to: 'comment' },
        { from: 'comment', to: 'end' },
      ],
    };
    const res = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: definition, input: {}, mode: 'sync' })
      .expect(200);
    const run = await waitForRun(t.http, res.body.data.id);
    expect(run.status).toBe('succeeded');
    expect(run.workflow.source).toBe('inline');
    const node = nodeOf(run, 'comment');
    expect(node).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(node.taskIds).toHaveLength(3);
    expect(node.output.result.text).toBe('third time lucky');
    // Three requests reached the provider (two answered 500), one completed.
    expect(llm.received.filter((r) => JSON.stringify(r.body).includes('flaky question'))).toHaveLength(3);
    expect(llm.completed.filter((q) => q.includes('flaky question'))).toHaveLength(1);
    const tasks = await Promise.all(
      node.taskIds.map(
        async (id: string) => (await request(t.http).get(`/api/v1/ai-orchestration/tasks/${id}`)).body.data.status,
      ),
    );
    expect(tasks).toEqual(['failed', 'failed', 'succeeded']);

    // Without a retry policy the first failure fails the run, naming the node.
    llm.script({ status: 500, error: 'down' });
    const once = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: { ...definition, nodes: [ask('comment', 'no retry')] }, input: {}, mode: 'sync' })
      .expect(200);
    expect(once.body.data.status).toBe('failed');
    expect(once.body.data.error).toMatchObject({ code: 'PROVIDER_ERROR', node: 'comment' });
    expect(nodeOf(await waitForRun(t.http, once.body.data.id), 'comment')).toMatchObject({
      status: 'failed',
      attempts: 1,
    });
  });

  it('parallel branches run concurrently: three 600 ms nodes finish in far less than their sum', async () => {
    llm.otherwise({ status: 200, content: 'slow answer', delayMs: 600 });
    const definition = {
      name: 'fan-out',
      nodes: [
        ask('a', 'par a'),
        ask('b', 'par b'),
        ask('c', 'par c'),
        {
          id: 'join',
          kind: 'transform',
          output: { cat: [{ var: 'outputs.a.result.text' }, '|', { var: 'outputs.c.result.text' }] },
        },
      ],
      edges: [
        { from: 'start', to: ['a', 'b', 'c'] },
        { from: ['a', 'b', 'c'], to: 'join' },
        { from: 'join', to: 'end' },
      ],
    };
    const started = Date.now();
    const res = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: definition, input: {}, mode: 'sync' })
      .expect(200);
    const wall = Date.now() - started;
    const run = await waitForRun(t.http, res.body.data.id);
    expect(run.status).toBe('succeeded');
    expect(run.output.join).toBe('slow answer|slow answer');
    const spans = ['a', 'b', 'c']
      .map((k) => nodeOf(run, k))
      .map((n) => [Date.parse(n.startedAt), Date.parse(n.finishedAt)]);
    for (const [, end] of spans) expect(end - Math.min(...spans.map((s) => s[0]))).toBeGreaterThanOrEqual(550);
    // Every branch started before any finished: their intervals overlap.
    expect(Math.max(...spans.map((s) => s[0]))).toBeLessThan(Math.min(...spans.map((s) => s[1])));
    expect(wall).toBeLessThan(1500);
  });

  it('per-node timeout fails the node (and cancels its task); cancel stops a running run; cancel of a final run → 409', async () => {
    llm.otherwise({ status: 200, content: 'too late', delayMs: 3000 });
    const slow = {
      name: 'slow',
      nodes: [ask('wait', 'slow one', { timeoutMs: 300 })],
      edges: [
        { from: 'start', to: 'wait' },
        { from: 'wait', to: 'end' },
      ],
    };
    const timed = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: slow, input: {}, mode: 'sync' })
      .expect(200);
    expect(timed.body.data.status).toBe('failed');
    expect(timed.body.data.error).toMatchObject({ code: 'TIMEOUT', node: 'wait' });
    const timedRun = await waitForRun(t.http, timed.body.data.id);
    const task = await waitForTask(t.http, nodeOf(timedRun, 'wait').taskIds[0], {}, 5000);
    expect(task.status).toBe('cancelled');

    const running = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: { ...slow, nodes: [ask('wait', 'cancel me')] }, input: {} })
      .expect(202);
    await waitForRun(t.http, running.body.data.id, 5000, ['running']);
    const cancelled = await request(t.http).post(`${RUNS}/${running.body.data.id}/cancel`).expect(201);
    expect(cancelled.body.data.status).toBe('cancelled');
    const after = await waitForRun(t.http, running.body.data.id);
    expect(after.status).toBe('cancelled');
    expect(nodeOf(after, 'wait').error.code).toBe('CANCELLED');
    const again = await request(t.http).post(`${RUNS}/${running.body.data.id}/cancel`).expect(409);
    expect(again.body.error.code).toBe('CONFLICT');
    await request(t.http).post(`${RUNS}/${running.body.data.id}/resume`).send({ approved: true }).expect(409);

    // An interrupted run can be cancelled too.
    await register(t, { ...versioned('c'), name: 'cancel-at-approval' }).expect(201);
    const waiting = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'cancel-at-approval', input: {}, mode: 'sync' })
      .expect(200);
    expect(waiting.body.data.status).toBe('interrupted');
    expect((await request(t.http).post(`${RUNS}/${waiting.body.data.id}/cancel`).expect(201)).body.data.status).toBe(
      'cancelled',
    );
  });

  it('a bounded cycle loops until its condition, and a loop past maxVisits fails the run', async () => {
    const loop = (maxVisits: number) => ({
      name: 'counter',
      nodes: [{ id: 'tick', kind: 'transform', output: { var: 'visits.tick' }, maxVisits }],
      edges: [{ from: 'start', to: 'tick' }],
      conditionalEdges: [
        { from: 'tick', branches: [{ when: { '<': [{ var: 'outputs.tick' }, 3] }, to: 'tick' }], otherwise: 'end' },
      ],
      output: { ticks: { var: 'visits.tick' } },
    });
    const ok = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: loop(5), input: {}, mode: 'sync' })
      .expect(200);
    expect(ok.body.data).toMatchObject({ status: 'succeeded', output: { ticks: 4 } });
    const tooMany = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: loop(2), input: {}, mode: 'sync' })
      .expect(200);
    expect(tooMany.body.data).toMatchObject({
      status: 'failed',
      error: { code: 'CYCLE_LIMIT_EXCEEDED', node: 'tick' },
    });
  });

  it('threadId: executing again with it returns the same run', async () => {
    const body = { workflow: 'versioned-flow', input: { symbol: 'T' }, threadId: 'desk-7:t:1' };
    const first = await request(t.http).post(`${ORCH}/execute`).send(body).expect(202);
    const second = await request(t.http).post(`${ORCH}/execute`).send(body).expect(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.data.id).toBe(first.body.data.id);
    expect(second.body.data.threadId).toBe('desk-7:t:1');
    await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ ...body, workflow: 'trading-analysis' })
      .expect(409);
  });
});
