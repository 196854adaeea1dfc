/**
 * Quantitative engines behind the built-in specialist models: pure, deterministic functions with
 * no Nest dependency. Each task type has a `validate…(input): Problem[]` and a compute function that
 * throws {@link QuantInputError} (carrying the same problems) on invalid input.
 */
export * from './problems';
export * from './asset-classes';
export * from './candles';
export * from './returns';
export { normCdf, normInv, normPdf, quantile7 } from './stats';

export * from './indicators/series';
export * from './indicators/moving-averages';
export * from './indicators/momentum';
export * from './indicators/volatility';
export * from './indicators/trend';
export * from './indicators/volume';
export * from './indicators/registry';
export * from './technical-analysis';

export * from './risk';
export * from './signal';
export * from './options';
export * from './bonds';
export * from './fundamentals';
export * from './sentiment';
export * from './portfolio';
export * from './progress';

import { Problem } from './problems';
import type { ProgressReporter } from './progress';
import { technicalAnalysis, validateTechnicalAnalysis } from './technical-analysis';
import { tradingSignal, validateTradingSignal } from './signal';
import { riskAssessment, validateRiskAssessment } from './risk';
import { financialAnalysis, validateFinancialAnalysis } from './fundamentals';
import { optionsPricing, validateOptionsPricing } from './options';
import { bondAnalysis, validateBondAnalysis } from './bonds';
import { portfolioRisk, validatePortfolioRisk } from './portfolio';
import { sentimentAnalysis, validateSentimentAnalysis } from './sentiment';

export type QuantTaskType =
  | 'technical_analysis'
  | 'trading_signal'
  | 'risk_assessment'
  | 'financial_analysis'
  | 'options_pricing'
  | 'bond_analysis'
  | 'portfolio_risk'
  | 'sentiment_analysis';

export interface QuantTaskEngine {
  validate(input: unknown): Problem[];
  /** `progress` is given only when {@link reportsProgress} says the engine reports for this input. */
  run(input: unknown, progress?: ProgressReporter): unknown;
}

/** One validate/run pair per task type, for the model layer to dispatch on. */
export const QUANT_TASK_ENGINES: Readonly<Record<QuantTaskType, QuantTaskEngine>> = Object.freeze({
  technical_analysis: {
    validate: validateTechnicalAnalysis,
    run: (i: unknown, progress?: ProgressReporter) => technicalAnalysis(i as never, progress),
  },
  trading_signal: { validate: validateTradingSignal, run: (i: unknown) => tradingSignal(i as never) },
  risk_assessment: { validate: validateRiskAssessment, run: (i: unknown) => riskAssessment(i as never) },
  financial_analysis: { validate: validateFinancialAnalysis, run: (i: unknown) => financialAnalysis(i as never) },
  options_pricing: { validate: validateOptionsPricing, run: (i: unknown) => optionsPricing(i as never) },
  bond_analysis: { validate: validateBondAnalysis, run: (i: unknown) => bondAnalysis(i as never) },
  portfolio_risk: { validate: validatePortfolioRisk, run: (i: unknown) => portfolioRisk(i as never) },
  sentiment_analysis: { validate: validateSentimentAnalysis, run: (i: unknown) => sentimentAnalysis(i as never) },
});

export const QUANT_TASK_TYPES = Object.keys(QUANT_TASK_ENGINES) as QuantTaskType[];
