import { histogramQuantile } from './histogram-quantile';

describe('histogramQuantile', () => {
  it('interpolates inside the bucket holding the rank', () => {
    // 10 observations ≤ 0.1, 10 more in (0.1, 0.5].
    const buckets = [
      { le: 0.1, count: 10 },
      { le: 0.5, count: 20 },
      { le: Infinity, count: 20 },
    ];
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1);
    expect(histogramQuantile(0.75, buckets)).toBeCloseTo(0.3);
    expect(histogramQuantile(0.25, buckets)).toBeCloseTo(0.05);
  });

  it('returns the highest finite bound for ranks in +Inf, and null without data', () => {
    expect(
      histogramQuantile(0.99, [
        { le: 1, count: 1 },
        { le: Infinity, count: 10 },
      ]),
    ).toBe(1);
    expect(
      histogramQuantile(0.5, [
        { le: 1, count: 0 },
        { le: Infinity, count: 0 },
      ]),
    ).toBeNull();
  });
});
