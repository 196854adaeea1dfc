import { sampleCorrelation, sampleCovariance, sampleVariance } from 'simple-statistics';
import { AssetClass, checkAssetClass, periodsPerYear as ppyOf } from './asset-classes';
import { Problem, QuantInputError, checkFiniteNumber, inputFields, notAnObject } from './problems';
import { ReturnSource, resolveReturns, validateReturnSource } from './returns';
import { mean, normInv, normPdf, quantile7, sampleStd } from './stats';

/**
 * risk_assessment (issue 4). Definitions, for simple returns r₁…rₙ:
 * - mean return: arithmetic mean per period; annualised return = mean × periodsPerYear;
 * - volatility: sample standard deviation s (n − 1); annualised volatility = s·√periodsPerYear;
 * - per confidence level p:
 *   historical VaR = −q, q the (1 − p) quantile of the returns with linear interpolation between
 *     order statistics (type 7);
 *   parametric (normal) VaR = −(mean + s·Φ⁻¹(1 − p)) = s·z_p − mean;
 *   expected shortfall = −mean of the returns at or below −historical VaR;
 *   parametric expected shortfall = s·φ(z_p)/(1 − p) − mean;
 *   all as positive fractions of value for a loss (negative when even the tail is a gain);
 * - maximum drawdown of the price path (the closes, the prices, or a path built from 1 by
 *   compounding the returns): max over t of (running peak − Pₜ)/running peak, a positive fraction;
 * - risk-free rate per period rf = annual rate / periodsPerYear;
 * - Sharpe = mean(r − rf) / s × √periodsPerYear;
 * - Sortino = mean(r − rf) / DD × √periodsPerYear, DD = √(mean over ALL periods of min(0, r − rf)²);
 * - beta = sample cov(r, b) / sample var(b) and Pearson correlation against the benchmark returns b
 *   (same number of periods).
 */
export const RISK_DEFINITIONS =
  `Returns are simple returns (P_t/P_{t-1} - 1). Volatility is the sample standard deviation (n-1) times ` +
  `sqrt(periodsPerYear). Historical VaR at confidence p is minus the (1-p) quantile of returns with linear ` +
  `interpolation between order statistics (type 7); parametric VaR is sd*z_p - mean; expected shortfall is minus ` +
  `the mean of returns at or below -VaR. Maximum drawdown is the largest fall from a running peak of the price ` +
  `path, as a positive fraction. The risk-free rate per period is the annual rate / periodsPerYear. Sharpe = mean ` +
  `excess return / sd * sqrt(periodsPerYear); Sortino uses the downside deviation sqrt(mean(min(0, r - rf)^2)) ` +
  `over all periods. Beta = cov(r, b)/var(b) with sample statistics; correlation is Pearson's.`;

export const DEFAULT_CONFIDENCE_LEVELS = [0.95, 0.99];
export const DEFAULT_PERIODS_PER_YEAR = 252;

export interface RiskAssessmentInput extends ReturnSource {
  assetClass?: AssetClass;
  benchmark?: ReturnSource;
  confidenceLevels?: number[];
  /** Annual risk-free rate as a fraction (0.03 = 3 %). Default 0. */
  riskFreeRate?: number;
  /** Default from the asset class (252, 365 crypto, 260 forex), else 252. */
  periodsPerYear?: number;
}

export interface VarFigure {
  confidence: number;
  historicalVaR: number;
  parametricVaR: number;
  expectedShortfall: number;
  parametricExpectedShortfall: number;
}

export interface RiskAssessmentResult {
  periods: number;
  periodsPerYear: number;
  meanReturn: number;
  annualizedReturn: number;
  volatility: number;
  annualizedVolatility: number;
  var: VarFigure[];
  maxDrawdown: number;
  riskFreeRatePerPeriod: number;
  sharpe: number | null;
  sortino: number | null;
  downsideDeviation: number;
  beta: number | null;
  correlation: number | null;
}

/** Largest peak-to-trough fall of a price path, as a positive fraction (0 when it never falls). */
export function maxDrawdown(prices: readonly number[]): number {
  let peak = -Infinity;
  let mdd = 0;
  for (const p of prices) {
    if (p > peak) peak = p;
    else if (peak > 0) mdd = Math.max(mdd, (peak - p) / peak);
  }
  return mdd;
}

/** Historical VaR, expected shortfall and their normal counterparts at confidence p. */
export function valueAtRisk(returns: readonly number[], p: number): VarFigure {
  const m = mean(returns);
  const s = sampleStd(returns);
  const q = quantile7(returns, 1 - p);
  let tailSum = 0;
  let tailN = 0;
  for (const r of returns) {
    if (r <= q) {
      tailSum += r;
      tailN++;
    }
  }
  const z = normInv(p);
  return {
    confidence: p,
    historicalVaR: -q,
    parametricVaR: s * z - m,
    expectedShortfall: -(tailSum / tailN),
    parametricExpectedShortfall: (s * normPdf(z)) / (1 - p) - m,
  };
}

/** Optional `confidenceLevels`: 1 to 10 levels, each from 0.5 to 0.9999. */
export function checkConfidenceLevels(problems: Problem[], levels: unknown): void {
  if (levels === undefined) return;
  if (!Array.isArray(levels) || levels.length === 0 || levels.length > 10) {
    problems.push({ field: 'confidenceLevels', message: 'must be an array of 1 to 10 levels' });
    return;
  }
  levels.forEach((c: unknown, i: number) =>
    checkFiniteNumber(problems, c, `confidenceLevels[${i}]`, { min: 0.5, max: 0.9999 }),
  );
}

export function validateRiskAssessment(input: unknown): Problem[] {
  const o = inputFields(input);
  if (!o) return notAnObject();
  const problems = validateReturnSource(o, '', 2);
  checkAssetClass(problems, o.assetClass);
  checkConfidenceLevels(problems, o.confidenceLevels);
  checkFiniteNumber(problems, o.riskFreeRate, 'riskFreeRate', { optional: true, min: -1, max: 1 });
  checkFiniteNumber(problems, o.periodsPerYear, 'periodsPerYear', { optional: true, min: 1, max: 525_600 });
  if (o.benchmark !== undefined) {
    const bp = validateReturnSource(o.benchmark, 'benchmark', 2);
    problems.push(...bp);
    if (bp.length === 0 && problems.length === 0) {
      const a = resolveReturns(o as ReturnSource).returns.length;
      const b = resolveReturns(o.benchmark as ReturnSource).returns.length;
      if (a !== b)
        problems.push({
          field: 'benchmark',
          message: `must give as many periods as the asset (${a} returns; benchmark has ${b})`,
        });
    }
  }
  return problems;
}

/** risk_assessment: see the definitions above. Throws {@link QuantInputError} on bad input. */
export function riskAssessment(input: RiskAssessmentInput): RiskAssessmentResult {
  const problems = validateRiskAssessment(input);
  if (problems.length > 0) throw new QuantInputError(problems);
  const { returns, prices } = resolveReturns(input);
  const ppy = input.periodsPerYear ?? (input.assetClass ? ppyOf(input.assetClass) : DEFAULT_PERIODS_PER_YEAR);
  const rf = (input.riskFreeRate ?? 0) / ppy;
  const n = returns.length;
  const m = mean(returns);
  const s = sampleStd(returns);
  let downSq = 0;
  for (const r of returns) {
    const d = Math.min(0, r - rf);
    downSq += d * d;
  }
  const dd = Math.sqrt(downSq / n);
  const excess = m - rf;
  let beta: number | null = null;
  let correlation: number | null = null;
  if (input.benchmark) {
    const b = resolveReturns(input.benchmark).returns;
    const vb = sampleVariance(b);
    beta = vb > 0 ? sampleCovariance(returns, b) / vb : null;
    const corr = s > 0 && vb > 0 ? sampleCorrelation(returns, b) : NaN;
    correlation = Number.isFinite(corr) ? corr : null;
  }
  return {
    periods: n,
    periodsPerYear: ppy,
    meanReturn: m,
    annualizedReturn: m * ppy,
    volatility: s,
    annualizedVolatility: s * Math.sqrt(ppy),
    var: (input.confidenceLevels ?? DEFAULT_CONFIDENCE_LEVELS).map((p) => valueAtRisk(returns, p)),
    maxDrawdown: maxDrawdown(prices),
    riskFreeRatePerPeriod: rf,
    sharpe: s > 0 ? (excess / s) * Math.sqrt(ppy) : null,
    sortino: dd > 0 ? (excess / dd) * Math.sqrt(ppy) : null,
    downsideDeviation: dd,
    beta,
    correlation,
  };
}
