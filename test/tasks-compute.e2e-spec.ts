import request from 'supertest';
import { createTestAppForSuite, TestApp } from './support/create-test-app';
import { STOCKCHARTS_CLOSES, STOCKCHARTS_RSI } from '@app/handit/testing';
import { TASKS } from './support/tasks';

function candlesFromCloses(closes: number[]) {
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1];
    return {
      time: 1_700_000_000 + i * 86_400,
      open,
      high: Math.max(open, close) + 0.1,
      low: Math.min(open, close) - 0.1,
      close,
      volume: 1000 + i,
    };
  });
}

function walk(n: number) {
  const closes: number[] = [];
  let p = 100;
  for (let i = 0; i < n; i++) closes.push((p = Math.round(p * (1 + 0.01 * Math.sin(i / 4) + 0.002) * 100) / 100));
  return candlesFromCloses(closes);
}

describe('tasks: every task type through the API, checked against reference values', () => {
  let t: TestApp;

  createTestAppForSuite((app) => (t = app));

  async function run(type: string, input: unknown, extra: Record<string, unknown> = {}) {
    const res = await request(t.http)
      .post(`${TASKS}?wait=15000`)
      .send({ type, input, ...extra });
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 200, error: undefined });
    expect(res.body.data.status).toBe('succeeded');
    return res.body.data;
  }

  it('lists at least 12 quant models with their domain parameters, and an unavailable LLM model', async () => {
    const res = await request(t.http).get('/api/v1/ai-orchestration/models').expect(200);
    const models = res.body.data as Array<{
      id: string;
      provider: string;
      status: string;
      parameters: Record<string, unknown>;
      taskTypes: string[];
    }>;
    expect(models.filter((m) => m.provider === 'quant').length).toBeGreaterThanOrEqual(12);
    const byId = Object.fromEntries(models.map((m) => [m.id, m]));
    expect(byId['forex-technical'].parameters).toMatchObject({
      periodsPerYear: 260,
      tickSize: 0.0001,
      tickName: 'pip',
    });
    expect(byId['crypto-technical'].parameters).toMatchObject({ periodsPerYear: 365 });
    expect(byId['equities-technical'].parameters).toMatchObject({ periodsPerYear: 252 });
    expect((byId['crypto-technical'].parameters.tradingHours as { continuous: boolean }).continuous).toBe(true);
    expect(byId['llm-analyst']).toMatchObject({ provider: 'llm', status: 'unavailable' });
    await request(t.http).get('/api/v1/ai-orchestration/models/options-pricer').expect(200);
    const missing = await request(t.http).get('/api/v1/ai-orchestration/models/nope').expect(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it('describes capabilities: every task type with a JSON Schema, an example and its models', async () => {
    const res = await request(t.http).get('/api/v1/ai-orchestration/capabilities').expect(200);
    const types = res.body.data.taskTypes as Array<{
      type: string;
      inputSchema: { type: string };
      example: unknown;
      models: unknown[];
    }>;
    expect(types.map((x) => x.type).sort()).toEqual(
      [
        'bond_analysis',
        'financial_analysis',
        'market_commentary',
        'options_pricing',
        'portfolio_risk',
        'risk_assessment',
        'sentiment_analysis',
        'technical_analysis',
        'trading_signal',
      ].sort(),
    );
    for (const type of types) {
      expect(type.inputSchema.type).toBe('object');
      expect(type.models.length).toBeGreaterThan(0);
    }
    expect(res.body.data.priorities).toEqual(['critical', 'high', 'normal', 'low', 'background']);
    expect(res.body.data.limits.maxCandles).toBeGreaterThanOrEqual(20_000);
  });

  it('every capability example runs as given (except the LLM one, unconfigured here)', async () => {
    const res = await request(t.http).get('/api/v1/ai-orchestration/capabilities').expect(200);
    for (const type of res.body.data.taskTypes as Array<{ type: string; example: unknown }>) {
      if (type.type === 'market_commentary') continue;
      await run(type.type, type.example);
    }
  });

  it('technical_analysis reproduces the StockCharts Wilder RSI worked example', async () => {
    const task = await run('technical_analysis', {
      symbol: 'CS',
      assetClass: 'equities',
      candles: candlesFromCloses(STOCKCHARTS_CLOSES),
      indicators: [
        { name: 'rsi', period: 14 },
        { name: 'sma', period: 3 },
      ],
    });
    expect(task.model.id).toBe('equities-technical');
    const [rsiOut, smaOut] = task.result.indicators;
    expect(rsiOut.name).toBe('rsi');
    expect(rsiOut.series.value).toHaveLength(STOCKCHARTS_CLOSES.length);
    expect(rsiOut.series.value.slice(0, 14)).toEqual(new Array(14).fill(null));
    expect(rsiOut.series.value.slice(14).map((v: number) => Math.round(v * 100) / 100)).toEqual(STOCKCHARTS_RSI);
    expect(smaOut.series.value[2]).toBeCloseTo((44.3389 + 44.0902 + 44.1497) / 3, 10);
  });

  it('technical_analysis handles 20,000 candles within the default limits', async () => {
    const task = await run('technical_analysis', {
      candles: walk(20_000),
      indicators: [
        { name: 'ema', period: 50 },
        { name: 'bbands', period: 20, stddev: 2 },
      ],
    });
    expect(task.result.indicators[0].series.value).toHaveLength(20_000);
    expect(Object.keys(task.result.indicators[1].series).sort()).toEqual(['lower', 'middle', 'upper']);
  }, 30_000);

  it('options_pricing matches Hull’s Black-Scholes example (S=42, K=40, r=10%, σ=20%, T=0.5)', async () => {
    const task = await run('options_pricing', {
      spot: 42,
      strike: 40,
      timeToExpiry: 0.5,
      riskFreeRate: 0.1,
      volatility: 0.2,
    });
    expect(task.model.id).toBe('options-pricer');
    expect(task.result.call.price).toBeCloseTo(4.76, 2);
    expect(task.result.put.price).toBeCloseTo(0.81, 2);
    // put-call parity: C − P = S − K·e^(−rT)
    expect(task.result.call.price - task.result.put.price).toBeCloseTo(42 - 40 * Math.exp(-0.05), 10);
  });

  it('bond_analysis: a 5-year 6% annual bond at 6% is at par, Macaulay 4.4651, modified 4.2124', async () => {
    const task = await run('bond_analysis', { couponRate: 0.06, frequency: 1, maturityYears: 5, yield: 0.06 });
    expect(task.result.price).toBeCloseTo(100, 8);
    expect(task.result.macaulayDuration).toBeCloseTo(4.4651, 4);
    expect(task.result.modifiedDuration).toBeCloseTo(4.2124, 4);
  });

  it('bond_analysis between coupon dates: the spreadsheet PRICE example, 94.63436162 clean with 1.4375 accrued', async () => {
    const task = await run('bond_analysis', {
      couponRate: 0.0575,
      frequency: 2,
      settlementDate: '2008-02-15',
      maturityDate: '2017-11-15',
      dayCount: '30/360',
      yield: 0.065,
    });
    expect(task.result.price).toBeCloseTo(94.63436162, 8);
    expect(task.result.accruedInterest).toBeCloseTo(1.4375, 12);
    expect(task.result.dirtyPrice).toBeCloseTo(96.07186162, 8);
    expect(task.result.schedule).toMatchObject({
      previousCouponDate: '2007-11-15',
      nextCouponDate: '2008-05-15',
      remainingCoupons: 20,
    });
  });

  it('risk_assessment: hand-computed figures for prices 100, 110, 99, 108.9', async () => {
    // returns +10%, −10%, +10%: mean 1/30; sample std √(0.04/3) = 0.115470; ×√252 annualised.
    const task = await run('risk_assessment', {
      prices: [100, 110, 99, 108.9],
      assetClass: 'equities',
      confidenceLevels: [0.95],
    });
    expect(task.model.id).toBe('equities-technical');
    const r = task.result;
    expect(r.periods).toBe(3);
    expect(r.meanReturn).toBeCloseTo(1 / 30, 10);
    expect(r.volatility).toBeCloseTo(Math.sqrt(0.04 / 3), 8);
    expect(r.annualizedVolatility).toBeCloseTo(Math.sqrt(0.04 / 3) * Math.sqrt(252), 8);
    // type-7 quantile at 5% of [−0.1, 0.1, 0.1]: −0.1 + 0.1 × 0.2 = −0.08
    expect(r.var[0].historicalVaR).toBeCloseTo(0.08, 10);
    expect(r.maxDrawdown).toBeCloseTo(0.1, 10);
  });

  it('risk_assessment annualises by the model’s market: 365 for crypto', async () => {
    const task = await run('risk_assessment', { prices: [100, 110, 99, 108.9] }, { model: 'crypto-technical' });
    expect(task.result.annualizedVolatility).toBeCloseTo(Math.sqrt(0.04 / 3) * Math.sqrt(365), 8);
  });

  it('portfolio_risk: two assets, equal weights, volatility equals the sample std of the portfolio returns', async () => {
    const task = await run('portfolio_risk', {
      assets: [
        { symbol: 'A', weight: 0.5, returns: [0.01, -0.01, 0.02, 0] },
        { symbol: 'B', weight: 0.5, returns: [0.02, 0, -0.01, 0.01] },
      ],
    });
    // portfolio returns 1.5%, −0.5%, 0.5%, 0.5% → mean 0.5%, sample variance 0.0002/3
    expect(task.result.volatility).toBeCloseTo(Math.sqrt(0.0002 / 3), 10);
  });

  it('financial_analysis: margins and returns from one period', async () => {
    const task = await run('financial_analysis', {
      periods: [
        {
          period: 'FY2025',
          revenue: 1000,
          costOfRevenue: 600,
          operatingIncome: 200,
          netIncome: 150,
          totalAssets: 2000,
          totalEquity: 1200,
          totalDebt: 400,
          currentAssets: 500,
          currentLiabilities: 300,
        },
      ],
    });
    const p = task.result.periods[0];
    expect(p.grossMargin).toBeCloseTo(0.4, 12);
    expect(p.operatingMargin).toBeCloseTo(0.2, 12);
    expect(p.netMargin).toBeCloseTo(0.15, 12);
    expect(p.roe).toBeCloseTo(0.125, 12);
    expect(p.roa).toBeCloseTo(0.075, 12);
    expect(p.debtToEquity).toBeCloseTo(1 / 3, 12);
    expect(p.currentRatio).toBeCloseTo(5 / 3, 12);
  });

  it('sentiment_analysis labels clear headlines and names the words that drove them', async () => {
    const task = await run('sentiment_analysis', {
      headlines: ['Company beats estimates and raises guidance', 'Regulator fines company over fraud'],
    });
    expect(task.result.items.map((i: { label: string }) => i.label)).toEqual(['positive', 'negative']);
    expect(task.result.items[1].drivers.map((d: { word: string }) => d.word)).toEqual(
      expect.arrayContaining(['fraud']),
    );
  });

  it('trading_signal is deterministic and its stop and target sit either side of the entry', async () => {
    const input = { symbol: 'EURUSD', candles: walk(120) };
    const a = await run('trading_signal', input, { options: { cache: false }, model: 'forex-technical' });
    const b = await run('trading_signal', input, { options: { cache: false }, model: 'forex-technical' });
    expect(a.result).toEqual(b.result);
    expect(['buy', 'sell', 'hold']).toContain(a.result.action);
    expect(a.result.confidence).toBeGreaterThanOrEqual(0);
    expect(a.result.confidence).toBeLessThanOrEqual(1);
    expect(a.input).toBeUndefined();
    const stored = await request(t.http).get(`${TASKS}/${a.id}`).expect(200);
    expect(stored.body.data.input.assetClass).toBe('forex');
    if (a.result.action === 'buy') expect(a.result.stopLoss).toBeLessThan(a.result.entry);
    if (a.result.action === 'sell') expect(a.result.stopLoss).toBeGreaterThan(a.result.entry);
  });

  describe('bad inputs → 400 VALIDATION_FAILED naming the field, never a 500', () => {
    const cases: Array<[string, unknown, string]> = [
      [
        'technical_analysis',
        {
          candles: [
            { time: 1, open: 1, high: 2, low: 0.5, close: 1.5, volume: 1 },
            { time: 2, open: 1, high: 0.5, low: 0.9, close: 1, volume: 1 },
          ],
          indicators: [{ name: 'sma', period: 1 }],
        },
        'input.candles[1].high',
      ],
      [
        'technical_analysis',
        { candles: walk(5), indicators: [{ name: 'sma', period: 10 }] },
        'input.indicators[0].period',
      ],
      [
        'technical_analysis',
        {
          candles: [
            { time: 2, open: 1, high: 1, low: 1, close: 1, volume: 1 },
            { time: 1, open: 1, high: 1, low: 1, close: 1, volume: 1 },
          ],
          indicators: [{ name: 'obv' }],
        },
        'input.candles[1].time',
      ],
      ['technical_analysis', { candles: walk(30), indicators: [{ name: 'nope' }] }, 'input.indicators[0].name'],
      ['trading_signal', { candles: walk(3) }, 'input.candles'],
      ['risk_assessment', { prices: [100] }, 'input.prices'],
      ['financial_analysis', { periods: [] }, 'input.periods'],
      [
        'options_pricing',
        { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: -0.2 },
        'input.volatility',
      ],
      [
        'options_pricing',
        { spot: -1, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 },
        'input.spot',
      ],
      ['bond_analysis', { couponRate: 0.05, maturityYears: 5 }, 'input'],
      [
        'bond_analysis',
        { couponRate: 0.05, settlementDate: '2020-13-01', maturityDate: '2025-01-01', yield: 0.05 },
        'input.settlementDate',
      ],
      ['portfolio_risk', { assets: [] }, 'input.assets'],
      ['sentiment_analysis', {}, 'input'],
    ];

    it.each(cases.map(([type, input, field]) => [type, field, input] as const))(
      '%s names %s',
      async (type, field, input) => {
        const res = await request(t.http).post(TASKS).send({ type, input });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
        const fields = (res.body.error.details.fields as Array<{ field: string }>).map((f) => f.field);
        expect(fields.some((f) => f === field || f.startsWith(`${field}.`) || f.startsWith(`${field}[`))).toBe(true);
      },
    );

    it('a non-finite number (1e999 in JSON) is refused with its path', async () => {
      const body =
        '{"type":"options_pricing","input":{"spot":1e999,"strike":40,' +
        '"timeToExpiry":0.5,"riskFreeRate":0.1,"volatility":0.2}}';
      const res = await request(t.http).post(TASKS).set('Content-Type', 'application/json').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields[0].field).toBe('input.spot');
    });

    it('unknown type, unknown model, a model that does not serve the type, unknown fields', async () => {
      const unknownType = await request(t.http).post(TASKS).send({ type: 'astrology', input: {} }).expect(400);
      expect(unknownType.body.error.details.fields[0].field).toBe('type');
      const unknownModel = await request(t.http)
        .post(TASKS)
        .send({ type: 'options_pricing', model: 'gpt-oracle', input: {} })
        .expect(400);
      expect(unknownModel.body.error.details.fields[0].field).toBe('model');
      const wrongModel = await request(t.http)
        .post(TASKS)
        .send({ type: 'options_pricing', model: 'fixed-income', input: {} })
        .expect(400);
      expect(wrongModel.body.error.details.fields[0].field).toBe('model');
      const extra = await request(t.http)
        .post(TASKS)
        .send({ type: 'options_pricing', input: {}, colour: 'red' })
        .expect(400);
      expect(extra.body.error.details.fields[0].field).toBe('colour');
      const wrongClass = await request(t.http)
        .post(TASKS)
        .send({
          type: 'technical_analysis',
          model: 'forex-technical',
          input: { assetClass: 'crypto', candles: walk(20), indicators: [{ name: 'sma', period: 5 }] },
        })
        .expect(400);
      expect(wrongClass.body.error.details.fields[0].field).toBe('input.assetClass');
    });

    it('market_commentary with no LLM configured → 503 PROVIDER_UNAVAILABLE at once', async () => {
      const res = await request(t.http)
        .post(TASKS)
        .send({ type: 'market_commentary', input: { question: 'Why?' } })
        .expect(503);
      expect(res.body.error.code).toBe('PROVIDER_UNAVAILABLE');
    });
  });
});
