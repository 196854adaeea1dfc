/** What a limit bounds: gross notional, one position, VaR, drawdown, or the largest weight. */
export const RISK_METRICS = ['notional', 'position', 'var', 'drawdown', 'concentration'] as const;
export type RiskMetric = (typeof RISK_METRICS)[number];

/** A tenant's limit, for the whole tenant (desk null) or one desk; position limits may name a symbol. */
export interface RiskLimit {
  id: string;
  tenant: string;
  desk: string | null;
  metric: RiskMetric;
  /** Only for `position`: the symbol it bounds; null bounds every symbol's position. */
  symbol: string | null;
  max: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A limit to set: it replaces the tenant's limit of the same desk, metric and symbol. */
export interface RiskLimitInput {
  desk?: string | null;
  metric: RiskMetric;
  symbol?: string | null;
  max: number;
}

/**
 * What a risk gate checks, as its node computes it from the run state: gross notional of the
 * proposed trades, position value per symbol after them, value at risk and drawdown (a positive
 * fraction), concentration (the largest weight; from the positions when not given), and the
 * reference prices an approval's price band is measured from.
 */
export interface Exposure {
  notional?: number;
  positions?: Record<string, number>;
  var?: number;
  drawdown?: number;
  concentration?: number;
  prices?: Record<string, number>;
}

/** One limit a gate found exceeded (or could not check: `value` null). */
export interface Breach {
  limitId: string;
  metric: RiskMetric;
  desk: string | null;
  symbol: string | null;
  value: number | null;
  max: number;
  message: string;
}
