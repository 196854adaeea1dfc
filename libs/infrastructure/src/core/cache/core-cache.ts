import { createCache, Cache } from 'cache-manager';
import { Keyv } from 'keyv';
import KeyvRedis from '@keyv/redis';
import type { Counter } from 'prom-client';
import { BaseCache, CacheStats } from '../../base/base-cache';
import { BasePerformance } from '../../base/base-performance';
import { throttledErrorLog, type ErrorLogSink } from '../logging/connection-error-log';
import { BoundedMemoryStore } from './bounded-memory-store';

/**
 * Longest a Redis lookup or write may hold up its caller. The cache is an optimisation: while
 * Redis is slow or unreachable a lookup is a miss and a write is skipped, never a stuck caller.
 */
const REDIS_OP_TIMEOUT_MS = 1000;

export interface CacheOptions {
  maxEntries: number;
  ttlMs: number;
  redisUrl?: string;
  namespace?: string;
}

/**
 * BaseCache on cache-manager 7. The in-memory store is an LRU bounded by `maxEntries` (Keyv
 * accepts any Map-like store); with REDIS_URL the store is Redis, shared by replicas.
 *
 * On Redis the client's offline queue is off, so while Redis is down commands fail at once
 * (misses, skipped writes) instead of waiting for the reconnect, and each operation is bounded by
 * REDIS_OP_TIMEOUT_MS besides (a first connection still in progress, a hung socket). The client
 * keeps reconnecting, so the cache serves again as soon as Redis is back.
 */
export class CoreCache extends BaseCache {
  private readonly cache: Cache;
  private readonly backend: 'memory' | 'redis';
  private readonly lookups: Counter<'result'>;
  private hits = 0;
  private misses = 0;

  /** `logger` gets the Redis client's connection errors, one line per interval (none without it). */
  constructor(
    private readonly options: CacheOptions,
    performance: BasePerformance,
    logger?: ErrorLogSink,
  ) {
    super();
    this.backend = options.redisUrl ? 'redis' : 'memory';
    const store = options.redisUrl
      ? new Keyv({
          store: new KeyvRedis({
            url: options.redisUrl,
            disableOfflineQueue: true,
            socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
          }),
          namespace: options.namespace ?? 'aio-cache',
          useKeyPrefix: false,
        })
      : // In memory, values are kept as they are (frozen on the way in), not as JSON text: a cached
        // task result of 80 KB was parsed again on every hit.
        new Keyv({ store: new BoundedMemoryStore(options.maxEntries), serialize: undefined, deserialize: undefined });
    // Keyv re-emits the client's errors and each failed operation's; a miss or skipped write is the answer.
    if (options.redisUrl && logger) store.on('error', throttledErrorLog(logger, 'cache'));
    this.cache = createCache({ stores: [store], ttl: options.ttlMs });
    this.lookups = performance.counter({
      name: 'cache_lookups_total',
      help: 'Cache lookups by result (hit or miss)',
      labelNames: ['result'] as const,
    });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const value = await this.bounded(this.cache.get<T>(key), undefined);
    this.count(value !== undefined && value !== null);
    return value ?? undefined;
  }

  /** In memory the value itself is kept, deep-frozen: every later `get` shares it and must not change it. */
  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    if (this.backend === 'memory') deepFreeze(value);
    await this.bounded(this.cache.set(key, value, ttlMs ?? this.options.ttlMs), undefined);
  }

  async delete(key: string): Promise<void> {
    await this.bounded(this.cache.del(key), undefined);
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

  /** Redis: the operation's result, or `fallback` if it fails or takes longer than REDIS_OP_TIMEOUT_MS. */
  private async bounded<T, F>(operation: Promise<T>, fallback: F): Promise<T | F> {
    if (this.backend === 'memory') return operation;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), REDIS_OP_TIMEOUT_MS)));
    try {
      return await Promise.race([operation.catch(() => fallback), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private count(hit: boolean): void {
    if (hit) this.hits++;
    else this.misses++;
    this.lookups.inc({ result: hit ? 'hit' : 'miss' });
  }
}

/** Freezes a JSON-like value and everything it holds (bounded by the value's own size). */
function deepFreeze(value: unknown): void {
  const pending: unknown[] = [value];
  while (pending.length) {
    const next = pending.pop();
    if (next === null || typeof next !== 'object' || Object.isFrozen(next)) continue;
    Object.freeze(next);
    for (const child of Object.values(next)) pending.push(child);
  }
}
