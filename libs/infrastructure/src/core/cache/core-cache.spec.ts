import { CorePerformance } from '../metrics/core-performance';
import { CoreCache } from './core-cache';

describe('CoreCache (in-memory)', () => {
  function make(maxEntries = 3, ttlMs = 60_000) {
    const performance = new CorePerformance({ defaultMetrics: false });
    return { cache: new CoreCache({ maxEntries, ttlMs }, performance), performance };
  }

  it('counts hits and misses in stats and in cache_lookups_total', async () => {
    const { cache, performance } = make();
    expect(await cache.get('a')).toBeUndefined();
    await cache.set('a', { v: 1 });
    expect(await cache.get('a')).toEqual({ v: 1 });
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, hitRatio: 0.5, backend: 'memory' });
    const text = await performance.render();
    expect(text).toContain('cache_lookups_total{result="hit"} 1');
    expect(text).toContain('cache_lookups_total{result="miss"} 1');
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const { cache } = make(2);
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.get('a');
    await cache.set('c', 3);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('c')).toBe(3);
  });

  it('expires entries after their TTL', async () => {
    const { cache } = make(10, 30);
    await cache.set('a', 1);
    await new Promise((r) => setTimeout(r, 60));
    expect(await cache.get('a')).toBeUndefined();
  });

  it('wrap computes once and then serves the cached value', async () => {
    const { cache } = make();
    let calls = 0;
    const compute = async () => ++calls;
    expect(await cache.wrap('k', compute)).toBe(1);
    expect(await cache.wrap('k', compute)).toBe(1);
    expect(calls).toBe(1);
  });

  it('keeps the value itself, frozen all the way down, instead of JSON text', async () => {
    const { cache } = make();
    const value = { signal: 'buy', series: [{ rsi: 61.5 }, { rsi: null }] };
    await cache.set('v', value);
    const got = await cache.get<typeof value>('v');
    expect(got).toBe(value);
    expect(() => {
      (got as { signal: string }).signal = 'sell';
    }).toThrow(TypeError);
    expect(() => (got!.series[0].rsi = 0)).toThrow(TypeError);
    expect(await cache.get('v')).toEqual({ signal: 'buy', series: [{ rsi: 61.5 }, { rsi: null }] });
  });
});

describe('CoreCache (Redis unreachable)', () => {
  it('answers lookups with a miss and skips writes within its bound, instead of waiting for Redis', async () => {
    const performance = new CorePerformance({ defaultMetrics: false });
    // Port 1 on 127.0.0.1: nothing listens there, so the client keeps failing to connect.
    const cache = new CoreCache({ maxEntries: 10, ttlMs: 60_000, redisUrl: 'redis://127.0.0.1:1' }, performance);
    try {
      const started = Date.now();
      await cache.set('a', 1);
      expect(await cache.get('a')).toBeUndefined();
      expect(await cache.wrap('b', async () => 2)).toBe(2);
      expect(Date.now() - started).toBeLessThan(4000);
      expect(cache.stats()).toEqual(expect.objectContaining({ hits: 0, misses: 2, backend: 'redis' }));
    } finally {
      await cache.close().catch(() => undefined);
    }
  });

  it('does not serve or keep L1 entries while it cannot hear other replicas’ invalidations', async () => {
    const performance = new CorePerformance({ defaultMetrics: false });
    const cache = new CoreCache(
      { maxEntries: 10, ttlMs: 60_000, redisUrl: 'redis://127.0.0.1:1', l1: { maxEntries: 10, ttlMs: 60_000 } },
      performance,
    );
    try {
      await cache.set('a', { v: 1 });
      expect(await cache.get('a')).toBeUndefined();
      const text = await performance.render();
      expect(text).not.toContain('cache_level_lookups_total{level="l1"');
      expect(text).toContain('cache_level_lookups_total{level="l2",result="miss"} 1');
    } finally {
      await cache.close().catch(() => undefined);
    }
  });
});
