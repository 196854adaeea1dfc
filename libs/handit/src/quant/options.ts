import { Problem, QuantInputError, checkFiniteNumber, inputFields, notAnObject } from './problems';
import { normCdf, normPdf, solveBracketed } from './stats';

/**
 * Black–Scholes–Merton for European options on an asset with a continuous dividend yield q
 * (Merton 1973; Hull, "Options, Futures, and Other Derivatives", ch. 15 and 17):
 *   d1 = (ln(S/K) + (r − q + σ²/2)·T) / (σ√T),  d2 = d1 − σ√T
 *   call = S·e^(−qT)·N(d1) − K·e^(−rT)·N(d2),  put = K·e^(−rT)·N(−d2) − S·e^(−qT)·N(−d1)
 * Greeks (per unit of the underlying variable, T in years, rates and σ as fractions):
 *   delta: call e^(−qT)N(d1), put e^(−qT)(N(d1) − 1); gamma: e^(−qT)φ(d1)/(Sσ√T);
 *   vega: S·e^(−qT)φ(d1)√T (per 1.00 of σ; `vegaPerPoint` is per 1 volatility point = /100);
 *   theta (per year): −S·e^(−qT)φ(d1)σ/(2√T) ∓ rK·e^(−rT)N(±d2) ± qS·e^(−qT)N(±d1)
 *     (`thetaPerDay` = per calendar day = /365);
 *   rho: call K·T·e^(−rT)N(d2), put −K·T·e^(−rT)N(−d2) (per 1.00 of r; `rhoPerPoint` = /100).
 * Implied volatility: Newton's method on σ with vega as the derivative, safeguarded by bisection
 * on [1e-6, 10]; the market price must lie strictly inside the no-arbitrage bounds.
 */
export type OptionType = 'call' | 'put';

export interface BsmParams {
  spot: number;
  strike: number;
  /** Years to expiry. */
  timeToExpiry: number;
  /** Annual volatility as a fraction (0.2 = 20 %). */
  volatility: number;
  /** Continuously compounded annual risk-free rate. */
  riskFreeRate: number;
  /** Continuous dividend yield (or foreign rate for FX). Default 0. */
  dividendYield?: number;
}

export interface OptionValuation {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  vegaPerPoint: number;
  theta: number;
  thetaPerDay: number;
  rho: number;
  rhoPerPoint: number;
}

export interface BsmResult {
  d1: number;
  d2: number;
  call: OptionValuation;
  put: OptionValuation;
}

export function blackScholes(p: BsmParams): BsmResult {
  const { spot: S, strike: K, timeToExpiry: T, volatility: sigma, riskFreeRate: r } = p;
  const q = p.dividendYield ?? 0;
  const sqrtT = Math.sqrt(T);
  const d1 = (Math.log(S / K) + (r - q + (sigma * sigma) / 2) * T) / (sigma * sqrtT);
  const d2 = d1 - sigma * sqrtT;
  const dq = Math.exp(-q * T);
  const dr = Math.exp(-r * T);
  const nd1 = normCdf(d1);
  const nd2 = normCdf(d2);
  const nmd1 = normCdf(-d1);
  const nmd2 = normCdf(-d2);
  const pdf = normPdf(d1);
  const gamma = (dq * pdf) / (S * sigma * sqrtT);
  const vega = S * dq * pdf * sqrtT;
  const decay = (-S * dq * pdf * sigma) / (2 * sqrtT);
  const callTheta = decay - r * K * dr * nd2 + q * S * dq * nd1;
  const putTheta = decay + r * K * dr * nmd2 - q * S * dq * nmd1;
  const callRho = K * T * dr * nd2;
  const putRho = -K * T * dr * nmd2;
  const valuation = (price: number, delta: number, theta: number, rho: number): OptionValuation => ({
    price,
    delta,
    gamma,
    vega,
    vegaPerPoint: vega / 100,
    theta,
    thetaPerDay: theta / 365,
    rho,
    rhoPerPoint: rho / 100,
  });
  return {
    d1,
    d2,
    call: valuation(S * dq * nd1 - K * dr * nd2, dq * nd1, callTheta, callRho),
    put: valuation(K * dr * nmd2 - S * dq * nmd1, dq * (nd1 - 1), putTheta, putRho),
  };
}

/** No-arbitrage bounds of a European option price. */
export function priceBounds(type: OptionType, p: Omit<BsmParams, 'volatility'>): { lower: number; upper: number } {
  const q = p.dividendYield ?? 0;
  const fs = p.spot * Math.exp(-q * p.timeToExpiry);
  const fk = p.strike * Math.exp(-p.riskFreeRate * p.timeToExpiry);
  return type === 'call' ? { lower: Math.max(0, fs - fk), upper: fs } : { lower: Math.max(0, fk - fs), upper: fk };
}

/**
 * Implied volatility of a European option from its price. Returns undefined when the price is not
 * strictly inside the no-arbitrage bounds (no volatility reproduces it).
 */
export function impliedVolatility(
  type: OptionType,
  price: number,
  p: Omit<BsmParams, 'volatility'>,
): number | undefined {
  const { lower, upper } = priceBounds(type, p);
  if (!(price > lower && price < upper)) return undefined;
  const f = (s: number) => blackScholes({ ...p, volatility: s })[type].price - price;
  const df = (s: number) => blackScholes({ ...p, volatility: s })[type].vega;
  // Brenner–Subrahmanyam at-the-money approximation as the starting point
  const guess = Math.min(5, Math.max(0.01, Math.sqrt((2 * Math.PI) / p.timeToExpiry) * (price / p.spot)));
  return solveBracketed(f, df, 1e-6, 10, guess, 1e-12);
}

export interface OptionsPricingInput {
  type?: OptionType;
  spot: number;
  strike: number;
  timeToExpiry: number;
  riskFreeRate: number;
  dividendYield?: number;
  /** Volatility to price with; required unless `marketPrice` is given. */
  volatility?: number;
  /** Market price of the `type` option: its implied volatility is solved for. */
  marketPrice?: number;
}

export interface OptionsPricingResult extends BsmResult {
  /** The volatility the prices and greeks use (given, or implied from marketPrice). */
  volatility: number;
  impliedVolatility?: number;
}

export function validateOptionsPricing(input: unknown): Problem[] {
  const o = inputFields(input);
  if (!o) return notAnObject();
  const problems: Problem[] = [];
  if (o.type !== undefined && o.type !== 'call' && o.type !== 'put')
    problems.push({ field: 'type', message: 'must be "call" or "put"' });
  checkFiniteNumber(problems, o.spot, 'spot', { min: 0, exclusiveMin: true });
  checkFiniteNumber(problems, o.strike, 'strike', { min: 0, exclusiveMin: true });
  checkFiniteNumber(problems, o.timeToExpiry, 'timeToExpiry', { min: 0, exclusiveMin: true, max: 100 });
  checkFiniteNumber(problems, o.riskFreeRate, 'riskFreeRate', { min: -1, max: 1 });
  checkFiniteNumber(problems, o.dividendYield, 'dividendYield', { optional: true, min: -1, max: 1 });
  checkFiniteNumber(problems, o.volatility, 'volatility', { optional: true, min: 0, exclusiveMin: true, max: 10 });
  checkFiniteNumber(problems, o.marketPrice, 'marketPrice', { optional: true, min: 0, exclusiveMin: true });
  if (o.volatility === undefined && o.marketPrice === undefined) {
    problems.push({
      field: 'volatility',
      message: 'give volatility, or marketPrice to solve for the implied volatility',
    });
  }
  if (o.marketPrice !== undefined && o.type === undefined) {
    problems.push({ field: 'type', message: 'is required with marketPrice (the price of a call or of a put?)' });
  }
  if (problems.length === 0 && o.marketPrice !== undefined) {
    const inp = o as unknown as OptionsPricingInput;
    const b = priceBounds(inp.type as OptionType, inp);
    if (!(inp.marketPrice! > b.lower && inp.marketPrice! < b.upper)) {
      problems.push({
        field: 'marketPrice',
        message: `must lie strictly between the no-arbitrage bounds ${b.lower.toFixed(6)} and ${b.upper.toFixed(6)}`,
      });
    }
  }
  return problems;
}

/** options_pricing: BSM prices and greeks of the call and the put; implied volatility from a price. */
export function optionsPricing(input: OptionsPricingInput): OptionsPricingResult {
  const problems = validateOptionsPricing(input);
  if (problems.length > 0) throw new QuantInputError(problems);
  let iv: number | undefined;
  if (input.marketPrice !== undefined) {
    iv = impliedVolatility(input.type as OptionType, input.marketPrice, input);
    if (iv === undefined)
      throw new QuantInputError([{ field: 'marketPrice', message: 'no volatility reproduces this price' }]);
  }
  const volatility = input.volatility ?? (iv as number);
  return {
    volatility,
    ...(iv !== undefined ? { impliedVolatility: iv } : {}),
    ...blackScholes({ ...input, volatility }),
  };
}
