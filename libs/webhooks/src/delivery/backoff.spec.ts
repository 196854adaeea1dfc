import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('doubles from the base, up to the cap, with at most a quarter of jitter', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, 5000, () => 1))).toEqual([1000, 2000, 4000, 5000]);
    expect(retryDelayMs(2, 1000, 5000, () => 0)).toBe(1500);
  });
});
