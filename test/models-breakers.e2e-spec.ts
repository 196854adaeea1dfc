import request from 'supertest';
import { quant } from '@app/handit';
import { createTestApp, type TestApp } from './support/create-test-app';
import { JsonModelServer } from './support/json-model-server';
import { FakeLlmServer } from './support/llm-server';
import { addVersion, MODELS, seededCandles } from './support/models';
import { TASKS, waitUntil } from './support/tasks';

// Must-show 4: a failing provider opens its circuit; tasks then fail fast with 503 and Retry-After
// (or go to the fallback version); the half-open probe closes it once the provider recovers.
describe('models: provider circuit breakers', () => {
  const llm = new FakeLlmServer();
  const vendor = new JsonModelServer();
  let vendorUrl: string;
  let t: TestApp;
  const HALF_OPEN_MS = 5000;
  const commentary = { type: 'market_commentary', input: { question: 'Summarise momentum', symbol: 'AAPL' } };

  beforeAll(async () => {
    vendorUrl = await vendor.start();
    t = await createTestApp({
      RATE_LIMIT_MAX: '0',
      ...(await llm.startAsProvider('llama-test')),
      HANDIT_MAX_ATTEMPTS: '1',
      PROVIDER_BREAKER_CONSECUTIVE_FAILURES: '3',
      PROVIDER_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS),
    });
  }, 30_000);
  afterAll(async () => {
    await t.close();
    await llm.stop();
    await vendor.stop();
  });

  const circuits = async () =>
    (await request(t.http).get('/status').expect(200)).body.data.components.providers.details.circuits;
  const gauge = async (provider: string) => {
    const text = (await request(t.http).get('/metrics').expect(200)).text;
    const line = text.split('\n').find((l) => l.startsWith(`provider_circuit_state{provider="${provider}"}`));
    return line ? Number(line.split(' ').pop()) : undefined;
  };

  it('opens the LLM circuit after consecutive failures; tasks then fail fast with 503 and Retry-After', async () => {
    llm.otherwise({ status: 500, error: 'upstream exploded' });
    for (let i = 0; i < 3; i++) {
      const res = await request(t.http).post(`${TASKS}?wait=10000`).send(commentary).expect(200);
      expect(res.body.data).toMatchObject({ status: 'failed', error: { code: 'PROVIDER_ERROR' } });
    }
    expect((await circuits()).llm).toMatchObject({ state: 'open' });
    expect(await gauge('llm')).toBe(2);
    const calls = llm.received.length;
    const refused = await request(t.http).post(`${TASKS}?wait=10000`).send(commentary).expect(503);
    expect(refused.body.error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(refused.body.error.details).toMatchObject({ provider: 'llm', circuit: 'open' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(HALF_OPEN_MS / 1000);
    // Refused without reaching the provider.
    expect(llm.received.length).toBe(calls);
    const status = (await request(t.http).get('/status').expect(200)).body.data.components.providers;
    expect(status.state).toBe('degraded');
  }, 60_000);

  it('lets a half-open probe through once the delay is over, and closes the circuit when it succeeds', async () => {
    llm.otherwise({ status: 200, content: 'Momentum is positive.' });
    let answer: request.Response | undefined;
    await waitUntil(
      async () => {
        answer = await request(t.http).post(`${TASKS}?wait=10000`).send(commentary);
        return answer.status !== 503;
      },
      HALF_OPEN_MS * 4,
      'the circuit to half-open',
    );
    expect(answer!.status).toBe(200);
    expect(answer!.body.data).toMatchObject({ status: 'succeeded', result: { text: 'Momentum is positive.' } });
    expect((await circuits()).llm).toMatchObject({ state: 'closed', retryAfterSeconds: 0 });
    expect(await gauge('llm')).toBe(0);
  }, 60_000);

  it('sends routed tasks to the fallback version while an external model’s circuit is open', async () => {
    const candles = seededCandles(2);
    await request(t.http)
      .post(MODELS)
      .send({
        id: 'vendor-fb',
        name: 'Vendor signal with a fallback',
        taskTypes: ['trading_signal'],
        assetClasses: ['equities'],
        external: { protocol: 'json', url: vendorUrl, timeoutMs: 3000 },
      })
      .expect(201);
    await addVersion(t.http, 'vendor-fb', { version: 'v2', engine: 'equities-technical' });
    await request(t.http).patch(`${MODELS}/vendor-fb/versions/v1`).send({ fallbackVersion: 'v2' }).expect(200);
    vendor.otherwise({ status: 502, body: { error: 'bad gateway' } });
    const send = (model: string) =>
      request(t.http)
        .post(`${TASKS}?wait=10000`)
        .send({ type: 'trading_signal', model, input: { symbol: 'FB', candles }, options: { cache: false } });
    for (let i = 0; i < 3; i++) {
      const res = await send('vendor-fb');
      expect(res.body.data).toMatchObject({
        model: { version: 'v1' },
        status: 'failed',
        error: { code: 'PROVIDER_ERROR' },
      });
    }
    expect((await circuits())['external:vendor-fb@v1']).toMatchObject({ state: 'open' });
    const calls = vendor.received.length;
    const served = await send('vendor-fb');
    expect(served.status).toBe(200);
    expect(served.body.data).toMatchObject({ status: 'succeeded', model: { id: 'vendor-fb', version: 'v2' } });
    expect(served.body.data.result).toEqual(quant.tradingSignal({ symbol: 'FB', assetClass: 'equities', candles }));
    expect(vendor.received.length).toBe(calls);
    // A task that pins the failing version gets no fallback: it fails fast.
    const pinned = await send('vendor-fb@v1');
    expect(pinned.status).toBe(503);
    expect(Number(pinned.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const text = (await request(t.http).get('/metrics').expect(200)).text;
    expect(text).toContain('handit_routed_fallback_total{model="vendor-fb",from="v1",to="v2"} 1');
  }, 60_000);
});
