import { readFileSync } from 'node:fs';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { createTestApp, TestApp } from './support/create-test-app';
import { FakeLlmServer } from './support/llm-server';
import { CaptureServer, ExportedSpan } from './support/observability-capture';
import { TASKS, waitForTask } from './support/tasks';
import { ORCH, walk } from './support/workflows';

// Issue 18, must show 1 (generations), 2 (capture off / masking) and 5 (cost summary): every
// model call reaches the local Langfuse capture server as a `generation` observation with model,
// version, usage and cost, inside the trace of the workflow or task that made it.

const PK = 'pk-lf-gen-0001';
const SK = 'sk-lf-gen-secret-0123456789';
const API_KEY = 'gen-desk-key-0123456789abcdef';
const auth = { 'X-API-Key': API_KEY };
const OBS = '/api/v1/observability';

interface Price {
  model: string;
  inputPer1M?: number;
  outputPer1M?: number;
  perUnit?: number;
}
// The price table as shipped: the test computes every cost itself from it.
const PRICES: Price[] = (
  parseYaml(readFileSync('config/ai-orchestration.yml', 'utf8')) as {
    aiComponents: { langfuse: { generations: { prices: Price[] } } };
  }
).aiComponents.langfuse.generations.prices;
const price = (model: string) => PRICES.find((p) => p.model === model) as Price;

const isGeneration = (s: ExportedSpan) => s.attributes['langfuse.observation.type'] === 'generation';
const json = (s: ExportedSpan, key: string) => JSON.parse(String(s.attributes[key])) as Record<string, number>;

function appEnv(langfuse: CaptureServer, llmUrl: string, extra: Record<string, string> = {}) {
  return {
    API_KEYS: `desk:operator:default:${API_KEY}`,
    ...langfuse.langfuseEnv(PK, SK),
    TRACING_EXPORT_INTERVAL_MS: '50',
    TRACE_STORE_FLUSH_INTERVAL_MS: '50',
    LLM_BASE_URL: llmUrl,
    LLM_MODEL: 'gpt-4o-mini',
    LLM_API_KEY: 'sk-llm-test-123',
    ...extra,
  };
}

describe('generations: model calls with usage and cost (capture off by default)', () => {
  const langfuse = new CaptureServer();
  const llm = new FakeLlmServer();
  let t: TestApp;
  const HEADLINES = ['Apple beats estimates', 'Regulator opens probe', 'New product launch'];
  const QUESTION = 'Private question marker-7f3a: is the trend intact?';
  let runTrace: string;
  let llmTrace: string;

  beforeAll(async () => {
    await langfuse.start();
    const url = await llm.start();
    llm.otherwise({
      status: 200,
      content: 'Answer marker-9c1d',
      usage: { prompt_tokens: 1200, completion_tokens: 300 },
    });
    t = await createTestApp(appEnv(langfuse, url));
    const run = await request(t.http)
      .post(`${ORCH}/execute`)
      .set(auth)
      .send({
        workflow: 'trading-analysis',
        input: { symbol: 'GEN1', assetClass: 'equities', candles: walk(60, 100, 0.003), headlines: HEADLINES },
        mode: 'sync',
      });
    expect(run.status).toBe(200);
    runTrace = run.headers['x-trace-id'];
    const created = await request(t.http)
      .post(TASKS)
      .set(auth)
      .send({ type: 'market_commentary', input: { question: QUESTION, symbol: 'AAPL' } })
      .expect(202);
    const task = await waitForTask(t.http, created.body.data.id, auth);
    expect(task.status).toBe('succeeded');
    llmTrace = task.traceId;
    await langfuse.waitForSpans(
      (spans) =>
        spans.filter((s) => isGeneration(s) && s.traceId === runTrace).length >= 3 &&
        spans.some((s) => isGeneration(s) && s.traceId === llmTrace),
      15_000,
      'generations at Langfuse',
    );
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await langfuse.stop();
    await llm.stop();
  });

  it("the trading-analysis run's trace holds one generation per model call, with units and cost", () => {
    const generations = langfuse.spans().filter((s) => isGeneration(s) && s.traceId === runTrace);
    const byType = Object.fromEntries(generations.map((g) => [g.attributes['gen_ai.operation.name'], g]));
    expect(Object.keys(byType).sort()).toEqual(['risk_assessment', 'sentiment_analysis', 'trading_signal']);
    const expectedUnits = { trading_signal: 60, risk_assessment: 60, sentiment_analysis: HEADLINES.length };
    for (const [type, units] of Object.entries(expectedUnits)) {
      const g = byType[type];
      const model = String(g.attributes['langfuse.observation.model.name']);
      // The version that served the call: a built-in model's v1 when no routing rule says otherwise.
      expect(g.attributes['langfuse.version']).toBe('v1');
      expect(json(g, 'langfuse.observation.usage_details')).toEqual({ units });
      expect(json(g, 'langfuse.observation.cost_details').total).toBeCloseTo(units * (price(model).perUnit ?? 0), 12);
      // Inside the run: the generation's trace has the workflow's run and node spans.
      expect(g.attributes['tenant.id']).toBe('default');
    }
    const names = langfuse
      .spans()
      .filter((s) => s.traceId === runTrace)
      .map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['workflow.run trading-analysis', 'workflow.node technical']));
  });

  it("an LLM call's generation has the provider's model, its token usage and the token cost", () => {
    const g = langfuse.spans().find((s) => isGeneration(s) && s.traceId === llmTrace) as ExportedSpan;
    expect(g.attributes['langfuse.observation.model.name']).toBe('gpt-4o-mini');
    expect(json(g, 'langfuse.observation.usage_details')).toEqual({ input: 1200, output: 300, total: 1500 });
    const p = price('gpt-4o-mini');
    const expected = (1200 * (p.inputPer1M ?? 0) + 300 * (p.outputPer1M ?? 0)) / 1e6;
    expect(json(g, 'langfuse.observation.cost_details').total).toBeCloseTo(expected, 12);
  });

  it('capture off: no input or output leaves the service, in any span', () => {
    const bodies = langfuse.requests.map((r) => r.body).join('\n');
    expect(bodies).not.toContain('marker-7f3a');
    expect(bodies).not.toContain('marker-9c1d');
    for (const s of langfuse.spans()) {
      expect(s.attributes['langfuse.observation.input']).toBeUndefined();
      expect(s.attributes['langfuse.observation.output']).toBeUndefined();
    }
  });

  it('the metrics summary adds cost by model, tenant, workflow and day, matching the price table', async () => {
    const generations = langfuse.spans().filter(isGeneration);
    const costOf = (g: ExportedSpan) => json(g, 'langfuse.observation.cost_details').total;
    const total = generations.reduce((n, g) => n + costOf(g), 0);
    const res = await request(t.http).get(`${OBS}/metrics/summary?window=1h`).set(auth).expect(200);
    const cost = res.body.data.cost;
    expect(cost.currency).toBe('USD');
    expect(cost.generations).toBe(generations.length);
    expect(cost.totalUsd).toBeCloseTo(total, 9);
    // Independently: units × price for the workflow's three quant calls.
    const run = generations.filter((g) => g.traceId === runTrace);
    const runCost = run.reduce((n, g) => {
      const model = String(g.attributes['langfuse.observation.model.name']);
      return n + json(g, 'langfuse.observation.usage_details').units * (price(model).perUnit ?? 0);
    }, 0);
    const wf = cost.byWorkflow.find((g: { key: string | null }) => g.key === 'trading-analysis');
    expect(wf.generations).toBe(3);
    expect(wf.costUsd).toBeCloseTo(runCost, 9);
    expect(wf.units).toBe(60 + 60 + HEADLINES.length);
    const llmGroup = cost.byModel.find((g: { key: string }) => g.key === 'llm-analyst');
    expect(llmGroup).toMatchObject({ generations: 1, inputTokens: 1200, outputTokens: 300 });
    expect(cost.byTenant).toEqual([expect.objectContaining({ key: 'default', generations: generations.length })]);
    const daySum = cost.byDay.reduce((n: number, g: { costUsd: number }) => n + g.costUsd, 0);
    expect(daySum).toBeCloseTo(total, 9);
  });
});

describe('generations: capture on', () => {
  const langfuse = new CaptureServer();
  const llm = new FakeLlmServer();
  let t: TestApp;

  beforeAll(async () => {
    await langfuse.start();
    const url = await llm.start();
    llm.otherwise({ status: 200, content: 'The answer', usage: { prompt_tokens: 20, completion_tokens: 4 } });
    t = await createTestApp(
      appEnv(langfuse, url, { TRACING_CAPTURE_TENANTS: 'default', TRACING_CAPTURE_MAX_CHARS: '300' }),
    );
  }, 30_000);

  afterAll(async () => {
    await t?.close();
    await langfuse.stop();
    await llm.stop();
  });

  it('sends input and output, masked (credentials, configured secrets, secret keys) and cut to the bound', async () => {
    const created = await request(t.http)
      .post(TASKS)
      .set(auth)
      .send({
        type: 'market_commentary',
        input: {
          question: `Use Authorization: Bearer abcdefghijklmnop0123 and key ${SK} please`,
          context: { password: 'hunter2-very-secret', series: Array.from({ length: 500 }, (_, i) => i) },
        },
      })
      .expect(202);
    const task = await waitForTask(t.http, created.body.data.id, auth);
    expect(task.status).toBe('succeeded');
    const [g] = (
      await langfuse.waitForSpans(
        (spans) => spans.some((s) => isGeneration(s) && s.traceId === task.traceId),
        15_000,
        'generation',
      )
    ).filter((s) => isGeneration(s) && s.traceId === task.traceId);
    const input = String(g.attributes['langfuse.observation.input']);
    const output = String(g.attributes['langfuse.observation.output']);
    expect(JSON.parse(input)[0].role).toBe('system');
    expect(output).toContain('The answer');
    expect(input).not.toContain('abcdefghijklmnop0123');
    expect(input).not.toContain(SK);
    expect(input.length).toBeLessThan(1200);
    // The user message, as sent to the provider, carried the password; the exported copy does not.
    expect(JSON.stringify(llm.received.at(-1)?.body)).toContain('hunter2-very-secret');
    expect(langfuse.requests.map((r) => r.body).join('\n')).not.toContain('hunter2-very-secret');
  });
});
