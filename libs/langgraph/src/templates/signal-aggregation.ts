/**
 * How trading-analysis combines its Handit results into one signal. Pure, so the e2e test can
 * recompute it from the tasks' own results and compare.
 *
 * - technical score  t = trading_signal.score / 4, in [-1, 1] (four rules voting ±1)
 * - sentiment score  s = sentiment_analysis.aggregate.meanNormalized, in (-1, 1), when headlines were given
 * - combined         c = 0.7·t + 0.3·s with sentiment, else t
 * - action           buy if c ≥ 0.35, sell if c ≤ −0.35, else hold. Without headlines this is
 *                    exactly trading_signal's action (score ≥ 2 ⇔ t ≥ 0.5; score 1 ⇔ t = 0.25 < 0.35)
 * - agreement        trading_signal.confidence, blended 0.7/0.3 with 1 when sentiment points the same
 *                    way as the action (or is neutral on a hold), 0 otherwise
 * - confidence       agreement / (1 + annualised volatility from risk_assessment): the same votes
 *                    are trusted less in a more volatile market
 */
export interface TechnicalResult {
  action: 'buy' | 'sell' | 'hold';
  score: number;
  confidence: number;
  reasons: { indicator: string; value: number; rule: string; vote: number }[];
  entry: number;
  stopLoss: number | null;
  takeProfit: number | null;
}

export interface RiskResult {
  annualizedVolatility: number;
  maxDrawdown: number;
  var: { confidence: number; historicalVaR: number; parametricVaR: number; expectedShortfall?: number }[];
}

export interface SentimentResult {
  aggregate: { meanNormalized: number; label: 'positive' | 'negative' | 'neutral'; count: number };
}

export interface AggregatedSignal {
  action: 'buy' | 'sell' | 'hold';
  confidence: number;
  combinedScore: number;
  technicalScore: number;
  sentimentScore: number | null;
  riskFactor: number;
  entry: number;
  stopLoss: number | null;
  takeProfit: number | null;
  reasons: string[];
}

export const ACTION_THRESHOLD = 0.35;
const round = (x: number) => Math.round(x * 1e6) / 1e6;

export function aggregateSignal(
  technical: TechnicalResult,
  risk: RiskResult,
  sentiment: SentimentResult | null,
): AggregatedSignal {
  const t = technical.score / 4;
  const s = sentiment ? sentiment.aggregate.meanNormalized : null;
  const combined = s === null ? t : 0.7 * t + 0.3 * s;
  const action = combined >= ACTION_THRESHOLD ? 'buy' : combined <= -ACTION_THRESHOLD ? 'sell' : 'hold';
  let agreement = technical.confidence;
  if (s !== null) {
    const direction = s >= 0.05 ? 'buy' : s <= -0.05 ? 'sell' : 'hold';
    agreement = 0.7 * technical.confidence + 0.3 * (direction === action ? 1 : 0);
  }
  const riskFactor = 1 / (1 + Math.max(0, risk.annualizedVolatility));
  const var95 = risk.var.find((v) => v.confidence === 0.95) ?? risk.var[0];
  const reasons = [
    ...technical.reasons.map((r) => `${r.rule} [${r.indicator}=${round(r.value)}]`),
    ...(sentiment
      ? [
          `sentiment ${sentiment.aggregate.label} (mean ${round(sentiment.aggregate.meanNormalized)} ` +
            `over ${sentiment.aggregate.count} headlines)`,
        ]
      : []),
    `risk: annualised volatility ${round(risk.annualizedVolatility)}, max drawdown ${round(risk.maxDrawdown)}` +
      (var95 ? `, VaR ${var95.confidence} ${round(var95.historicalVaR)}` : ''),
  ];
  return {
    action,
    confidence: round(agreement * riskFactor),
    combinedScore: round(combined),
    technicalScore: round(t),
    sentimentScore: s === null ? null : round(s),
    riskFactor: round(riskFactor),
    entry: technical.entry,
    stopLoss: action === technical.action ? technical.stopLoss : null,
    takeProfit: action === technical.action ? technical.takeProfit : null,
    reasons,
  };
}
