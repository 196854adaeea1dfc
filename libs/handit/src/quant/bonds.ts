import { Problem, QuantInputError, checkFiniteNumber } from './problems';
import { solveBracketed } from './stats';

/**
 * bond_analysis: a plain fixed-coupon bond valued on a coupon date (no accrued interest), with n =
 * maturityYears × frequency remaining coupons of faceValue·couponRate/frequency and the face value
 * repaid with the last one. The yield y is the nominal annual yield compounded `frequency` times a
 * year (for semi-annual coupons, the bond-equivalent yield); v = 1/(1 + y/f).
 *   price            P = Σₖ CFₖ·vᵏ
 *   Macaulay         D = (1/P)·Σₖ (k/f)·CFₖ·vᵏ                 (years)
 *   modified         D* = D / (1 + y/f)                        (−(1/P)·dP/dy)
 *   convexity        C = (1/P)·Σₖ CFₖ·k(k+1)·vᵏ⁺² / f²        ((1/P)·d²P/dy², years²)
 *   DV01             D*·P / 10,000                             (price change for 1 basis point)
 * Yield to maturity from a price: Newton's method safeguarded by bisection on y ∈ [−50 %, 500 %].
 */
export const BOND_FREQUENCIES = [1, 2, 4, 12] as const;
export type CouponFrequency = (typeof BOND_FREQUENCIES)[number];

export interface BondSpec {
  /** Face (par) value. Default 100. */
  faceValue?: number;
  /** Annual coupon rate as a fraction (0.05 = 5 %). */
  couponRate: number;
  /** Coupons per year. Default 2. */
  frequency?: CouponFrequency;
  /** Years to maturity; maturityYears × frequency must be a whole number of coupons. */
  maturityYears: number;
}

export interface BondAnalysisInput extends BondSpec {
  /** Yield to maturity (fraction); give this or `price`. */
  yield?: number;
  /** Price per `faceValue` (clean = dirty on a coupon date); give this or `yield`. */
  price?: number;
}

export interface BondAnalysisResult {
  faceValue: number;
  couponRate: number;
  frequency: number;
  periods: number;
  couponPayment: number;
  price: number;
  yield: number;
  currentYield: number;
  macaulayDuration: number;
  modifiedDuration: number;
  convexity: number;
  dv01: number;
}

function periodsOf(spec: BondSpec): number {
  return Math.round(spec.maturityYears * (spec.frequency ?? 2));
}

interface Measures {
  price: number;
  macaulay: number;
  modified: number;
  convexity: number;
}

function measures(spec: BondSpec, y: number): Measures {
  const F = spec.faceValue ?? 100;
  const f = spec.frequency ?? 2;
  const n = periodsOf(spec);
  const cpn = (F * spec.couponRate) / f;
  const v = 1 / (1 + y / f);
  let price = 0;
  let time = 0;
  let conv = 0;
  let vk = 1;
  for (let k = 1; k <= n; k++) {
    vk *= v;
    const cf = k === n ? cpn + F : cpn;
    const pv = cf * vk;
    price += pv;
    time += k * pv;
    conv += k * (k + 1) * pv;
  }
  const macaulay = time / f / price;
  return { price, macaulay, modified: macaulay * v, convexity: (conv * v * v) / (f * f) / price };
}

/** Price of the bond at a yield. */
export function bondPrice(spec: BondSpec, y: number): number {
  return measures(spec, y).price;
}

/** Yield to maturity for a price, or undefined when none lies in [−50 %, 500 %]. */
export function yieldToMaturity(spec: BondSpec, price: number): number | undefined {
  const f = (y: number) => measures(spec, y).price - price;
  const df = (y: number) => {
    const m = measures(spec, y);
    return -m.modified * m.price;
  };
  return solveBracketed(f, df, -0.5, 5, spec.couponRate, 1e-13);
}

export function validateBondAnalysis(input: unknown): Problem[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return [{ field: 'input', message: 'must be an object' }];
  const o = input as Record<string, unknown>;
  const problems: Problem[] = [];
  checkFiniteNumber(problems, o.faceValue, 'faceValue', { optional: true, min: 0, exclusiveMin: true });
  checkFiniteNumber(problems, o.couponRate, 'couponRate', { min: 0, max: 1 });
  if (o.frequency !== undefined && !(BOND_FREQUENCIES as readonly unknown[]).includes(o.frequency)) {
    problems.push({ field: 'frequency', message: `must be one of ${BOND_FREQUENCIES.join(', ')}` });
  }
  if (checkFiniteNumber(problems, o.maturityYears, 'maturityYears', { min: 0, exclusiveMin: true, max: 100 })) {
    const f = typeof o.frequency === 'number' ? o.frequency : 2;
    const n = (o.maturityYears as number) * f;
    if (Math.abs(n - Math.round(n)) > 1e-9 || Math.round(n) < 1) {
      problems.push({ field: 'maturityYears', message: `must be a whole number of coupon periods (maturityYears × frequency = ${n})` });
    }
  }
  const hasY = o.yield !== undefined;
  const hasP = o.price !== undefined;
  if (hasY === hasP) problems.push({ field: hasY ? 'price' : 'yield', message: 'give exactly one of yield or price' });
  else if (hasY) checkFiniteNumber(problems, o.yield, 'yield', { min: -0.5, max: 5 });
  else checkFiniteNumber(problems, o.price, 'price', { min: 0, exclusiveMin: true });
  if (problems.length === 0 && hasP) {
    const y = yieldToMaturity(o as unknown as BondSpec, o.price as number);
    if (y === undefined) problems.push({ field: 'price', message: 'no yield between −50 % and 500 % gives this price' });
  }
  return problems;
}

/** bond_analysis: price from yield or yield from price, durations, convexity, DV01. */
export function bondAnalysis(input: BondAnalysisInput): BondAnalysisResult {
  const problems = validateBondAnalysis(input);
  if (problems.length > 0) throw new QuantInputError(problems);
  const y = input.yield ?? (yieldToMaturity(input, input.price as number) as number);
  const m = measures(input, y);
  const F = input.faceValue ?? 100;
  const f = input.frequency ?? 2;
  return {
    faceValue: F,
    couponRate: input.couponRate,
    frequency: f,
    periods: periodsOf(input),
    couponPayment: (F * input.couponRate) / f,
    price: m.price,
    yield: y,
    currentYield: (F * input.couponRate) / m.price,
    macaulayDuration: m.macaulay,
    modifiedDuration: m.modified,
    convexity: m.convexity,
    dv01: (m.modified * m.price) / 10_000,
  };
}
