import { ASSET_CLASSES, INDICATOR_NAMES, SIGNAL_RULES } from '../quant';
import type { TaskType } from './task.types';

export interface TaskTypeDescription {
  type: TaskType;
  description: string;
  /** JSON Schema of `input` (the engine's own validation is stricter: e.g. high ≥ low). */
  inputSchema: Record<string, unknown>;
  example: Record<string, unknown>;
  result: string;
}

const num = { type: 'number' };
const candle = {
  type: 'object',
  required: ['time', 'open', 'high', 'low', 'close', 'volume'],
  additionalProperties: false,
  properties: {
    time: {
      description: 'Unix seconds/ms or ISO-8601; strictly increasing',
      oneOf: [{ type: 'number' }, { type: 'string' }],
    },
    open: num,
    high: num,
    low: num,
    close: num,
    volume: { type: 'number', minimum: 0 },
  },
};
const candles = { type: 'array', items: candle, minItems: 1 };
const numbers = { type: 'array', items: num, minItems: 2 };
const assetClass = { type: 'string', enum: [...ASSET_CLASSES] };
const returnSource = {
  description: 'Exactly one of candles, prices or simple returns',
  properties: { candles, prices: numbers, returns: numbers },
};
const confidenceLevels = {
  type: 'array',
  items: { type: 'number', exclusiveMinimum: 0.5, exclusiveMaximum: 1 },
  default: [0.95, 0.99],
};

/** A deterministic, plausible daily series for examples (a drifting wave). */
export function exampleCandles(
  count: number,
  start = 100,
): { time: string; open: number; high: number; low: number; close: number; volume: number }[] {
  const out = [];
  let close = start;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Math.round(open * (1 + 0.004 * Math.sin(i / 3) + 0.001) * 100) / 100;
    const high = Math.round(Math.max(open, close) * 1.006 * 100) / 100;
    const low = Math.round(Math.min(open, close) * 0.994 * 100) / 100;
    out.push({ time: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(), open, high, low, close, volume: 1000 + 10 * i });
  }
  return out;
}

export const TASK_TYPE_CATALOG: readonly TaskTypeDescription[] = [
  {
    type: 'technical_analysis',
    description:
      'Indicator series, one value per candle (null during warm-up), in request order. ' +
      `Indicators: ${INDICATOR_NAMES.join(', ')}.`,
    inputSchema: {
      type: 'object',
      required: ['candles', 'indicators'],
      additionalProperties: false,
      properties: {
        symbol: { type: 'string' },
        assetClass,
        candles,
        indicators: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string', enum: [...INDICATOR_NAMES] } },
            additionalProperties: { type: 'number' },
          },
        },
      },
    },
    example: {
      symbol: 'AAPL',
      assetClass: 'equities',
      candles: exampleCandles(40),
      indicators: [
        { name: 'sma', period: 5 },
        { name: 'rsi', period: 14 },
        { name: 'macd', fast: 12, slow: 26, signal: 9 },
      ],
    },
    result: '{ candles, indicators: [{ name, params, series: { <output>: (number|null)[] } }] }',
  },
  {
    type: 'trading_signal',
    description:
      'Deterministic buy/sell/hold from RSI, MACD, trend and Bollinger rules with ATR-based stop and target. ' +
      `Rules:\n${SIGNAL_RULES}`,
    inputSchema: {
      type: 'object',
      required: ['candles'],
      additionalProperties: false,
      properties: {
        symbol: { type: 'string' },
        assetClass,
        candles,
        options: { type: 'object', additionalProperties: { type: 'number' } },
      },
    },
    example: { symbol: 'EURUSD', assetClass: 'forex', candles: exampleCandles(80, 1.08) },
    result:
      '{ action, confidence, score, reasons: [{ indicator, value, rule, vote }], entry, atr, stopLoss, ' +
      'takeProfit, riskReward, time }',
  },
  {
    type: 'risk_assessment',
    description:
      'Mean return, annualised volatility (sample std × √periodsPerYear), historical and parametric VaR, ' +
      'expected shortfall, max drawdown, Sharpe, Sortino, beta and correlation against a benchmark.',
    inputSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...returnSource.properties,
        assetClass,
        benchmark: { type: 'object', properties: returnSource.properties },
        confidenceLevels,
        riskFreeRate: num,
        periodsPerYear: { type: 'number', exclusiveMinimum: 0 },
      },
    },
    example: {
      prices: [100, 101.2, 100.4, 102.1, 101.7, 103.3, 102.9, 104.2, 103.1, 105.0, 104.4, 106.1],
      assetClass: 'equities',
      confidenceLevels: [0.95],
      riskFreeRate: 0.02,
    },
    result:
      '{ periods, meanReturn, volatility, annualizedVolatility, var: [{ confidence, historicalVaR, ' +
      'parametricVaR, expectedShortfall }], maxDrawdown, sharpe, sortino, beta?, correlation? }',
  },
  {
    type: 'financial_analysis',
    description:
      'Margins, ROE, ROA, debt/equity, current ratio, growth, P/E, EV/EBITDA, FCF yield and a DCF value with its ' +
      'stated assumptions.',
    inputSchema: {
      type: 'object',
      required: ['periods'],
      additionalProperties: false,
      properties: {
        symbol: { type: 'string' },
        price: num,
        periods: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['period', 'revenue', 'netIncome'],
            properties: { period: { type: 'string' }, revenue: num, netIncome: num },
          },
        },
        dcf: {
          type: 'object',
          required: ['discountRate', 'growthRate'],
          properties: { discountRate: num, growthRate: num, terminalGrowthRate: num, years: { type: 'integer' } },
        },
      },
    },
    example: {
      symbol: 'ACME',
      price: 50,
      periods: [
        {
          period: 'FY2024',
          revenue: 1000,
          costOfRevenue: 600,
          operatingIncome: 200,
          netIncome: 150,
          ebitda: 260,
          totalAssets: 2000,
          totalEquity: 1200,
          totalDebt: 400,
          cash: 100,
          currentAssets: 500,
          currentLiabilities: 300,
          operatingCashFlow: 220,
          capitalExpenditures: 70,
          sharesOutstanding: 100,
        },
        {
          period: 'FY2025',
          revenue: 1100,
          costOfRevenue: 650,
          operatingIncome: 230,
          netIncome: 170,
          ebitda: 295,
          totalAssets: 2150,
          totalEquity: 1320,
          totalDebt: 380,
          cash: 140,
          currentAssets: 560,
          currentLiabilities: 310,
          operatingCashFlow: 250,
          capitalExpenditures: 75,
          sharesOutstanding: 100,
        },
      ],
      dcf: { discountRate: 0.09, growthRate: 0.05, terminalGrowthRate: 0.02, years: 5 },
    },
    result: '{ periods: [ratios per period], growth, valuation, dcf }',
  },
  {
    type: 'options_pricing',
    description:
      'Black-Scholes-Merton prices and greeks (delta, gamma, vega, theta, rho) for calls and puts with ' +
      'continuous dividend yield; implied volatility when marketPrice is given.',
    inputSchema: {
      type: 'object',
      required: ['spot', 'strike', 'timeToExpiry', 'riskFreeRate'],
      additionalProperties: false,
      properties: {
        type: { type: 'string', enum: ['call', 'put'] },
        spot: num,
        strike: num,
        timeToExpiry: { type: 'number', exclusiveMinimum: 0, description: 'years' },
        riskFreeRate: num,
        dividendYield: num,
        volatility: num,
        marketPrice: num,
      },
    },
    example: { spot: 42, strike: 40, timeToExpiry: 0.5, riskFreeRate: 0.1, volatility: 0.2 },
    result:
      '{ volatility, impliedVolatility?, d1, d2, call: { price, delta, gamma, vega, theta, rho, … }, put: { … } }',
  },
  {
    type: 'bond_analysis',
    description:
      'Price from yield or yield to maturity from a clean price; accrued interest, dirty price, Macaulay and ' +
      'modified duration, convexity, DV01; on a coupon date (maturityYears) or between coupon dates ' +
      '(settlementDate, maturityDate, dayCount 30/360 | ACT/ACT | ACT/365).',
    inputSchema: {
      type: 'object',
      required: ['couponRate'],
      additionalProperties: false,
      properties: {
        faceValue: num,
        couponRate: num,
        frequency: { type: 'integer', enum: [1, 2, 4, 12] },
        maturityYears: { type: 'number', description: 'on a coupon date; or give settlementDate and maturityDate' },
        settlementDate: { type: 'string', format: 'date' },
        maturityDate: { type: 'string', format: 'date' },
        dayCount: { type: 'string', enum: ['30/360', 'ACT/ACT', 'ACT/365'], default: '30/360' },
        yield: num,
        price: { type: 'number', description: 'clean price per faceValue' },
      },
    },
    example: {
      faceValue: 100,
      couponRate: 0.0575,
      frequency: 2,
      settlementDate: '2008-02-15',
      maturityDate: '2017-11-15',
      dayCount: '30/360',
      yield: 0.065,
    },
    result:
      '{ price (clean), dirtyPrice, accruedInterest, yield, currentYield, macaulayDuration, modifiedDuration, ' +
      'convexity, dv01, periods, couponPayment, schedule? }',
  },
  {
    type: 'portfolio_risk',
    description:
      'Portfolio volatility and VaR from weights (or values, or quantities × prices) and return series; ' +
      'covariance and correlation matrices; each asset’s risk contribution.',
    inputSchema: {
      type: 'object',
      required: ['assets'],
      additionalProperties: false,
      properties: {
        assets: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['symbol'],
            properties: {
              symbol: { type: 'string' },
              weight: num,
              value: num,
              quantity: num,
              price: num,
              ...returnSource.properties,
            },
          },
        },
        assetClass,
        periodsPerYear: num,
        confidenceLevels,
        portfolioValue: num,
      },
    },
    example: {
      portfolioValue: 1_000_000,
      assets: [
        { symbol: 'AAA', weight: 0.6, returns: [0.01, -0.004, 0.006, -0.012, 0.008, 0.003, -0.002, 0.009] },
        { symbol: 'BBB', weight: 0.4, returns: [0.004, 0.002, -0.006, 0.005, -0.003, 0.007, 0.001, -0.004] },
      ],
    },
    result:
      '{ weights, volatility, annualizedVolatility, var, diversificationRatio, assets: [{ symbol, weight, ' +
      'riskContribution, … }], covariance, correlation }',
  },
  {
    type: 'sentiment_analysis',
    description:
      'Lexicon sentiment (AFINN-165 extended with finance terms) per headline and aggregated, with the words ' +
      'that drove each score.',
    inputSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        headlines: {
          type: 'array',
          items: {
            oneOf: [
              { type: 'string' },
              { type: 'object', required: ['text'], properties: { id: { type: 'string' }, text: { type: 'string' } } },
            ],
          },
        },
        text: { type: 'string' },
      },
    },
    example: {
      headlines: ['ACME beats earnings estimates and raises guidance', 'Regulator opens probe into ACME accounting'],
    },
    result: '{ items: [{ text, score, comparative, normalized, label, drivers }], aggregate }',
  },
  {
    type: 'market_commentary',
    description:
      'Commentary from the optional LLM model (llm-analyst), grounded in the context you send. 503 ' +
      'PROVIDER_UNAVAILABLE when no LLM is configured.',
    inputSchema: {
      type: 'object',
      required: ['question'],
      additionalProperties: false,
      properties: {
        question: { type: 'string', maxLength: 4000 },
        symbol: { type: 'string', maxLength: 64 },
        context: { description: 'Any JSON, at most 64 KB' },
      },
    },
    example: {
      symbol: 'AAPL',
      question: 'Summarise the momentum picture.',
      context: { rsi14: 61.2, macdHistogram: 0.35 },
    },
    result: '{ text, model, finishReason } and token usage on the task',
  },
];
