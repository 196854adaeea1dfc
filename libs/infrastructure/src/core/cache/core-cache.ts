import { createCache, Cache } from 'cache-manager';
import { Keyv } from 'keyv';
import KeyvRedis from '@keyv/redis';
import type { Counter } from 'prom-client';
import { BaseCache, CacheStats } from '../../base/base-cache';
import { BasePerformance } from '../../base/base-performance';
import { BoundedMemoryStore } from './bounded-memory-store';

export interface CacheOptions {
  maxEntries: number;
  ttlMs: number;
  redisUrl?: string;
  namespace?: string;
}

/**
 * BaseCache on cache-manager 7. The in-memory store is an LRU bounded by `maxEntries` (Keyv
 * accepts any Map-like store); with REDIS_URL the store is Redis, shared by replicas.
 */
export class CoreCache extends BaseCache {
  private readonly cache: Cache;
  private readonly backend: 'memory' | 'redis';
  private readonly lookups: Counter<'result'>;
  private hits = 0;
  private misses = 0;

  constructor(private readonly options: CacheOptions, performance: BasePerformance) {
    super();
    this.backend = options.redisUrl ? 'redis' : 'memory';
    const store = options.redisUrl
      ? new Keyv({ store: new KeyvRedis(options.redisUrl), namespace: options.namespace ?? 'aio-cache', useKeyPrefix: false })
      : new Keyv({ store: new BoundedMemoryStore(options.maxEntries) });
    this.cache = createCache({ stores: [store], ttl: options.ttlMs });
    this.lookups = performance.counter({ name: 'cache_lookups_total', help: 'Cache lookups by result (hit or miss)', labelNames: ['result'] as const });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const value = await this.cache.get<T>(key);
    this.count(value !== undefined && value !== null);
    return value ?? undefined;
  }

  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    await this.cache.set(key, value, ttlMs ?? this.options.ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.cache.del(key);
  }

  async wrap<T>(key: string, compute: () => Promise<T>, ttlMs?: number): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    const value = await compute();
    await this.set(key, value, ttlMs);
    return value;
  }

  stats(): CacheStats {
    const total = this.hits + this.misses;
    return { hits: this.hits, misses: this.misses, hitRatio: total ? this.hits / total : 0, backend: this.backend };
  }

  async close(): Promise<void> {
    await this.cache.disconnect();
  }

  private count(hit: boolean): void {
    if (hit) this.hits++;
    else this.misses++;
    this.lookups.inc({ result: hit ? 'hit' : 'miss' });
  }
}
