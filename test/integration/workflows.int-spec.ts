import request from 'supertest';
import { newId } from '@app/infrastructure';
import { createTestApp, TestApp } from '../support/create-test-app';
import { FakeLlmServer } from '../support/llm-server';
import { BUY_CANDLES, nodeOf, ORCH, RUNS, waitForRun } from '../support/workflows';
import { sqlAdmin as sql, TEST_DATABASE_URL as BASE_URL, urlWithSearchPath } from '../support/pg-schema';

jest.setTimeout(90_000);

const schema = `wf_${newId().toLowerCase()}`;

/** Workflows on PostgreSQL: PostgresSaver checkpoints in the service schema, runs across restarts. */
describe('workflows on PostgreSQL (PostgresSaver)', () => {
  const llm = new FakeLlmServer();
  let env: Record<string, string>;
  let t: TestApp | undefined;

  beforeAll(async () => {
    await sql(`CREATE SCHEMA "${schema}"`);
    env = { DATABASE_URL: urlWithSearchPath(BASE_URL, schema), LLM_BASE_URL: await llm.start(), LLM_MODEL: 'm' };
  });
  afterAll(async () => {
    await t?.close();
    await llm.stop();
    await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  it('checkpoints in PostgreSQL: an interrupted run is resumed by a new process and takes the approved path', async () => {
    t = await createTestApp(env);
    const status = await request(t.http).get('/status').expect(200);
    expect(JSON.stringify(status.body)).toContain('"checkpointer":"postgres"');
    const input = {
      symbol: 'PG',
      assetClass: 'equities',
      candles: BUY_CANDLES,
      headlines: ['Record profit and strong growth'],
      position: { side: 'buy', quantity: 5000 },
    };
    const res = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'trading-analysis', input, mode: 'sync' })
      .expect(200);
    expect(res.body.data.status).toBe('interrupted');
    const id = res.body.data.id;
    const tables = await sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [
      schema,
    ]);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['checkpoints', 'checkpoint_writes', 'langgraph_runs', 'langgraph_run_nodes']),
    );
    const saved = await sql(`SELECT count(*)::int AS n FROM "${schema}".checkpoints WHERE thread_id = $1`, [id]);
    expect(saved.rows[0].n).toBeGreaterThan(3);
    await t.close();

    t = await createTestApp(env);
    const waiting = await waitForRun(t.http, id);
    expect(waiting.status).toBe('interrupted');
    await request(t.http).post(`${RUNS}/${id}/resume`).send({ approved: true, comment: 'pg ok' }).expect(201);
    const done = await waitForRun(t.http, id);
    expect(done.status).toBe('succeeded');
    expect(done.output).toMatchObject({
      decision: 'executed',
      approval: { approved: true, comment: 'pg ok' },
      signal: { action: 'buy' },
    });
    for (const key of ['validate', 'technical', 'risk', 'sentiment', 'aggregate'])
      expect(nodeOf(done, key).attempts).toBe(1);
    const history = await request(t.http).get(`${RUNS}/${id}/checkpoints?limit=100`).expect(200);
    expect(history.body.data[0].completedNodes).toEqual(expect.arrayContaining(['report', 'approval']));
    await t.close();
    t = undefined;
  });

  it('a run stopped by shutdown mid-node continues after restart; definitions, versions and run lists work on PostgreSQL', async () => {
    llm.otherwise({ status: 200, content: 'pg answer', delayMs: 1500 });
    t = await createTestApp(env);
    const definition = {
      name: 'pg-flow',
      nodes: [
        { id: 'note', kind: 'transform', output: { var: 'input.symbol' } },
        {
          id: 'ask',
          kind: 'task',
          taskType: 'market_commentary',
          input: { question: { cat: ['pg question ', { var: 'input.symbol' }] } },
          cache: false,
        },
      ],
      edges: [
        { from: 'start', to: 'note' },
        { from: 'note', to: 'ask' },
        { from: 'ask', to: 'end' },
      ],
      output: { note: { var: 'outputs.note' }, text: { var: 'outputs.ask.result.text' } },
    };
    expect((await request(t.http).post(`${ORCH}/workflows`).send(definition).expect(201)).body.data.version).toBe(1);
    expect((await request(t.http).post(`${ORCH}/workflows`).send(definition).expect(201)).body.data.version).toBe(2);
    const started = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: 'pg-flow', version: 1, input: { symbol: 'X' } })
      .expect(202);
    const id = started.body.data.id;
    await waitForRun(t.http, id, 10_000, ['running']);
    const deadline = Date.now() + 10_000;
    while (!llm.received.some((r) => JSON.stringify(r.body).includes('pg question X'))) {
      if (Date.now() > deadline) throw new Error('the task never reached the provider');
      await new Promise((r) => setTimeout(r, 20));
    }
    await t.close();
    const row = await sql(`SELECT status FROM "${schema}".langgraph_runs WHERE id = $1`, [id]);
    expect(row.rows[0].status).toBe('running');

    t = await createTestApp(env);
    const done = await waitForRun(t.http, id, 20_000);
    expect({ status: done.status, error: done.error }).toEqual({ status: 'succeeded', error: null });
    expect(done.output).toEqual({ note: 'X', text: 'pg answer' });
    expect(done.workflow.version).toBe(1);
    expect(nodeOf(done, 'note').attempts).toBe(1);
    expect(nodeOf(done, 'ask').attempts).toBe(2);
    expect(llm.completed.filter((q) => q.includes('pg question X'))).toHaveLength(1);

    const page1 = await request(t.http).get(`${RUNS}?limit=1`).expect(200);
    expect(page1.body.data.items).toHaveLength(1);
    const page2 = await request(t.http)
      .get(`${RUNS}?limit=1&cursor=${encodeURIComponent(page1.body.data.nextCursor)}`)
      .expect(200);
    expect(page2.body.data.items[0].id).not.toBe(page1.body.data.items[0].id);
    const filtered = await request(t.http).get(`${RUNS}?workflow=pg-flow&status=succeeded`).expect(200);
    expect(filtered.body.data.items.map((r: any) => r.id)).toEqual([id]);
  });
});
