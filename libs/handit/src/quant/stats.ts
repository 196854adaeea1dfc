/**
 * Numerical building blocks shared by the engines.
 *
 * simple-statistics supplies the sample statistics and the quantile (its `quantile` interpolates
 * linearly between order statistics, i.e. Hyndman & Fan type 7 / numpy's default, checked in the
 * spec). Its normal distribution helpers are not precise enough for pricing: `probit(0.95)` gives
 * 1.64342 (exact 1.644854) and `cumulativeStdNormalProbability` reads a 4-decimal table. So the
 * normal CDF and its inverse are implemented here to double precision.
 */
import { mean as ssMean, quantile as ssQuantile, sampleStandardDeviation } from 'simple-statistics';

export const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Standard normal density φ(x). */
export function normPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/**
 * Standard normal cumulative distribution Φ(x): Hart's algorithm 5666 in the double-precision form
 * given by G. West, "Better approximations to cumulative normal functions" (Wilmott, 2005);
 * absolute error below 1e-14.
 */
export function normCdf(x: number): number {
  const ax = Math.abs(x);
  let c: number;
  if (ax > 37) {
    c = 0;
  } else {
    const e = Math.exp(-ax * ax * 0.5);
    if (ax < 7.07106781186547) {
      let b = 3.52624965998911e-2 * ax + 0.700383064443688;
      b = b * ax + 6.37396220353165;
      b = b * ax + 33.912866078383;
      b = b * ax + 112.079291497871;
      b = b * ax + 221.213596169931;
      b = b * ax + 220.206867912376;
      c = e * b;
      b = 8.83883476483184e-2 * ax + 1.75566716318264;
      b = b * ax + 16.064177579207;
      b = b * ax + 86.7807322029461;
      b = b * ax + 296.564248779674;
      b = b * ax + 637.333633378831;
      b = b * ax + 793.826512519948;
      b = b * ax + 440.413735824752;
      c /= b;
    } else {
      let b = ax + 0.65;
      b = ax + 4 / b;
      b = ax + 3 / b;
      b = ax + 2 / b;
      b = ax + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/**
 * Inverse standard normal Φ⁻¹(p) for 0 < p < 1: P. J. Acklam's rational approximation (relative
 * error 1.15e-9) refined by one Halley step on {@link normCdf}, which brings it to ~1e-15.
 */
export function normInv(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return NaN;
  }
  const plow = 0.02425;
  let x: number;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else if (p <= 1 - plow) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
      (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  // Halley refinement
  const e = normCdf(x) - p;
  const u = e * SQRT_2PI * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Quantile with linear interpolation between order statistics (type 7): h = (n − 1)·p. */
export function quantile7(values: readonly number[], p: number): number {
  return ssQuantile(values as number[], p);
}

export function mean(values: readonly number[]): number {
  return ssMean(values as number[]);
}

/** Sample standard deviation (divides by n − 1). */
export function sampleStd(values: readonly number[]): number {
  return sampleStandardDeviation(values as number[]);
}

/**
 * Finds x in [lo, hi] with f(x) = 0 for a function whose sign changes on the interval: Newton steps
 * from `guess` using `df`, falling back to bisection whenever a step leaves the bracket or does not
 * shrink it fast enough (Numerical Recipes' rtsafe). Returns undefined when f(lo), f(hi) have the
 * same sign.
 */
export function solveBracketed(
  f: (x: number) => number,
  df: (x: number) => number,
  lo: number,
  hi: number,
  guess: number,
  tol = 1e-12,
  maxIter = 200,
): number | undefined {
  let flo = f(lo);
  const fhi = f(hi);
  if (flo === 0) return lo;
  if (fhi === 0) return hi;
  if (Math.sign(flo) === Math.sign(fhi)) return undefined;
  // orient so that f(a) < 0 < f(b)
  let a = flo < 0 ? lo : hi;
  let b = flo < 0 ? hi : lo;
  let x = guess > Math.min(lo, hi) && guess < Math.max(lo, hi) ? guess : (lo + hi) / 2;
  let dxOld = Math.abs(hi - lo);
  let dx = dxOld;
  let fx = f(x);
  let dfx = df(x);
  for (let i = 0; i < maxIter; i++) {
    const newtonOutside = ((x - b) * dfx - fx) * ((x - a) * dfx - fx) > 0;
    if (newtonOutside || !Number.isFinite(fx / dfx) || Math.abs(2 * fx) > Math.abs(dxOld * dfx)) {
      dxOld = dx;
      dx = 0.5 * (b - a);
      x = a + dx;
    } else {
      dxOld = dx;
      dx = fx / dfx;
      x -= dx;
    }
    if (Math.abs(dx) < tol * Math.max(1, Math.abs(x))) return x;
    fx = f(x);
    dfx = df(x);
    if (fx === 0) return x;
    if (fx < 0) a = x;
    else b = x;
  }
  flo = f(x);
  return Math.abs(flo) < 1e-8 ? x : undefined;
}
