import request from 'supertest';
import { quant } from '@app/handit';
import { createTestApp, type TestApp } from './support/create-test-app';
import { addVersion, FAST_RSI, MODELS, seededCandles, setRouting } from './support/models';
import { TASKS, waitForTask } from './support/tasks';

// Must-show 1: two versions of a built-in model live at once; weighted and sticky routing; pinning; retiring.
describe('models: versions side by side and routing between them', () => {
  let t: TestApp;
  const candles = seededCandles(3);

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_MAX: '0', HANDIT_MAX_QUEUE_DEPTH: '100000' });
    await addVersion(t.http, 'equities-technical', { version: 'v2', parameters: FAST_RSI });
  }, 30_000);
  afterAll(async () => {
    await t.close();
  });

  /** Accepts a signal task (202) and answers the version it was routed to; no waiting for its run. */
  async function routedVersion(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string> {
    const res = await request(t.http)
      .post(TASKS)
      .set(headers)
      .send({ type: 'trading_signal', priority: 'background', options: { cache: false }, ...body });
    if (res.status !== 202) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    expect(res.body.data.model.id).toBe('equities-technical');
    return res.body.data.model.version;
  }

  it('lists v1 (as shipped) and v2 (other parameters) side by side, each readable as id@version', async () => {
    const list = (await request(t.http).get(`${MODELS}/equities-technical/versions`).expect(200)).body.data;
    expect(list.map((v: any) => [v.version, v.status, v.champion])).toEqual([
      ['v1', 'active', true],
      ['v2', 'active', false],
    ]);
    expect(list[0]).toMatchObject({ builtIn: true, engine: 'equities-technical', parameters: {} });
    const v2 = (await request(t.http).get(`${MODELS}/equities-technical@v2`).expect(200)).body.data;
    expect(v2).toMatchObject({ ref: 'equities-technical@v2', parameters: FAST_RSI, provider: 'quant' });
    expect(v2.parameterSchema.properties.trading_signal.properties.rsiPeriod).toMatchObject({ type: 'integer' });
    await request(t.http).get(`${MODELS}/equities-technical@v9`).expect(404);
    // /models shows the champion, v1.
    const model = (await request(t.http).get(`${MODELS}/equities-technical`).expect(200)).body.data;
    expect(model.version).toBe('v1');
  });

  it('refuses parameters outside the engine’s parameter schema, naming the field', async () => {
    const res = await request(t.http)
      .post(`${MODELS}/equities-technical/versions`)
      .send({ version: 'v3', parameters: { trading_signal: { rsiPeriod: 1, bogus: 2 } } })
      .expect(400);
    const fields = res.body.error.details.fields.map((f: any) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining(['parameters.trading_signal.rsiPeriod', 'parameters.trading_signal.bogus']),
    );
    const types = await request(t.http)
      .post(`${MODELS}/options-pricer/versions`)
      .send({ version: 'v2', parameters: { trading_signal: { rsiPeriod: 10 } } })
      .expect(400);
    expect(types.body.error.details.fields[0].field).toBe('parameters.trading_signal');
  });

  it('pins model@version, runs it with its parameters, and keeps the version on the result', async () => {
    const input = { symbol: 'PIN', candles };
    const v1 = (
      await request(t.http)
        .post(`${TASKS}?wait=10000`)
        .send({ type: 'trading_signal', model: 'equities-technical@v1', input })
        .expect(200)
    ).body.data;
    const v2 = (
      await request(t.http)
        .post(`${TASKS}?wait=10000`)
        .send({ type: 'trading_signal', model: 'equities-technical@v2', input })
        .expect(200)
    ).body.data;
    expect(v1.model).toEqual({ id: 'equities-technical', version: 'v1' });
    expect(v2.model).toEqual({ id: 'equities-technical', version: 'v2' });
    // Computed independently with the engine: v2 is v1's engine with RSI 10 and 25/75 bands.
    const base = { symbol: 'PIN', assetClass: 'equities' as const, candles };
    expect(v1.result).toEqual(quant.tradingSignal(base));
    expect(v2.result).toEqual(quant.tradingSignal({ ...base, options: FAST_RSI.trading_signal }));
    expect(v2.result.reasons[0].value).not.toBe(v1.result.reasons[0].value);
    expect((await request(t.http).get(`${TASKS}/${v2.id}`).expect(200)).body.data.model.version).toBe('v2');
  });

  it('splits 1,000 routed tasks 90/10 within a binomial tolerance', async () => {
    await setRouting(t.http, 'equities-technical', {
      split: [
        { version: 'v1', weight: 90 },
        { version: 'v2', weight: 10 },
      ],
    });
    const counts: Record<string, number> = { v1: 0, v2: 0 };
    for (let i = 0; i < 1000; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, () => routedVersion({ input: { symbol: 'SPLIT', candles } })),
      );
      for (const v of batch) counts[v]++;
    }
    // Binomial(1000, 0.1): sd ≈ 9.5; 5 sd either side fails by chance about once in 1.7 million runs.
    const sd = Math.sqrt(1000 * 0.1 * 0.9);
    expect(counts.v1 + counts.v2).toBe(1000);
    expect(Math.abs(counts.v2 - 100)).toBeLessThan(5 * sd);
  }, 120_000);

  it('sends one symbol to one version every time under a sticky rule, and spreads symbols over both', async () => {
    await setRouting(t.http, 'equities-technical', {
      split: [
        { version: 'v1', weight: 50 },
        { version: 'v2', weight: 50 },
      ],
      sticky: { by: 'symbol' },
    });
    for (const symbol of ['AAPL', 'MSFT']) {
      const seen = new Set<string>();
      for (let i = 0; i < 30; i++) seen.add(await routedVersion({ input: { symbol, candles } }));
      expect(seen.size).toBe(1);
    }
    const bySymbol = new Set<string>();
    for (let i = 0; i < 40; i++) bySymbol.add(await routedVersion({ input: { symbol: `SYM${i}`, candles } }));
    expect([...bySymbol].sort()).toEqual(['v1', 'v2']);
  }, 60_000);

  it('sticks by a header, and a tenant’s own rule wins over the every-tenant rule', async () => {
    await setRouting(t.http, 'equities-technical', {
      split: [
        { version: 'v1', weight: 1 },
        { version: 'v2', weight: 1 },
      ],
      sticky: { by: 'header', header: 'X-Desk' },
    });
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++)
      seen.add(await routedVersion({ input: { symbol: `H${i}`, candles } }, { 'X-Desk': 'fx-desk-7' }));
    expect(seen.size).toBe(1);
    await setRouting(t.http, 'equities-technical', { tenant: 'default', split: [{ version: 'v2', weight: 1 }] });
    for (let i = 0; i < 10; i++) expect(await routedVersion({ input: { symbol: `T${i}`, candles } })).toBe('v2');
    const rules = (await request(t.http).get(`${MODELS}/equities-technical/routing`).expect(200)).body.data;
    expect(rules.map((r: any) => r.tenant).sort()).toEqual([null, 'default'].sort());
    await request(t.http).delete(`${MODELS}/equities-technical/routing?tenant=default`).expect(200);
  }, 60_000);

  it('audits routing changes with the old and new rule', async () => {
    const res = await request(t.http).get('/api/v1/audit-log?action=model.routing.set&limit=50').expect(200);
    const entries = res.body.data.items;
    expect(entries.length).toBeGreaterThanOrEqual(3);
    const last = entries[0];
    expect(last).toMatchObject({ target: 'equities-technical', outcome: 'success' });
    expect(last.details.to.split).toEqual([{ version: 'v2', weight: 1 }]);
    expect(last.details.scope).toBe('default');
  });

  it('refuses a retired version with a clear error; finished tasks keep the version that produced them', async () => {
    const pinned = (
      await request(t.http)
        .post(`${TASKS}?wait=10000`)
        .send({ type: 'trading_signal', model: 'equities-technical@v2', input: { symbol: 'RET', candles } })
        .expect(200)
    ).body.data;
    await request(t.http).patch(`${MODELS}/equities-technical/versions/v2`).send({ status: 'retired' }).expect(200);
    const refused = await request(t.http)
      .post(TASKS)
      .send({ type: 'trading_signal', model: 'equities-technical@v2', input: { symbol: 'RET', candles } })
      .expect(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    expect(refused.body.error.details.fields[0]).toEqual({
      field: 'model',
      message: 'version equities-technical@v2 is retired and takes no new tasks',
    });
    // Routed tasks skip it even though the every-tenant rule still names it.
    for (let i = 0; i < 10; i++) expect(await routedVersion({ input: { symbol: `R${i}`, candles } })).toBe('v1');
    expect((await waitForTask(t.http, pinned.id)).model.version).toBe('v2');
    // The last active version cannot leave active.
    const last = await request(t.http)
      .patch(`${MODELS}/equities-technical/versions/v1`)
      .send({ status: 'deprecated' })
      .expect(409);
    expect(last.body.error.code).toBe('CONFLICT');
  }, 60_000);
});
