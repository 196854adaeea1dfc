import { CouponPeriod, DayCount, couponPeriod, parseIsoDate, validateBondDates } from './bond-calendar';
import { Problem, QuantInputError, checkFiniteNumber, inputFields, notAnObject } from './problems';
import { solveBracketed } from './stats';

/**
 * bond_analysis: a plain fixed-coupon bond paying faceValue·couponRate/frequency per period and the
 * face value with the last coupon. Either on a coupon date (`maturityYears`: n = maturityYears × f
 * coupons remain, nothing accrued) or between coupon dates (`settlementDate`, `maturityDate`,
 * `dayCount`; bond-calendar.ts finds the n remaining coupons, the fraction w = DSC/E of a period
 * to the next one and the accrued fraction A/E). The yield y is the nominal annual yield
 * compounded `frequency` times a year (for semi-annual coupons, the bond-equivalent yield);
 * v = 1/(1 + y/f), and the k-th remaining coupon is eₖ = k − 1 + w periods away (w = 1 on a
 * coupon date, giving eₖ = k).
 *   dirty price      P = Σₖ CFₖ·v^eₖ
 *   accrued          AI = coupon · A/E;   clean price = P − AI (quotes and `price` are clean)
 *   Macaulay         D = (1/P)·Σₖ (eₖ/f)·CFₖ·v^eₖ              (years)
 *   modified         D* = D / (1 + y/f)                        (−(1/P)·dP/dy)
 *   convexity        C = (1/P)·Σₖ CFₖ·eₖ(eₖ+1)·v^(eₖ+2) / f²   ((1/P)·d²P/dy², years²)
 *   DV01             D*·P / 10,000                             (price change for 1 basis point)
 * Compounded discounting is used in the last period too (the ICMA convention; spreadsheet PRICE
 * switches to simple interest there). Yield from a price: Newton's method safeguarded by
 * bisection on y ∈ [−50 %, 500 %].
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
  /** Years to maturity on a coupon date; maturityYears × frequency must be a whole number. */
  maturityYears?: number;
  /** Settlement between coupon dates (YYYY-MM-DD), with maturityDate instead of maturityYears. */
  settlementDate?: string;
  maturityDate?: string;
  /** Day count for accrued interest and the first period. Default 30/360. */
  dayCount?: DayCount;
}

export interface BondAnalysisInput extends BondSpec {
  /** Yield to maturity (fraction); give this or `price`. */
  yield?: number;
  /** Clean price per `faceValue` (without accrued interest); give this or `yield`. */
  price?: number;
}

export interface BondAnalysisResult {
  faceValue: number;
  couponRate: number;
  frequency: number;
  periods: number;
  couponPayment: number;
  /** Clean price. */
  price: number;
  /** Clean price plus accrued interest: what the buyer pays. */
  dirtyPrice: number;
  accruedInterest: number;
  yield: number;
  currentYield: number;
  macaulayDuration: number;
  modifiedDuration: number;
  convexity: number;
  dv01: number;
  /** Present when valued by dates. */
  schedule?: CouponPeriod & { settlementDate: string; maturityDate: string; dayCount: DayCount };
}

/** Remaining coupons n, periods to the first (w) and accrued fraction of the current coupon. */
interface Timing {
  n: number;
  w: number;
  accruedFraction: number;
  period?: CouponPeriod;
}

function timingOf(spec: BondSpec): Timing {
  const f = spec.frequency ?? 2;
  if (spec.maturityYears !== undefined) return { n: Math.round(spec.maturityYears * f), w: 1, accruedFraction: 0 };
  const period = couponPeriod(
    parseIsoDate(spec.settlementDate) as Date,
    parseIsoDate(spec.maturityDate) as Date,
    f,
    spec.dayCount ?? '30/360',
  );
  return {
    n: period.remainingCoupons,
    w: period.fractionToNextCoupon,
    accruedFraction: period.accruedFraction,
    period,
  };
}

interface Measures {
  price: number;
  macaulay: number;
  modified: number;
  convexity: number;
}

function measures(spec: BondSpec, y: number, timing = timingOf(spec)): Measures {
  const F = spec.faceValue ?? 100;
  const f = spec.frequency ?? 2;
  const { n, w } = timing;
  const cpn = (F * spec.couponRate) / f;
  const v = 1 / (1 + y / f);
  let price = 0;
  let time = 0;
  let conv = 0;
  let vk = Math.pow(v, w - 1);
  for (let k = 1; k <= n; k++) {
    vk *= v;
    const e = k - 1 + w;
    const cf = k === n ? cpn + F : cpn;
    const pv = cf * vk;
    price += pv;
    time += e * pv;
    conv += e * (e + 1) * pv;
  }
  const macaulay = time / f / price;
  return { price, macaulay, modified: macaulay * v, convexity: (conv * v * v) / (f * f) / price };
}

function accruedInterest(spec: BondSpec, timing: Timing): number {
  return (((spec.faceValue ?? 100) * spec.couponRate) / (spec.frequency ?? 2)) * timing.accruedFraction;
}

/** Clean price of the bond at a yield. */
export function bondPrice(spec: BondSpec, y: number): number {
  const timing = timingOf(spec);
  return measures(spec, y, timing).price - accruedInterest(spec, timing);
}

/** Yield to maturity for a clean price, or undefined when none lies in [−50 %, 500 %]. */
export function yieldToMaturity(spec: BondSpec, price: number): number | undefined {
  const timing = timingOf(spec);
  const dirty = price + accruedInterest(spec, timing);
  const f = (y: number) => measures(spec, y, timing).price - dirty;
  const df = (y: number) => {
    const m = measures(spec, y, timing);
    return -m.modified * m.price;
  };
  return solveBracketed(f, df, -0.5, 5, spec.couponRate, 1e-13);
}

export function validateBondAnalysis(input: unknown): Problem[] {
  const o = inputFields(input);
  if (!o) return notAnObject();
  const problems: Problem[] = [];
  checkFiniteNumber(problems, o.faceValue, 'faceValue', { optional: true, min: 0, exclusiveMin: true });
  checkFiniteNumber(problems, o.couponRate, 'couponRate', { min: 0, max: 1 });
  if (o.frequency !== undefined && !(BOND_FREQUENCIES as readonly unknown[]).includes(o.frequency)) {
    problems.push({ field: 'frequency', message: `must be one of ${BOND_FREQUENCIES.join(', ')}` });
  }
  const dated = o.settlementDate !== undefined || o.maturityDate !== undefined;
  if (dated && o.maturityYears !== undefined) {
    problems.push({
      field: 'maturityYears',
      message: 'give either maturityYears (on a coupon date) or settlementDate and maturityDate, not both',
    });
  } else if (dated) {
    validateBondDates(o, problems);
  } else {
    if (o.dayCount !== undefined)
      problems.push({ field: 'dayCount', message: 'applies only with settlementDate and maturityDate' });
    if (checkFiniteNumber(problems, o.maturityYears, 'maturityYears', { min: 0, exclusiveMin: true, max: 100 })) {
      const f = typeof o.frequency === 'number' ? o.frequency : 2;
      const n = (o.maturityYears as number) * f;
      if (Math.abs(n - Math.round(n)) > 1e-9 || Math.round(n) < 1) {
        problems.push({
          field: 'maturityYears',
          message: `must be a whole number of coupon periods (maturityYears × frequency = ${n})`,
        });
      }
    }
  }
  const hasY = o.yield !== undefined;
  const hasP = o.price !== undefined;
  if (hasY === hasP) problems.push({ field: hasY ? 'price' : 'yield', message: 'give exactly one of yield or price' });
  else if (hasY) checkFiniteNumber(problems, o.yield, 'yield', { min: -0.5, max: 5 });
  else checkFiniteNumber(problems, o.price, 'price', { min: 0, exclusiveMin: true });
  if (problems.length === 0 && hasP) {
    const y = yieldToMaturity(o as unknown as BondSpec, o.price as number);
    if (y === undefined)
      problems.push({ field: 'price', message: 'no yield between −50 % and 500 % gives this price' });
  }
  return problems;
}

/** bond_analysis: price from yield or yield from price, accrued interest, durations, convexity, DV01. */
export function bondAnalysis(input: BondAnalysisInput): BondAnalysisResult {
  const problems = validateBondAnalysis(input);
  if (problems.length > 0) throw new QuantInputError(problems);
  const timing = timingOf(input);
  const y = input.yield ?? (yieldToMaturity(input, input.price as number) as number);
  const m = measures(input, y, timing);
  const accrued = accruedInterest(input, timing);
  const clean = m.price - accrued;
  const F = input.faceValue ?? 100;
  const f = input.frequency ?? 2;
  return {
    faceValue: F,
    couponRate: input.couponRate,
    frequency: f,
    periods: timing.n,
    couponPayment: (F * input.couponRate) / f,
    price: clean,
    dirtyPrice: m.price,
    accruedInterest: accrued,
    yield: y,
    currentYield: (F * input.couponRate) / clean,
    macaulayDuration: m.macaulay,
    modifiedDuration: m.modified,
    convexity: m.convexity,
    dv01: (m.modified * m.price) / 10_000,
    ...(timing.period
      ? {
          schedule: {
            settlementDate: input.settlementDate as string,
            maturityDate: input.maturityDate as string,
            dayCount: input.dayCount ?? '30/360',
            ...timing.period,
          },
        }
      : {}),
  };
}
