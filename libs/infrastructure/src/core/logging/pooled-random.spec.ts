import { pooledRandom } from './pooled-random';

describe('pooledRandom', () => {
  it('draws fractions in [0, 1) on the 1/256 grid, uniform enough over ulid alphabet', () => {
    const counts = new Array<number>(32).fill(0);
    const draws = 32 * 2000;
    for (let i = 0; i < draws; i++) {
      const x = pooledRandom();
      expect(x >= 0 && x < 1 && Number.isInteger(x * 256)).toBe(true);
      counts[Math.floor(x * 32)]++;
    }
    // Each of the 32 characters is expected 2,000 times; 5 sigma (~220) either way is far outside chance.
    for (const count of counts) expect(Math.abs(count - 2000)).toBeLessThan(250);
  });

  it('does not repeat its pool after a refill', () => {
    const first = Array.from({ length: 4096 }, () => pooledRandom());
    const second = Array.from({ length: 4096 }, () => pooledRandom());
    expect(second).not.toEqual(first);
  });
});
