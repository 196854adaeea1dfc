import { Redis } from 'ioredis';
import { CorePerformance, CoreCache, newId } from '@app/infrastructure';
import { TEST_REDIS_URL } from '../support/distributed';

/**
 * The two-level cache against a real Redis, as two replicas would use it: an L1 hit sends no
 * command to Redis (every command naming this run's keys is watched with MONITOR, so other
 * users of the shared Redis do not count), a write or delete on one replica drops the other's
 * L1 copy over pub/sub, and each level's hits, misses and evictions are on /metrics.
 */
jest.setTimeout(30_000);

/** Commands Redis receives that mention this run's namespace (MONITOR sees every client's). */
class CommandLog {
  readonly commands: string[][] = [];
  private monitor?: { disconnect(): void };

  constructor(private readonly mark: string) {}

  async start(url: string): Promise<void> {
    const client = new Redis(url);
    const monitor = await client.monitor();
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((a) => a.includes(this.mark))) this.commands.push(args);
    });
    this.monitor = monitor;
    client.disconnect();
  }

  /** Commands since the last call (MONITOR lines arrive just after the command runs). */
  async take(): Promise<string[][]> {
    await new Promise((r) => setTimeout(r, 100));
    return this.commands.splice(0);
  }

  stop(): void {
    this.monitor?.disconnect();
  }
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('CoreCache: L1 in process, L2 Redis, coherent across replicas', () => {
  const namespace = `aio-cache-test-${newId().toLowerCase()}`;
  const log = new CommandLog(namespace);
  const perfA = new CorePerformance({ defaultMetrics: false });
  const perfB = new CorePerformance({ defaultMetrics: false });
  const options = {
    maxEntries: 100,
    ttlMs: 60_000,
    redisUrl: TEST_REDIS_URL,
    namespace,
    l1: { maxEntries: 2, ttlMs: 10_000 },
  };
  let a: CoreCache;
  let b: CoreCache;

  beforeAll(async () => {
    a = new CoreCache(options, perfA);
    b = new CoreCache(options, perfB);
    await Promise.all([a.ready(), b.ready()]);
    await log.start(TEST_REDIS_URL);
  });
  afterAll(async () => {
    log.stop();
    await a.close();
    await b.close();
  });

  const key = (name: string) => `${namespace}:${name}`;

  it('serves an L1 hit without any Redis command; an L1 miss reads Redis once and fills L1', async () => {
    await a.set(key('k1'), { signal: 'buy', confidence: 0.7 });
    const writes = await log.take();
    expect(writes.some((c) => c[0].toLowerCase() === 'set')).toBe(true);
    expect(writes.some((c) => c[0].toLowerCase() === 'publish')).toBe(true);

    // A: written here, so in its L1.
    for (let i = 0; i < 50; i++) expect(await a.get(key('k1'))).toEqual({ signal: 'buy', confidence: 0.7 });
    expect(await log.take()).toEqual([]);

    // B: first read goes to Redis, later ones do not.
    expect(await b.get(key('k1'))).toEqual({ signal: 'buy', confidence: 0.7 });
    expect((await log.take()).map((c) => c[0].toLowerCase())).toEqual(['get']);
    for (let i = 0; i < 50; i++) await b.get(key('k1'));
    expect(await log.take()).toEqual([]);

    const text = await perfB.render();
    expect(text).toContain('cache_level_lookups_total{level="l1",result="miss"} 1');
    expect(text).toContain('cache_level_lookups_total{level="l1",result="hit"} 50');
    expect(text).toContain('cache_level_lookups_total{level="l2",result="hit"} 1');
  });

  it('a write on one replica replaces the other replica’s L1 copy (pub/sub invalidation)', async () => {
    await a.set(key('k2'), 1);
    expect(await b.get(key('k2'))).toBe(1); // now in B's L1
    await a.set(key('k2'), 2);
    expect(
      await until(
        () => b.get(key('k2')),
        (v) => v === 2,
      ),
    ).toBe(2);
    await a.delete(key('k2'));
    expect(
      await until(
        () => b.get(key('k2')),
        (v) => v === undefined,
      ),
    ).toBeUndefined();
    expect(await perfB.render()).toMatch(/cache_invalidations_total\{direction="received"\} [2-9]/);
    expect(await perfA.render()).toMatch(/cache_invalidations_total\{direction="sent"\} [3-9]/);
  });

  it('bounds L1 and counts its evictions; an evicted key is still served by Redis', async () => {
    for (const name of ['e1', 'e2', 'e3']) await a.set(key(name), name);
    expect(await perfA.render()).toMatch(/cache_level_evictions_total\{level="l1"\} [1-9]/);
    await log.take();
    expect(await a.get(key('e1'))).toBe('e1');
    expect((await log.take()).map((c) => c[0].toLowerCase())).toEqual(['get']);
  });
});
