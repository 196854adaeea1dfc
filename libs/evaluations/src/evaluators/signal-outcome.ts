/** A trading signal scored against what the market did next. */
export interface SignalOutcome {
  /** +1 buy, −1 sell, 0 hold. */
  direction: number;
  confidence: number;
  /** close[horizon] / close[signal] − 1. */
  forwardReturn: number;
  /** Direction right (1) or wrong (0); null for a hold, which takes no side. */
  hit: number | null;
  /** direction × forwardReturn: what following the signal returned. */
  signalReturn: number;
  /** signalReturn ÷ confidence: return earned per unit of the confidence the model stated; null at 0 confidence. */
  returnPerConfidence: number | null;
}

const DIRECTIONS: Record<string, number> = { buy: 1, sell: -1, hold: 0 };

/**
 * Scores one signal: `lastClose` is the close the signal was computed on, `forwardCloses` the
 * closes of the following bars; the outcome is read `horizon` bars later.
 */
export function scoreSignal(
  signal: { action: string; confidence: number },
  lastClose: number,
  forwardCloses: readonly number[],
  horizon: number,
): SignalOutcome | null {
  const direction = DIRECTIONS[signal.action];
  const exit = forwardCloses[horizon - 1];
  if (direction === undefined || !(lastClose > 0) || !(exit > 0)) return null;
  const forwardReturn = exit / lastClose - 1;
  const signalReturn = direction * forwardReturn;
  return {
    direction,
    confidence: signal.confidence,
    forwardReturn,
    hit: direction === 0 ? null : Math.sign(forwardReturn) === direction ? 1 : 0,
    signalReturn,
    returnPerConfidence: signal.confidence > 0 ? signalReturn / signal.confidence : null,
  };
}

/** Aggregate of many signals of one model version. */
export interface SignalAggregate {
  signals: number;
  /** Signals that took a side (buy or sell). */
  directional: number;
  /** Hits ÷ directional signals; null when none took a side. */
  hitRate: number | null;
  /** Mean signalReturn over directional signals. */
  averageReturn: number | null;
  /**
   * Information coefficient: Spearman rank correlation between the signed forecast
   * (direction × confidence) and the realised forward return, over every signal.
   */
  informationCoefficient: number | null;
}

/** Average ranks (ties share their mean rank), 1-based. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k][1]] = rank;
    i = j + 1;
  }
  return out;
}

/** Pearson correlation; null when either side does not vary. */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n < 2) return null;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

export function spearman(x: readonly number[], y: readonly number[]): number | null {
  return pearson(ranks(x), ranks(y));
}

export function aggregateSignals(outcomes: readonly SignalOutcome[]): SignalAggregate {
  const directional = outcomes.filter((o) => o.direction !== 0);
  const hits = directional.filter((o) => o.hit === 1).length;
  return {
    signals: outcomes.length,
    directional: directional.length,
    hitRate: directional.length ? hits / directional.length : null,
    averageReturn: directional.length ? directional.reduce((s, o) => s + o.signalReturn, 0) / directional.length : null,
    informationCoefficient: spearman(
      outcomes.map((o) => o.direction * o.confidence),
      outcomes.map((o) => o.forwardReturn),
    ),
  };
}
