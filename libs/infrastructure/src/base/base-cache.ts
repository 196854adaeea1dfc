export interface CacheStats {
  hits: number;
  misses: number;
  hitRatio: number;
  backend: 'memory' | 'redis';
}

/** Key-value cache with TTL. In-memory LRU by default, Redis when REDIS_URL is set. */
export abstract class BaseCache {
  abstract get<T>(key: string): Promise<T | undefined>;
  abstract set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  abstract delete(key: string): Promise<void>;
  /** Returns the cached value, or computes, stores and returns it. */
  abstract wrap<T>(key: string, compute: () => Promise<T>, ttlMs?: number): Promise<T>;
  abstract stats(): CacheStats;
}
