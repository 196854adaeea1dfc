import { BUILT_IN_VERSION } from '../governance/governance.types';
import type { QuantModelSpec } from './quant-model';

const TECHNICAL = ['technical_analysis', 'trading_signal', 'risk_assessment'] as const;
const V = BUILT_IN_VERSION;

/**
 * The built-in specialists. Technical models differ by their market's domain parameters
 * (annualisation 252 / 260 / 365, pip or tick size, leverage limit, session or 24/7 hours), which
 * they apply to inputs that do not state an asset class.
 */
export const QUANT_MODEL_SPECS: readonly QuantModelSpec[] = [
  {
    id: 'forex-technical',
    name: 'Forex technical analyst',
    version: V,
    primaryAssetClass: 'forex',
    assetClasses: ['forex'],
    taskTypes: [...TECHNICAL],
    description:
      'Indicators, signals and risk for currency pairs: 260 trading days a year, pip = 0.0001, 24/5 sessions.',
  },
  {
    id: 'crypto-technical',
    name: 'Crypto technical analyst',
    version: V,
    primaryAssetClass: 'crypto',
    assetClasses: ['crypto'],
    taskTypes: [...TECHNICAL],
    description: 'Indicators, signals and risk for crypto assets traded 24/7: 365 periods a year.',
  },
  {
    id: 'equities-technical',
    name: 'Equities technical analyst',
    version: V,
    primaryAssetClass: 'equities',
    assetClasses: ['equities'],
    taskTypes: [...TECHNICAL],
    description: 'Indicators, signals and risk for listed shares: 252 trading days, exchange sessions.',
  },
  {
    id: 'commodities-technical',
    name: 'Commodities technical analyst',
    version: V,
    primaryAssetClass: 'commodities',
    assetClasses: ['commodities'],
    taskTypes: [...TECHNICAL],
    description: 'Indicators, signals and risk for commodities (metals, energy, agriculture): 252 trading days.',
  },
  {
    id: 'indices-technical',
    name: 'Indices technical analyst',
    version: V,
    primaryAssetClass: 'indices',
    assetClasses: ['indices'],
    taskTypes: [...TECHNICAL],
    description: 'Indicators, signals and risk for equity indices: 252 trading days, index points.',
  },
  {
    id: 'etf-specialist',
    name: 'ETF specialist',
    version: V,
    primaryAssetClass: 'etfs',
    assetClasses: ['etfs'],
    taskTypes: [...TECHNICAL],
    description: 'Indicators, signals and risk for exchange-traded funds: 252 trading days, cent ticks.',
  },
  {
    id: 'futures-specialist',
    name: 'Futures specialist',
    version: V,
    primaryAssetClass: 'futures',
    assetClasses: ['futures'],
    taskTypes: [...TECHNICAL],
    description:
      'Indicators, signals and risk for futures contracts: 252 trading days, contract ticks, near-24h sessions.',
  },
  {
    id: 'equity-fundamentals',
    name: 'Equity fundamentals analyst',
    version: V,
    primaryAssetClass: 'equities',
    assetClasses: ['equities'],
    taskTypes: ['financial_analysis'],
    description:
      'Margins, returns on capital, leverage, liquidity, growth, valuation multiples and a DCF with stated ' +
      'assumptions.',
  },
  {
    id: 'options-pricer',
    name: 'Options pricing engine',
    version: V,
    primaryAssetClass: 'options',
    assetClasses: ['options'],
    taskTypes: ['options_pricing'],
    description:
      'Black-Scholes-Merton prices and greeks for calls and puts with dividend yield; implied volatility from a price.',
  },
  {
    id: 'fixed-income',
    name: 'Fixed income analyst',
    version: V,
    primaryAssetClass: 'bonds',
    assetClasses: ['bonds'],
    taskTypes: ['bond_analysis'],
    description:
      'Bond price from yield, yield to maturity from price, Macaulay and modified duration, convexity, DV01.',
  },
  {
    id: 'market-risk-engine',
    name: 'Market risk engine',
    version: V,
    assetClasses: ['forex', 'crypto', 'equities', 'commodities', 'indices', 'etfs', 'futures', 'bonds'],
    taskTypes: ['risk_assessment'],
    description:
      'Historical and parametric VaR, expected shortfall, drawdown, Sharpe, Sortino, beta for any asset class.',
  },
  {
    id: 'portfolio-risk',
    name: 'Portfolio risk engine',
    version: V,
    assetClasses: ['forex', 'crypto', 'equities', 'commodities', 'indices', 'etfs', 'futures', 'bonds'],
    taskTypes: ['portfolio_risk'],
    description:
      'Portfolio volatility and VaR from weights and return series; covariance and correlation matrices; risk ' +
      'contributions.',
  },
  {
    id: 'news-sentiment',
    name: 'News sentiment analyst',
    version: V,
    assetClasses: ['forex', 'crypto', 'equities', 'commodities', 'indices', 'etfs', 'futures', 'bonds'],
    taskTypes: ['sentiment_analysis'],
    description:
      'Lexicon-based headline sentiment (AFINN-165 with a finance word list), per item and aggregated, with the ' +
      'words that drove it.',
  },
];

/** Which model serves a type when the request names no model and no asset class matches. */
export const DEFAULT_MODEL_FOR_TYPE: Readonly<Record<string, string>> = {
  technical_analysis: 'equities-technical',
  trading_signal: 'equities-technical',
  risk_assessment: 'market-risk-engine',
  financial_analysis: 'equity-fundamentals',
  options_pricing: 'options-pricer',
  bond_analysis: 'fixed-income',
  portfolio_risk: 'portfolio-risk',
  sentiment_analysis: 'news-sentiment',
  market_commentary: 'llm-analyst',
};
