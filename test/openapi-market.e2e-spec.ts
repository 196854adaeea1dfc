import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { ORCH } from './support/workflows';

type Operation = {
  summary?: string;
  description?: string;
  requestBody?: { content: Record<string, { examples?: Record<string, { value: any }>; schema?: any }> };
  responses: Record<string, unknown>;
};
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, any> } };

/** Issue 20, "Must show" 6: OpenAPI describes triggers, data policies, lineage, gates and halt, with examples. */
describe('OpenAPI: market-aware operation', () => {
  let t: TestApp;
  let doc: Doc;
  const json = (op: Operation) => op.requestBody?.content['application/json'];

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await request(t.http).get('/docs-json').expect(200)).body as Doc;
  });
  afterAll(() => t.close());

  it('documents the new routes with summaries, descriptions and responses', () => {
    const routes: Array<[string, string]> = [
      ['/api/v1/ai-orchestration/tasks/{id}/lineage', 'get'],
      ['/api/v1/ai-orchestration/data-policy', 'get'],
      ['/api/v1/ai-orchestration/data-policy', 'put'],
      ['/api/v1/ai-orchestration/data-policy', 'delete'],
      ['/api/v1/orchestration/risk-limits', 'get'],
      ['/api/v1/orchestration/risk-limits', 'post'],
      ['/api/v1/orchestration/risk-limits/{id}', 'delete'],
      ['/api/v1/orchestration/halt', 'get'],
      ['/api/v1/orchestration/halt', 'post'],
      ['/api/v1/orchestration/halt/resume', 'post'],
    ];
    for (const [path, method] of routes) {
      const op = doc.paths[path]?.[method];
      expect({ path, method, summary: typeof op?.summary }).toEqual({ path, method, summary: 'string' });
      expect(Object.keys(op!.responses)).toContain(method === 'post' && path.endsWith('risk-limits') ? '201' : '200');
    }
    expect(doc.paths['/api/v1/orchestration/halt'].post.description).toMatch(/409 CONFLICT/);
    expect(doc.paths['/api/v1/ai-orchestration/data-policy'].put.description).toMatch(/reject .* warn .* ignore/s);
    expect(doc.paths['/api/v1/scheduler/schedules'].post.description).toMatch(/"calendar": "XNYS", "at": "open-30m"/);
  });

  it('gives request examples for market triggers and a risk-gated definition that work as documented', async () => {
    const schedule = json(doc.paths['/api/v1/scheduler/schedules'].post)!.examples!;
    expect(schedule['market-open'].value.market).toEqual({ calendar: 'XNYS', at: 'open-30m' });
    for (const name of ['market-open', 'market-close', 'every-5m-in-session']) {
      const created = await request(t.http).post('/api/v1/scheduler/schedules').send(schedule[name].value).expect(201);
      expect(created.body.data.kind).toBe('market');
    }
    const definitions = json(doc.paths['/api/v1/orchestration/workflows'].post)!.examples!;
    const gated = definitions['gated-order'].value;
    expect(gated.nodes.map((n: { kind: string }) => n.kind)).toContain('risk_gate');
    await request(t.http).post(`${ORCH}/workflows`).send(gated).expect(201);
    const limit = { desk: 'equities', metric: 'notional', max: 100_000 };
    await request(t.http).post(`${ORCH}/risk-limits`).send(limit).expect(201);
    const input = { desk: 'equities', symbol: 'SPY', quantity: 400, price: 500, prices: { SPY: 500 } };
    const execute = { workflow: 'gated-order', input, mode: 'sync' };
    const run = (await request(t.http).post(`${ORCH}/execute`).send(execute).expect(200)).body.data;
    const interrupt = [{ node: 'gate', value: { kind: 'risk_approval' } }];
    expect(run).toMatchObject({ status: 'interrupted', interrupt });
  });

  it('describes market triggers, data quality, lineage, risk gates and halts in the schemas', () => {
    const text = JSON.stringify(doc);
    const needles = ['open-30m', 'during', 'dataQuality', 'lineageDigest', 'risk_gate', 'onBreach', 'priceBand'];
    needles.push('halted');
    for (const needle of needles) {
      expect({ needle, found: text.includes(needle) }).toEqual({ needle, found: true });
    }
    const status = doc.paths['/status'].get.responses['200'] as any;
    expect(JSON.stringify(status)).toContain('Kill switches');
  });
});
