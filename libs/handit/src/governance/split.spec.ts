import { fnv1a, pickVersion, routingPoint } from './split';

describe('weighted, sticky version split', () => {
  it('hashes with FNV-1a 32 (reference values)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('picks by cumulative weight share', () => {
    const split = [
      { version: 'v1', weight: 90 },
      { version: 'v2', weight: 10 },
    ];
    expect(pickVersion(split, 0)).toBe('v1');
    expect(pickVersion(split, 0.8999)).toBe('v1');
    expect(pickVersion(split, 0.9)).toBe('v2');
    expect(pickVersion(split, 0.99999)).toBe('v2');
    expect(pickVersion([], 0.5)).toBeUndefined();
  });

  it('gives one key the same point every time, and different models different points', () => {
    const a = routingPoint('equities-technical', 'AAPL');
    expect(routingPoint('equities-technical', 'AAPL')).toBe(a);
    expect(routingPoint('crypto-technical', 'AAPL')).not.toBe(a);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(1);
  });

  it('spreads keys that differ in one character: SYM0…SYM19 land on both halves', () => {
    const halves = new Set(Array.from({ length: 20 }, (_, i) => routingPoint('m', `SYM${i}`) < 0.5));
    expect(halves).toEqual(new Set([true, false]));
  });

  it('spreads distinct keys evenly: 10,000 symbols land 90/10 within 3 standard deviations', () => {
    const split = [
      { version: 'v1', weight: 9 },
      { version: 'v2', weight: 1 },
    ];
    let v2 = 0;
    for (let i = 0; i < 10_000; i++) if (pickVersion(split, routingPoint('m', `SYM${i}`)) === 'v2') v2++;
    const sd = Math.sqrt(10_000 * 0.1 * 0.9);
    expect(Math.abs(v2 - 1000)).toBeLessThan(3 * sd);
  });
});
