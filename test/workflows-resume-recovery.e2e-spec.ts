import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { FakeLlmServer } from './support/llm-server';
import { ORCH, RUNS, waitForRun, walk } from './support/workflows';

jest.setTimeout(60_000);

// One node asking the (slow) LLM: holds the only run slot while the test stops the service.
const BLOCKER = {
  name: 'slot-holder',
  nodes: [
    { id: 'ask', kind: 'task', taskType: 'market_commentary', input: { question: 'hold the slot' }, cache: false },
  ],
  edges: [
    { from: 'start', to: 'ask' },
    { from: 'ask', to: 'end' },
  ],
  output: { var: 'outputs.ask.result.text' },
};

/**
 * A human's answer is accepted (201) and the run queued; the process stops before the graph
 * takes the answer. After the restart the run must go on with that answer, not wait for the
 * human again: the decision is stored with the run when the resume is accepted.
 */
describe('workflows: a resume accepted just before the service stops is not lost', () => {
  const llm = new FakeLlmServer();
  let dir: string;
  let t: TestApp | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aio-wf-resume-'));
  });
  afterAll(async () => {
    await t?.close();
    await llm.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recovers the queued run with the stored decision and finishes it on the approved path', async () => {
    const baseUrl = await llm.start();
    const env = {
      SQLITE_PATH: join(dir, 'orchestration.db'),
      WORKFLOW_RUN_CONCURRENCY: '1',
      LLM_BASE_URL: baseUrl,
      LLM_MODEL: 'fake-model',
    };
    t = await createTestApp(env);

    const candles = walk(80, 180, 0.004);
    const input = { symbol: 'AAPL', assetClass: 'equities', candles, position: { side: 'buy', quantity: 1000 } };
    const first = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'trading-analysis', input, mode: 'sync' })
      .expect(200);
    const waiting = await waitForRun(t.http, first.body.data.id);
    expect(waiting.status).toBe('interrupted');

    // The only slot is taken by a run waiting on a slow LLM answer, so the resumed run queues.
    llm.otherwise({ status: 200, content: 'late', delayMs: 10_000 });
    const blocker = (await request(t.http).post(`${ORCH}/execute`).send({ workflow: BLOCKER, input: {} }).expect(202))
      .body.data;
    await waitForRun(t.http, blocker.id, 10_000, ['running']);
    const resumed = await request(t.http)
      .post(`${RUNS}/${waiting.id}/resume`)
      .send({ approved: true, comment: 'ok by desk' })
      .expect(201);
    expect(resumed.body.data.status).toBe('queued');

    await t.close();
    llm.otherwise({ status: 200, content: 'prompt answer' });
    t = await createTestApp(env);

    // Settled: without the stored decision it would be back at `interrupted`.
    const done = await waitForRun(t.http, waiting.id, 20_000);
    expect(done.status).toBe('succeeded');
    expect(done.output.decision).toBe('executed');
    expect(done.nodes.map((n: { key: string }) => n.key)).toContain('report');
    // The blocker, stopped mid-call, finishes from its checkpoint too.
    expect((await waitForRun(t.http, blocker.id, 20_000, ['succeeded', 'failed', 'cancelled'])).status).toBe(
      'succeeded',
    );
  });
});
