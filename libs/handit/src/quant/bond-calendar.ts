import type { Problem } from './problems';

/**
 * Coupon schedule and day counts for a bond settled between coupon dates, with the conventions of
 * the spreadsheet bond functions (PRICE, YIELD, ACCRINT, COUPPCD/COUPNCD) that desks check against:
 *   30/360   US (NASD) 30/360: E = 360/f days, A = days360(previous coupon, settlement), DSC = E − A
 *   ACT/ACT  actual/actual (ICMA): A, E and DSC are actual days
 *   ACT/365  actual/365 fixed: E = 365/f, A and DSC actual days
 * Coupon dates step back from maturity by 12/f months on the maturity's day of month (clamped to
 * the month's end; a maturity on a month's last day keeps every coupon on the last day).
 * A is the accrued part of the current period, E its length, DSC the days to the next coupon.
 */
export const DAY_COUNTS = ['30/360', 'ACT/ACT', 'ACT/365'] as const;
export type DayCount = (typeof DAY_COUNTS)[number];

export interface CouponPeriod {
  previousCouponDate: string;
  nextCouponDate: string;
  /** Coupons still to be paid after settlement, the last one at maturity. */
  remainingCoupons: number;
  accruedDays: number;
  daysInPeriod: number;
  /** DSC / E: the fraction of a period until the next coupon (1 on a coupon date). */
  fractionToNextCoupon: number;
  /** A / E: the fraction of the coupon accrued to the seller (0 on a coupon date). */
  accruedFraction: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A calendar date (UTC midnight) from `YYYY-MM-DD`, or undefined when it is not a real date. */
export function parseIsoDate(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text ? date : undefined;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
const isLastDayOfMonth = (d: Date) => d.getUTCDate() === daysInMonth(d.getUTCFullYear(), d.getUTCMonth());
const isLastDayOfFebruary = (d: Date) => d.getUTCMonth() === 1 && isLastDayOfMonth(d);
const actualDays = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / DAY_MS);

/** US (NASD) 30/360 day count between two dates, with the February end-of-month rules. */
export function days360(from: Date, to: Date): number {
  let d1 = from.getUTCDate();
  let d2 = to.getUTCDate();
  if (isLastDayOfFebruary(from) && isLastDayOfFebruary(to)) d2 = 30;
  if (isLastDayOfFebruary(from)) d1 = 30;
  if (d2 === 31 && d1 >= 30) d2 = 30;
  if (d1 === 31) d1 = 30;
  return 360 * (to.getUTCFullYear() - from.getUTCFullYear()) + 30 * (to.getUTCMonth() - from.getUTCMonth()) + (d2 - d1);
}

/** The coupon date `periodsBack` periods before maturity (0 = maturity itself). */
function couponDate(maturity: Date, frequency: number, periodsBack: number): Date {
  const totalMonths = maturity.getUTCFullYear() * 12 + maturity.getUTCMonth() - periodsBack * (12 / frequency);
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths - year * 12;
  const last = daysInMonth(year, month);
  const day = isLastDayOfMonth(maturity) ? last : Math.min(maturity.getUTCDate(), last);
  return new Date(Date.UTC(year, month, day));
}

/** The coupon period settlement falls in (settlement on a coupon date starts a new period). */
export function couponPeriod(settlement: Date, maturity: Date, frequency: number, dayCount: DayCount): CouponPeriod {
  let back = 1;
  while (couponDate(maturity, frequency, back) > settlement) back++;
  const previous = couponDate(maturity, frequency, back);
  const next = couponDate(maturity, frequency, back - 1);
  let accrued: number;
  let period: number;
  let toNext: number;
  if (dayCount === '30/360') {
    period = 360 / frequency;
    accrued = days360(previous, settlement);
    toNext = period - accrued;
  } else {
    period = dayCount === 'ACT/ACT' ? actualDays(previous, next) : 365 / frequency;
    accrued = actualDays(previous, settlement);
    toNext = actualDays(settlement, next);
  }
  return {
    previousCouponDate: iso(previous),
    nextCouponDate: iso(next),
    remainingCoupons: back,
    accruedDays: accrued,
    daysInPeriod: period,
    fractionToNextCoupon: toNext / period,
    accruedFraction: accrued / period,
  };
}

/** Checks settlementDate, maturityDate and dayCount; pushes a problem per bad field. */
export function validateBondDates(o: Record<string, unknown>, problems: Problem[]): void {
  const settlement = parseIsoDate(o.settlementDate);
  const maturity = parseIsoDate(o.maturityDate);
  if (!settlement) problems.push({ field: 'settlementDate', message: 'must be a date written YYYY-MM-DD' });
  if (!maturity) problems.push({ field: 'maturityDate', message: 'must be a date written YYYY-MM-DD' });
  if (settlement && maturity) {
    if (maturity <= settlement) problems.push({ field: 'maturityDate', message: 'must be after settlementDate' });
    else if (actualDays(settlement, maturity) > 100 * 366)
      problems.push({ field: 'maturityDate', message: 'must be at most 100 years after settlementDate' });
  }
  if (o.dayCount !== undefined && !(DAY_COUNTS as readonly unknown[]).includes(o.dayCount)) {
    problems.push({ field: 'dayCount', message: `must be one of ${DAY_COUNTS.join(', ')}` });
  }
}
