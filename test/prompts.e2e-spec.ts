import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { FakeLlmServer } from './support/llm-server';
import { CaptureServer } from './support/observability-capture';
import { TASKS, waitForTask } from './support/tasks';

// Issue 18, must show 3: prompt versions and labels through the API; the llm-analyst (against
// the local OpenAI-compatible server) uses the labelled version and its generation names it;
// with the Langfuse capture server speaking the prompts API, prompts are written to and read
// from it, and the local copy serves when it is down.

const PROMPTS = '/api/v1/prompts';
const KEYS = {
  operator: 'prompts-operator-key-0123456789',
  viewer: 'prompts-viewer-key-0123456789',
  other: 'prompts-other-tenant-key-012345',
};
const API_KEYS = [
  `ops:operator:acme:${KEYS.operator}`,
  `watch:viewer:acme:${KEYS.viewer}`,
  `rival:operator:globex:${KEYS.other}`,
].join(',');
const as = (who: keyof typeof KEYS) => ({ 'X-API-Key': KEYS[who] });

const V1 = [{ role: 'system', content: 'You are a {{style}} analyst for the {{desk}} desk. (v1)' }];
const V2 = [{ role: 'system', content: 'You are a {{style}} analyst for the {{desk}} desk. Be brief. (v2)' }];

describe('prompts in the service database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ API_KEYS });
  }, 30_000);
  afterAll(() => t?.close());
  const api = (who: keyof typeof KEYS = 'operator') => ({
    get: (path: string) => request(t.http).get(path).set(as(who)),
    post: (path: string) => request(t.http).post(path).set(as(who)),
    put: (path: string) => request(t.http).put(path).set(as(who)),
  });

  it('versions and labels: each create is the next version, labels move, latest follows the newest', async () => {
    const v1 = await api()
      .post(PROMPTS)
      .send({ name: 'analyst', type: 'chat', prompt: V1, labels: ['production'] });
    expect(v1.status).toBe(201);
    expect(v1.body.data).toMatchObject({ version: 1, labels: ['latest', 'production'], variables: ['style', 'desk'] });
    const v2 = await api()
      .post(PROMPTS)
      .send({ name: 'analyst', type: 'chat', prompt: V2, labels: ['staging'] });
    expect(v2.body.data).toMatchObject({ version: 2, labels: ['latest', 'staging'] });

    expect((await api().get(`${PROMPTS}/analyst`).expect(200)).body.data.version).toBe(1);
    expect((await api().get(`${PROMPTS}/analyst?label=staging`).expect(200)).body.data.version).toBe(2);
    expect((await api().get(`${PROMPTS}/analyst?label=latest`).expect(200)).body.data.version).toBe(2);
    expect((await api().get(`${PROMPTS}/analyst?version=1`).expect(200)).body.data.prompt).toEqual(V1);

    const promoted = await api()
      .put(`${PROMPTS}/analyst/versions/2/labels`)
      .send({ labels: ['production', 'staging'] });
    expect(promoted.status).toBe(200);
    expect(promoted.body.data.labels).toEqual(['latest', 'production', 'staging']);
    expect((await api().get(`${PROMPTS}/analyst`).expect(200)).body.data.version).toBe(2);
    expect((await api().get(`${PROMPTS}/analyst?version=1`).expect(200)).body.data.labels).toEqual([]);

    const list = (await api('viewer').get(PROMPTS).expect(200)).body.data;
    expect(list.items).toEqual([
      expect.objectContaining({ name: 'analyst', latestVersion: 2, labels: { latest: 2, production: 2, staging: 2 } }),
    ]);
    const versions = (await api().get(`${PROMPTS}/analyst/versions`).expect(200)).body.data.items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('compiles with variables; a missing or unknown variable is a 400 naming it', async () => {
    await api()
      .post(PROMPTS)
      .send({ name: 'brief', type: 'text', prompt: 'Summarise {{symbol}} in {{n}} words.' })
      .expect(201);
    const compiled = await api('viewer')
      .post(`${PROMPTS}/brief/compile`)
      .send({ label: 'latest', variables: { symbol: 'AAPL', n: '10' } });
    expect(compiled.status).toBe(200);
    expect(compiled.body.data).toMatchObject({ version: 1, compiled: 'Summarise AAPL in 10 words.' });
    const bad = await api()
      .post(`${PROMPTS}/brief/compile`)
      .send({ label: 'latest', variables: { symbol: 'X', m: '1' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.fields.map((d: { field: string }) => d.field).sort()).toEqual([
      'variables.m',
      'variables.n',
    ]);
  });

  it('refuses bad input with the offending field, and latest as a hand-set label', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', type: 'chat', prompt: 'not messages' }, 'prompt'],
      [{ name: 'x', type: 'chat', prompt: [{ role: 'boss', content: 'hi' }] }, 'prompt[0].role'],
      [{ name: 'bad name', type: 'text', prompt: 'hi' }, 'name'],
      [{ name: 'x', type: 'text', prompt: 'hi', labels: ['latest'] }, 'labels[0]'],
    ];
    for (const [body, field] of cases) {
      const res = await api().post(PROMPTS).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await api().put(`${PROMPTS}/analyst/versions/abc/labels`).send({ labels: [] })).status).toBe(400);
    expect((await api().get(`${PROMPTS}/analyst?label=nope`)).status).toBe(404);
  });

  it("is the tenant's own: another tenant gets 404 and an empty list; a viewer cannot write", async () => {
    expect((await api('other').get(`${PROMPTS}/analyst`)).status).toBe(404);
    expect((await api('other').get(`${PROMPTS}/analyst/versions`)).status).toBe(404);
    expect(
      (
        await api('other')
          .put(`${PROMPTS}/analyst/versions/1/labels`)
          .send({ labels: ['x'] })
      ).status,
    ).toBe(404);
    expect((await api('other').get(PROMPTS).expect(200)).body.data.items).toEqual([]);
    expect((await api('viewer').post(PROMPTS).send({ name: 'v', type: 'text', prompt: 'x' })).status).toBe(403);
  });
});

describe('prompts in Langfuse, used by the llm-analyst', () => {
  const langfuse = new CaptureServer();
  const llm = new FakeLlmServer();
  let t: TestApp;

  beforeAll(async () => {
    await langfuse.start();
    t = await createTestApp({
      API_KEYS,
      ...langfuse.langfuseEnv('pk-lf-prompts-01', 'sk-lf-prompts-secret-0123456789'),
      LANGFUSE_PROMPT_CACHE_TTL_SECONDS: '0',
      LANGFUSE_PROMPT_TIMEOUT_MS: '1000',
      TRACING_EXPORT_INTERVAL_MS: '50',
      ...(await llm.startAsProvider('gpt-4o-mini')),
    });
  }, 30_000);
  afterAll(async () => {
    await t?.close();
    await langfuse.stop();
    await llm.stop();
  });

  const commentary = (label: string) =>
    request(t.http)
      .post(TASKS)
      .set(as('operator'))
      .send({
        type: 'market_commentary',
        input: {
          question: 'Trend?',
          prompt: { name: 'desk-analyst', label, variables: { style: 'concise', desk: 'G10 FX' } },
        },
      })
      .expect(202);

  it('writes versions to Langfuse, reads the labelled one from it, and the generation names prompt and version', async () => {
    await request(t.http)
      .post(PROMPTS)
      .set(as('operator'))
      .send({ name: 'desk-analyst', type: 'chat', prompt: V1, labels: ['production'] })
      .expect(201);
    expect(langfuse.prompts.versions.map((v) => [v.name, v.version])).toEqual([['acme/desk-analyst', 1]]);
    // A new version made in Langfuse itself (its UI), labelled production there.
    langfuse.prompts.answer(
      'POST',
      '/api/public/v2/prompts',
      JSON.stringify({ name: 'acme/desk-analyst', type: 'chat', prompt: V2, labels: ['production'] }),
    );
    const read = (await request(t.http).get(`${PROMPTS}/desk-analyst`).set(as('viewer')).expect(200)).body.data;
    expect(read).toMatchObject({ version: 2, source: 'langfuse', prompt: V2 });

    const created = await commentary('production');
    const task = await waitForTask(t.http, created.body.data.id, as('operator'));
    expect(task.status).toBe('succeeded');
    expect(llm.received.at(-1)?.body.messages[0]).toEqual({
      role: 'system',
      content: 'You are a concise analyst for the G10 FX desk. Be brief. (v2)',
    });
    const spans = await langfuse.waitForSpans(
      (all) =>
        all.some((s) => s.traceId === task.traceId && s.attributes['langfuse.observation.type'] === 'generation'),
      15_000,
      'the generation',
    );
    const generation = spans.find(
      (s) => s.traceId === task.traceId && s.attributes['langfuse.observation.type'] === 'generation',
    )!;
    expect(generation.attributes).toMatchObject({
      'langfuse.observation.prompt.name': 'acme/desk-analyst',
      'langfuse.observation.prompt.version': 2,
      'prompt.is_fallback': false,
    });
  });

  it("a workflow's LLM node takes a prompt reference; its generation, in the run's trace, names the prompt", async () => {
    const definition = {
      name: 'prompted-commentary',
      nodes: [
        {
          id: 'comment',
          kind: 'task',
          taskType: 'market_commentary',
          cache: false,
          input: {
            question: 'Outlook?',
            prompt: { name: 'desk-analyst', label: 'production', variables: { style: 'brief', desk: 'rates' } },
          },
        },
      ],
      edges: [
        { from: 'start', to: 'comment' },
        { from: 'comment', to: 'end' },
      ],
    };
    await request(t.http).post('/api/v1/orchestration/workflows').set(as('operator')).send(definition).expect(201);
    const run = await request(t.http)
      .post('/api/v1/orchestration/execute')
      .set(as('operator'))
      .send({ workflow: 'prompted-commentary', input: {}, mode: 'sync' });
    expect(run.status).toBe(200);
    expect(run.body.data.status).toBe('succeeded');
    expect(llm.received.at(-1)?.body.messages[0].content).toBe(
      'You are a brief analyst for the rates desk. Be brief. (v2)',
    );
    const traceId = run.headers['x-trace-id'];
    const spans = await langfuse.waitForSpans(
      (all) => all.some((s) => s.traceId === traceId && s.attributes['langfuse.observation.type'] === 'generation'),
      15_000,
      "the workflow's generation",
    );
    const generation = spans.find(
      (s) => s.traceId === traceId && s.attributes['langfuse.observation.type'] === 'generation',
    )!;
    expect(generation.attributes).toMatchObject({
      'langfuse.observation.prompt.name': 'acme/desk-analyst',
      'langfuse.observation.prompt.version': 2,
    });
    expect(spans.some((s) => s.traceId === traceId && s.name === 'workflow.node comment')).toBe(true);
  });

  it('when Langfuse is down, the local copy serves (source fallback) and the task still runs', async () => {
    langfuse.mode = 'error500';
    try {
      const read = (await request(t.http).get(`${PROMPTS}/desk-analyst`).set(as('viewer')).expect(200)).body.data;
      expect(read).toMatchObject({ version: 2, source: 'fallback', prompt: V2 });
      const created = await commentary('production');
      const task = await waitForTask(t.http, created.body.data.id, as('operator'));
      expect(task.status).toBe('succeeded');
      expect(llm.received.at(-1)?.body.messages[0].content).toContain('(v2)');
      // Writes are refused rather than kept only locally.
      const write = await request(t.http)
        .post(PROMPTS)
        .set(as('operator'))
        .send({ name: 'desk-analyst', type: 'chat', prompt: V1 });
      expect(write.status).toBe(503);
      expect(write.body.error.code).toBe('PROVIDER_UNAVAILABLE');
    } finally {
      langfuse.mode = 'ok';
    }
  });

  it('a task naming an unknown prompt fails for good with PROMPT_NOT_FOUND', async () => {
    const created = await request(t.http)
      .post(TASKS)
      .set(as('operator'))
      .send({ type: 'market_commentary', input: { question: 'Q?', prompt: { name: 'nobody' } } })
      .expect(202);
    const task = await waitForTask(t.http, created.body.data.id, as('operator'));
    expect(task.status).toBe('failed');
    expect(task.error.code).toBe('PROMPT_NOT_FOUND');
  });
});
