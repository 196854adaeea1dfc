import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { ORCH } from './support/workflows';

const A = { 'X-API-Key': 'cache-key-a' };
const B = { 'X-API-Key': 'cache-key-b' };
const ROUTES = ['/api/v1/ai-orchestration/models', '/api/v1/ai-orchestration/capabilities', `${ORCH}/workflows`];

describe('ETag, Cache-Control and If-None-Match on cacheable GETs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      API_KEYS: 'a:operator:tenant-a:cache-key-a,b:operator:tenant-b:cache-key-b',
      CACHE_TTL_MODELS_MS: '5000',
      CACHE_TTL_CAPABILITIES_MS: '60000',
      CACHE_TTL_WORKFLOWS_MS: '0',
    });
  }, 30_000);
  afterAll(async () => {
    await t.close();
  });

  it('answers 304 without a body to a matching If-None-Match, 200 with the body otherwise', async () => {
    for (const path of ROUTES) {
      const first = await request(t.http).get(path).set(A).expect(200);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
      expect(first.headers.vary).toBe('Authorization, X-API-Key');
      const again = await request(t.http).get(path).set(A).set('If-None-Match', etag).expect(304);
      expect(again.text).toBe('');
      expect(again.headers.etag).toBe(etag);
      await request(t.http).get(path).set(A).set('If-None-Match', `"other", ${etag}`).expect(304);
      await request(t.http).get(path).set(A).set('If-None-Match', '*').expect(304);
      const stale = await request(t.http).get(path).set(A).set('If-None-Match', 'W/"stale"').expect(200);
      expect(stale.body.data).toEqual(first.body.data);
    }
  });

  it('sets max-age per kind of data from config (0 = always revalidate)', async () => {
    const cc = async (path: string) => (await request(t.http).get(path).set(A).expect(200)).headers['cache-control'];
    expect(await cc(ROUTES[0])).toBe('private, max-age=5');
    expect(await cc(ROUTES[1])).toBe('private, max-age=60');
    expect(await cc(ROUTES[2])).toBe('private, no-cache');
  });

  it('changes the workflow catalogue’s tag when the tenant registers a workflow, and not for another tenant', async () => {
    const tagOf = async (headers: Record<string, string>) =>
      (await request(t.http).get(`${ORCH}/workflows`).set(headers).expect(200)).headers.etag as string;
    const beforeA = await tagOf(A);
    const beforeB = await tagOf(B);
    await request(t.http)
      .post(`${ORCH}/workflows`)
      .set(A)
      .send({
        name: 'etag-check',
        nodes: [
          { id: 'risk', kind: 'task', taskType: 'risk_assessment', input: { candles: { var: 'input.candles' } } },
        ],
        edges: [
          { from: 'start', to: 'risk' },
          { from: 'risk', to: 'end' },
        ],
      })
      .expect(201);
    const afterA = await tagOf(A);
    expect(afterA).not.toBe(beforeA);
    await request(t.http).get(`${ORCH}/workflows`).set(A).set('If-None-Match', beforeA).expect(200);
    expect(await tagOf(B)).toBe(beforeB);
  });

  it('counts revalidations on /metrics', async () => {
    const text = (await request(t.http).get('/metrics').expect(200)).text;
    expect(text).toMatch(/^http_cache_responses_total\{kind="models",result="not_modified"\} [1-9]/m);
    expect(text).toMatch(/^http_cache_responses_total\{kind="workflows",result="full"\} [1-9]/m);
  });
});
