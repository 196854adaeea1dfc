import { normCdf, normInv, normPdf, quantile7, sampleStd, solveBracketed } from './stats';

describe('normal distribution', () => {
  // Reference values from scipy.stats.norm.cdf / .ppf (scipy 1.17).
  it.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145707],
    [1.96, 0.9750021048517795],
    [0.5, 0.6914624612740131],
    [-3, 0.0013498980316300933],
    [3, 0.9986501019683699],
    [-5, 2.866515718791933e-7],
    [-8, 6.22096057427174e-16],
  ])('Φ(%d) = %d', (x, p) => {
    const got = normCdf(x);
    expect(Math.abs(got - p)).toBeLessThan(1e-14 + 1e-10 * p);
  });

  it.each([
    [0.95, 1.6448536269514722, 1e-12],
    [0.99, 2.3263478740408408, 1e-12],
    [0.975, 1.959963984540054, 1e-12],
    [0.5, 0, 1e-12],
    [0.01, -2.3263478740408408, 1e-12],
    [0.001, -3.090232306167813, 1e-12],
    // far tail: limited by Φ's absolute (not relative) accuracy
    [1e-10, -6.361340902404056, 1e-9],
  ])('Φ⁻¹(%d) = %d', (p, x, tol) => {
    expect(Math.abs(normInv(p) - x)).toBeLessThan(tol * Math.max(1, Math.abs(x)));
  });

  it('Φ⁻¹ of the bounds is ±∞ and NaN outside', () => {
    expect(normInv(0)).toBe(-Infinity);
    expect(normInv(1)).toBe(Infinity);
    expect(normInv(1.5)).toBeNaN();
  });

  it('φ(0) = 1/√(2π)', () => {
    expect(normPdf(0)).toBeCloseTo(0.3989422804014327, 15);
  });
});

describe('quantile7', () => {
  it('interpolates between order statistics (Hyndman & Fan type 7, numpy default)', () => {
    // h = (n − 1)p: [1,2,3,4] at 0.05 → h = 0.15 → 1.15; [1..10] at 0.25 → h = 2.25 → 3.25
    expect(quantile7([4, 1, 3, 2], 0.05)).toBeCloseTo(1.15, 12);
    expect(quantile7([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.25)).toBeCloseTo(3.25, 12);
    expect(quantile7([3, 1, 2], 0)).toBe(1);
    expect(quantile7([3, 1, 2], 1)).toBe(3);
  });
});

describe('sampleStd', () => {
  it('divides by n − 1', () => {
    // [2,4,4,4,5,5,7,9]: sum of squared deviations 32 → √(32/7)
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });
});

describe('solveBracketed', () => {
  it('finds √2 and falls back to bisection with a useless derivative', () => {
    expect(
      solveBracketed(
        (x) => x * x - 2,
        (x) => 2 * x,
        0,
        2,
        1,
      ),
    ).toBeCloseTo(Math.SQRT2, 12);
    expect(
      solveBracketed(
        (x) => x * x * x - 8,
        () => 0,
        0,
        5,
        1,
      ),
    ).toBeCloseTo(2, 10);
  });

  it('returns undefined without a sign change', () => {
    expect(
      solveBracketed(
        (x) => x * x + 1,
        (x) => 2 * x,
        -1,
        1,
        0,
      ),
    ).toBeUndefined();
  });
});
