import { sampleCovariance } from 'simple-statistics';
import { AssetClass, checkAssetClass, periodsPerYear as ppyOf } from './asset-classes';
import { Problem, QuantInputError, checkFiniteNumber, isFiniteNumber, inputFields, notAnObject } from './problems';
import { ReturnSource, resolveReturns, validateReturnSource } from './returns';
import {
  DEFAULT_CONFIDENCE_LEVELS,
  DEFAULT_PERIODS_PER_YEAR,
  VarFigure,
  checkConfidenceLevels,
  valueAtRisk,
} from './risk';
import { mean, normInv } from './stats';

/**
 * portfolio_risk. Weights are given (`weight` on every asset, used as is) or derived from positions
 * (`value`, or `quantity` × `price`, where price defaults to the last price of the asset's series):
 * wᵢ = valueᵢ / Σ value (short positions are negative values).
 * With Σ the sample covariance matrix (n − 1) of the assets' simple returns over the same periods:
 *   portfolio volatility σₚ = √(wᵀΣw) per period, × √periodsPerYear annualised;
 *   marginal contribution (Σw)ᵢ/σₚ; risk contribution RCᵢ = wᵢ(Σw)ᵢ/σₚ (Σ RCᵢ = σₚ), and its share
 *   RCᵢ/σₚ (shares sum to 1);
 *   diversification ratio = Σ wᵢσᵢ / σₚ (1 for perfectly correlated assets, √n for n uncorrelated
 *   equal-volatility equal-weight assets);
 *   VaR of the portfolio return series rₚ,ₜ = Σ wᵢ rᵢ,ₜ (weights held constant): historical, normal
 *   (σₚ·z − wᵀμ) and expected shortfall as in risk_assessment; in money when the portfolio value is
 *   known (from positions, or `portfolioValue`).
 */
export interface PortfolioAsset extends ReturnSource {
  symbol: string;
  weight?: number;
  value?: number;
  quantity?: number;
  price?: number;
}

export interface PortfolioRiskInput {
  assets: PortfolioAsset[];
  assetClass?: AssetClass;
  periodsPerYear?: number;
  confidenceLevels?: number[];
  /** Money value of the portfolio, when weights are given (positions imply it). */
  portfolioValue?: number;
}

export interface AssetRisk {
  symbol: string;
  weight: number;
  meanReturn: number;
  volatility: number;
  annualizedVolatility: number;
  marginalContribution: number;
  riskContribution: number;
  riskContributionShare: number;
}

export interface PortfolioRiskResult {
  periods: number;
  periodsPerYear: number;
  weights: Record<string, number>;
  weightSum: number;
  portfolioValue: number | null;
  meanReturn: number;
  volatility: number;
  annualizedVolatility: number;
  diversificationRatio: number | null;
  assets: AssetRisk[];
  covariance: number[][];
  correlation: number[][];
  var: (VarFigure & { historicalVaRValue: number | null; parametricVaRValue: number | null })[];
}

export const MAX_PORTFOLIO_ASSETS = 200;

export function validatePortfolioRisk(input: unknown): Problem[] {
  const o = inputFields(input);
  if (!o) return notAnObject();
  const problems: Problem[] = [];
  checkAssetClass(problems, o.assetClass);
  checkFiniteNumber(problems, o.periodsPerYear, 'periodsPerYear', { optional: true, min: 1, max: 525_600 });
  checkFiniteNumber(problems, o.portfolioValue, 'portfolioValue', { optional: true, min: 0, exclusiveMin: true });
  checkConfidenceLevels(problems, o.confidenceLevels);
  if (!Array.isArray(o.assets) || o.assets.length === 0 || o.assets.length > MAX_PORTFOLIO_ASSETS) {
    problems.push({ field: 'assets', message: `must be an array of 1 to ${MAX_PORTFOLIO_ASSETS} assets` });
    return problems;
  }
  const assets = o.assets as unknown[];
  let byWeight = 0;
  let byPosition = 0;
  const symbols = new Set<string>();
  let periods: number | undefined;
  assets.forEach((a, i) => {
    const f = `assets[${i}]`;
    if (a === null || typeof a !== 'object' || Array.isArray(a)) {
      problems.push({ field: f, message: 'must be an object' });
      return;
    }
    const x = a as Record<string, unknown>;
    if (typeof x.symbol !== 'string' || x.symbol === '')
      problems.push({ field: `${f}.symbol`, message: 'is required (a string)' });
    else if (symbols.has(x.symbol)) problems.push({ field: `${f}.symbol`, message: `duplicate symbol "${x.symbol}"` });
    else symbols.add(x.symbol);
    const sp = validateReturnSource(x, f, 2);
    problems.push(...sp);
    if (sp.length === 0) {
      const n = resolveReturns(x as ReturnSource).returns.length;
      if (periods === undefined) periods = n;
      else if (n !== periods)
        problems.push({ field: f, message: `has ${n} returns; every asset must cover the same ${periods} periods` });
    }
    if (x.weight !== undefined) {
      byWeight++;
      checkFiniteNumber(problems, x.weight, `${f}.weight`, { min: -10, max: 10 });
    } else if (x.value !== undefined) {
      byPosition++;
      checkFiniteNumber(problems, x.value, `${f}.value`);
    } else if (x.quantity !== undefined) {
      byPosition++;
      checkFiniteNumber(problems, x.quantity, `${f}.quantity`);
      if (x.price !== undefined) checkFiniteNumber(problems, x.price, `${f}.price`, { min: 0, exclusiveMin: true });
      else if (x.returns !== undefined)
        problems.push({ field: `${f}.price`, message: 'is required with quantity when only returns are given' });
    } else {
      problems.push({ field: `${f}.weight`, message: 'give weight, value, or quantity (× price)' });
    }
  });
  if (byWeight > 0 && byPosition > 0)
    problems.push({ field: 'assets', message: 'give weights for every asset or positions for every asset, not a mix' });
  if (problems.length === 0) {
    const { weights } = resolveWeights(o.assets as PortfolioAsset[]);
    const sum = weights.reduce((s, w) => s + w, 0);
    if (!isFiniteNumber(sum) || Math.abs(sum) < 1e-12)
      problems.push({ field: 'assets', message: 'weights (or position values) must not sum to 0' });
  }
  return problems;
}

function resolveWeights(assets: PortfolioAsset[]): { weights: number[]; value: number | null } {
  if (assets[0].weight !== undefined) return { weights: assets.map((a) => a.weight as number), value: null };
  const values = assets.map((a) => {
    if (a.value !== undefined) return a.value;
    const price = a.price ?? resolveReturns(a).prices.at(-1)!;
    return (a.quantity as number) * price;
  });
  const total = values.reduce((s, v) => s + v, 0);
  return { weights: values.map((v) => v / total), value: total };
}

/** portfolio_risk: see the definitions above. Throws {@link QuantInputError} on bad input. */
export function portfolioRisk(input: PortfolioRiskInput): PortfolioRiskResult {
  const problems = validatePortfolioRisk(input);
  if (problems.length > 0) throw new QuantInputError(problems);
  const ppy = input.periodsPerYear ?? (input.assetClass ? ppyOf(input.assetClass) : DEFAULT_PERIODS_PER_YEAR);
  const series = input.assets.map((a) => resolveReturns(a).returns);
  const { weights, value } = resolveWeights(input.assets);
  const k = series.length;
  const T = series[0].length;
  const cov: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const c = sampleCovariance(series[i], series[j]);
      cov[i][j] = c;
      cov[j][i] = c;
    }
  }
  const vols = cov.map((row, i) => Math.sqrt(row[i]));
  const corr = cov.map((row, i) =>
    row.map((c, j) => (i === j ? 1 : vols[i] > 0 && vols[j] > 0 ? c / (vols[i] * vols[j]) : 0)),
  );
  const sigmaW = cov.map((row) => row.reduce((s, c, j) => s + c * weights[j], 0));
  const variance = weights.reduce((s, w, i) => s + w * sigmaW[i], 0);
  const sp = Math.sqrt(Math.max(0, variance));
  const means = series.map((r) => mean(r));
  const pr = new Array<number>(T);
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += weights[i] * series[i][t];
    pr[t] = s;
  }
  const pm = weights.reduce((s, w, i) => s + w * means[i], 0);
  const portfolioValue = value ?? input.portfolioValue ?? null;
  const weighted = weights.reduce((s, w, i) => s + w * vols[i], 0);
  return {
    periods: T,
    periodsPerYear: ppy,
    weights: Object.fromEntries(input.assets.map((a, i) => [a.symbol, weights[i]])),
    weightSum: weights.reduce((s, w) => s + w, 0),
    portfolioValue,
    meanReturn: pm,
    volatility: sp,
    annualizedVolatility: sp * Math.sqrt(ppy),
    diversificationRatio: sp > 0 ? weighted / sp : null,
    assets: input.assets.map((a, i) => ({
      symbol: a.symbol,
      weight: weights[i],
      meanReturn: means[i],
      volatility: vols[i],
      annualizedVolatility: vols[i] * Math.sqrt(ppy),
      marginalContribution: sp > 0 ? sigmaW[i] / sp : 0,
      riskContribution: sp > 0 ? (weights[i] * sigmaW[i]) / sp : 0,
      riskContributionShare: sp > 0 ? (weights[i] * sigmaW[i]) / variance : 0,
    })),
    covariance: cov,
    correlation: corr,
    var: (input.confidenceLevels ?? DEFAULT_CONFIDENCE_LEVELS).map((p) => {
      const v = valueAtRisk(pr, p);
      // parametric VaR from the covariance matrix: identical to the one from the series' own std
      const parametricVaR = sp * normInv(p) - pm;
      return {
        ...v,
        parametricVaR,
        historicalVaRValue: portfolioValue === null ? null : v.historicalVaR * portfolioValue,
        parametricVaRValue: portfolioValue === null ? null : parametricVaR * portfolioValue,
      };
    }),
  };
}
