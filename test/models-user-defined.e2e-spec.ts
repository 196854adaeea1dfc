import request from 'supertest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quant } from '@app/handit';
import { createTestApp, type TestApp } from './support/create-test-app';
import { JsonModelServer } from './support/json-model-server';
import { FakeLlmServer } from './support/llm-server';
import { FAST_RSI, MODELS, seededCandles } from './support/models';
import { TASKS, waitForTask } from './support/tasks';

// Must-show 3: a model from a built-in engine and external models over HTTP, registered through
// the API, used by tasks, still there after a restart; a result that breaks the schema fails the task.
describe('models: user-defined models (built-in engine, external JSON and OpenAI-compatible endpoints)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aio-models-'));
  const env = { RATE_LIMIT_MAX: '0', SQLITE_PATH: join(dir, 'orchestration.db'), HANDIT_MAX_ATTEMPTS: '1' };
  const SECRET = 'MODEL_SECRET_E2E_VENDOR';
  const vendor = new JsonModelServer();
  const chat = new FakeLlmServer();
  let vendorUrl: string;
  let chatUrl: string;
  let t: TestApp;
  const candles = seededCandles(5);
  const signal = {
    action: 'buy',
    confidence: 0.75,
    score: 2,
    reasons: [{ indicator: 'vendor', vote: 1 }],
    entry: 101.5,
  };

  beforeAll(async () => {
    process.env[SECRET] = 'vendor-secret-1';
    vendorUrl = await vendor.start();
    chatUrl = await chat.start();
    vendor.otherwise({ status: 200, body: signal });
    t = await createTestApp(env);
  }, 30_000);
  afterAll(async () => {
    await t?.close();
    await vendor.stop();
    await chat.stop();
    delete process.env[SECRET];
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (model: string, symbol = 'UDM') =>
    (
      await request(t.http)
        .post(`${TASKS}?wait=10000`)
        .send({ type: 'trading_signal', model, input: { symbol, candles }, options: { cache: false } })
        .expect(200)
    ).body.data;

  it('registers a model from a built-in engine with other parameters, and runs it', async () => {
    const created = await request(t.http)
      .post(MODELS)
      .send({
        id: 'equities-signal-fast',
        name: 'Equities signal, faster RSI',
        engine: 'equities-technical',
        taskTypes: ['trading_signal'],
        parameters: FAST_RSI,
      })
      .expect(201);
    expect(created.body.data).toMatchObject({
      id: 'equities-signal-fast',
      version: 'v1',
      engine: 'equities-technical',
    });
    const task = await run('equities-signal-fast');
    expect(task.model).toEqual({ id: 'equities-signal-fast', version: 'v1' });
    expect(task.result).toEqual(
      quant.tradingSignal({ symbol: 'UDM', assetClass: 'equities', candles, options: FAST_RSI.trading_signal }),
    );
  });

  it('refuses an engine model serving types its engine does not, and a secret outside the prefix', async () => {
    const types = await request(t.http)
      .post(MODELS)
      .send({ id: 'bad-types', name: 'x', engine: 'equities-technical', taskTypes: ['bond_analysis'] })
      .expect(400);
    expect(types.body.error.details.fields[0].field).toBe('taskTypes[0]');
    const secret = await request(t.http)
      .post(MODELS)
      .send({
        id: 'bad-secret',
        name: 'x',
        taskTypes: ['trading_signal'],
        external: { protocol: 'json', url: vendorUrl, timeoutMs: 1000, secretRef: 'DATABASE_URL' },
      })
      .expect(400);
    expect(secret.body.error.details.fields[0]).toMatchObject({ field: 'external.secretRef' });
    await request(t.http)
      .post(MODELS)
      .send({ id: 'equities-technical', name: 'x', engine: 'equities-technical' })
      .expect(409);
  });

  it('calls an external JSON model with the task and the secret, and takes its answer as the result', async () => {
    await request(t.http)
      .post(MODELS)
      .send({
        id: 'vendor-signal',
        name: 'Vendor signal model',
        taskTypes: ['trading_signal'],
        assetClasses: ['equities'],
        external: { protocol: 'json', url: vendorUrl, timeoutMs: 3000, secretRef: SECRET },
      })
      .expect(201);
    const before = vendor.received.length;
    const task = await run('vendor-signal');
    expect(task).toMatchObject({ status: 'succeeded', model: { id: 'vendor-signal', version: 'v1' } });
    expect(task.result).toEqual(signal);
    const sent = vendor.received[before];
    expect(sent.method).toBe('POST');
    expect(sent.headers.authorization).toBe('Bearer vendor-secret-1');
    expect(sent.body).toEqual({ type: 'trading_signal', input: { symbol: 'UDM', candles } });
  });

  it('fails the task with MODEL_RESPONSE_INVALID when the answer breaks the result schema', async () => {
    vendor.respond(() => ({ status: 200, body: { action: 'maybe', confidence: 2, reasons: [] } }));
    const task = await run('vendor-signal');
    vendor.respond(undefined);
    expect(task.status).toBe('failed');
    expect(task.error.code).toBe('MODEL_RESPONSE_INVALID');
    expect(task.error.message).toContain('result.action');
    expect(task.error.message).toContain('result.confidence');
    expect(task.error.message).toContain('result.score: is required');
    expect(task.result ?? null).toBeNull();
  });

  it('asks an OpenAI-compatible external model for JSON and validates the reply', async () => {
    await request(t.http)
      .post(MODELS)
      .send({
        id: 'vendor-chat',
        name: 'Vendor chat signal',
        taskTypes: ['trading_signal'],
        external: { protocol: 'openai', url: chatUrl, model: 'signal-gpt', timeoutMs: 3000 },
      })
      .expect(201);
    chat.script({ status: 200, content: JSON.stringify(signal) });
    const before = chat.received.length;
    const task = await run('vendor-chat');
    expect(task.result).toEqual(signal);
    expect(task.usage).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 15 });
    const sent = chat.received[before];
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.body).toMatchObject({ model: 'signal-gpt', response_format: { type: 'json_object' } });
    expect(JSON.parse(sent.body.messages[1].content)).toMatchObject({
      type: 'trading_signal',
      input: { symbol: 'UDM' },
    });
    chat.script({ status: 200, content: 'I think you should buy.' });
    const broken = await run('vendor-chat');
    expect(broken.error).toMatchObject({ code: 'MODEL_RESPONSE_INVALID' });
  });

  it('lists the defined models in /models and /capabilities, and keeps them across a restart', async () => {
    const ids = () =>
      request(t.http)
        .get(MODELS)
        .expect(200)
        .then((r) => r.body.data.map((m: any) => m.id));
    expect(await ids()).toEqual(expect.arrayContaining(['equities-signal-fast', 'vendor-signal', 'vendor-chat']));
    await t.close();
    t = await createTestApp(env);
    expect(await ids()).toEqual(expect.arrayContaining(['equities-signal-fast', 'vendor-signal', 'vendor-chat']));
    const caps = (await request(t.http).get('/api/v1/ai-orchestration/capabilities').expect(200)).body.data;
    const served = caps.taskTypes.find((c: any) => c.type === 'trading_signal').models.map((m: any) => m.id);
    expect(served).toEqual(expect.arrayContaining(['equities-signal-fast', 'vendor-signal', 'vendor-chat']));
    const external = (await request(t.http).get(`${MODELS}/vendor-signal`).expect(200)).body.data;
    expect(external).toMatchObject({ provider: 'external', parameters: { protocol: 'json', secretRef: SECRET } });
    expect(JSON.stringify(external)).not.toContain('vendor-secret-1');
    // Both still run after the restart.
    expect((await run('equities-signal-fast', 'AFTER')).status).toBe('succeeded');
    const vendorTask = await run('vendor-signal', 'AFTER');
    expect(vendorTask.result).toEqual(signal);
    expect((await waitForTask(t.http, vendorTask.id)).model.version).toBe('v1');
  }, 60_000);
});
