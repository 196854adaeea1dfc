import { Candle, MAX_PRICE_MAGNITUDE, validateCandles } from './candles';
import { Problem, checkNumberArray, isFiniteNumber } from './problems';

/** A return series given one of three ways: candles (their closes), prices, or simple returns. */
export interface ReturnSource {
  candles?: Candle[];
  prices?: number[];
  returns?: number[];
}

/** Simple returns rₜ = Pₜ / Pₜ₋₁ − 1. */
export function simpleReturns(prices: readonly number[]): number[] {
  const r = new Array<number>(Math.max(0, prices.length - 1));
  for (let i = 1; i < prices.length; i++) r[i - 1] = prices[i] / prices[i - 1] - 1;
  return r;
}

/** Price path from simple returns, starting at `start` (default 1): Pₜ = Pₜ₋₁·(1 + rₜ). */
export function pricePath(returns: readonly number[], start = 1): number[] {
  const p = new Array<number>(returns.length + 1);
  p[0] = start;
  for (let i = 0; i < returns.length; i++) p[i + 1] = p[i] * (1 + returns[i]);
  return p;
}

/** Validates a {@link ReturnSource} at `field`: exactly one of candles / prices / returns. */
export function validateReturnSource(src: unknown, field: string, minReturns: number): Problem[] {
  const problems: Problem[] = [];
  const at = (k: string) => (field ? `${field}.${k}` : k);
  if (src === null || typeof src !== 'object' || Array.isArray(src)) {
    return [{ field: field || 'input', message: 'must be an object with candles, prices or returns' }];
  }
  const o = src as Record<string, unknown>;
  const given = (['candles', 'prices', 'returns'] as const).filter((k) => o[k] !== undefined);
  if (given.length !== 1) {
    return [
      {
        field: field || 'input',
        message: given.length === 0 ? 'give one of candles, prices or returns' : `give only one of ${given.join(', ')}`,
      },
    ];
  }
  const k = given[0];
  if (k === 'candles') {
    problems.push(...validateCandles(o.candles, { field: at('candles'), minLength: minReturns + 1 }));
    if (problems.length === 0) {
      (o.candles as Candle[]).forEach((c, i) => {
        if (c.close <= 0 && problems.length < 20)
          problems.push({
            field: `${at('candles')}[${i}].close`,
            message: 'must be greater than 0 to compute returns',
          });
      });
    }
  } else if (k === 'prices') {
    const bounds = { minLength: minReturns + 1, positive: true, maxMagnitude: MAX_PRICE_MAGNITUDE };
    checkNumberArray(problems, o.prices, at('prices'), bounds);
  } else {
    checkNumberArray(problems, o.returns, at('returns'), { minLength: minReturns });
    if (Array.isArray(o.returns)) {
      (o.returns as unknown[]).forEach((r, i) => {
        if (isFiniteNumber(r) && r < -1 && problems.length < 20) {
          problems.push({ field: `${at('returns')}[${i}]`, message: 'a simple return cannot be below −1 (−100%)' });
        }
      });
      problems.sort((a, b) => a.field.localeCompare(b.field, 'en', { numeric: true }));
    }
  }
  return problems;
}

/** Returns and price path of a validated source (a path from 1 when only returns are given). */
export function resolveReturns(src: ReturnSource): { returns: number[]; prices: number[] } {
  if (src.returns) return { returns: [...src.returns], prices: pricePath(src.returns) };
  const prices = src.prices ? [...src.prices] : (src.candles as Candle[]).map((c) => c.close);
  return { returns: simpleReturns(prices), prices };
}
