import { createCache, Cache } from 'cache-manager';
import { Keyv } from 'keyv';
import KeyvRedis from '@keyv/redis';
import { LRUCache } from 'lru-cache';
import type { Counter } from 'prom-client';
import { BaseCache, CacheStats } from '../../base/base-cache';
import { BasePerformance } from '../../base/base-performance';
import { throttledErrorLog, type ErrorLogSink } from '../logging/connection-error-log';
import { BoundedMemoryStore } from './bounded-memory-store';
import { CacheInvalidation } from './cache-invalidation';

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
  /** With Redis: the in-process level in front of it (0 entries = none). */
  l1?: { maxEntries: number; ttlMs: number };
}

/**
 * BaseCache on cache-manager 7. The in-memory store is an LRU bounded by `maxEntries` (Keyv
 * accepts any Map-like store); with REDIS_URL the store is Redis, shared by replicas, with an
 * in-process LRU (L1, `l1.maxEntries`, `l1.ttlMs`) in front: an L1 hit costs no Redis round trip
 * and no JSON parse. Replicas stay coherent through CacheInvalidation (a write or delete drops
 * the key from every other replica's L1 over pub/sub), with the short L1 TTL as the bound when
 * a message is lost. Task results are content-addressed (the key hashes the model version and
 * the input), so a key's value never changes: coherence matters for deletes and expiry.
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
  private readonly levelLookups: Counter<'level' | 'result'>;
  private readonly evictions: Counter<'level'>;
  private readonly invalidations: Counter<'direction'>;
  private readonly l1?: LRUCache<string, NonNullable<unknown>>;
  private readonly invalidation?: CacheInvalidation;
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
    // Levels: `l1` in this process (the only level without Redis), `l2` Redis, shared by replicas.
    this.levelLookups = performance.counter({
      name: 'cache_level_lookups_total',
      help: 'Cache lookups per level (l1: in process, l2: Redis) and result; an l1 hit never reaches l2',
      labelNames: ['level', 'result'] as const,
    });
    this.evictions = performance.counter({
      name: 'cache_level_evictions_total',
      help: 'Entries evicted from an in-process level to stay within its bound (Redis evictions: INFO evicted_keys)',
      labelNames: ['level'] as const,
    });
    this.invalidations = performance.counter({
      name: 'cache_invalidations_total',
      help: 'L1 invalidations over Redis pub/sub: sent by this replica, received from others',
      labelNames: ['direction'] as const,
    });
    const onEvict = () => this.evictions.inc({ level: 'l1' });
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
        new Keyv({
          store: new BoundedMemoryStore(options.maxEntries, onEvict),
          serialize: undefined,
          deserialize: undefined,
        });
    // Keyv re-emits the client's errors and each failed operation's; a miss or skipped write is the answer.
    if (options.redisUrl && logger) store.on('error', throttledErrorLog(logger, 'cache'));
    this.cache = createCache({ stores: [store], ttl: options.ttlMs });
    if (options.redisUrl && options.l1 && options.l1.maxEntries > 0 && options.l1.ttlMs > 0) {
      const l1 = new LRUCache<string, NonNullable<unknown>>({
        max: options.l1.maxEntries,
        ttl: options.l1.ttlMs,
        ttlAutopurge: false,
        dispose: (_value, _key, reason) => reason === 'evict' && onEvict(),
      });
      this.l1 = l1;
      this.invalidation = new CacheInvalidation(
        options.redisUrl,
        `${options.namespace ?? 'aio-cache'}:invalidate`,
        {
          drop: (key) => {
            this.invalidations.inc({ direction: 'received' });
            l1.delete(key);
          },
          dropAll: () => l1.clear(),
        },
        logger,
      );
    }
    this.lookups = performance.counter({
      name: 'cache_lookups_total',
      help: 'Cache lookups by result (hit or miss)',
      labelNames: ['result'] as const,
    });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const l1 = this.liveL1();
    if (l1) {
      const near = l1.get(key) as T | undefined;
      this.levelLookups.inc({ level: 'l1', result: near === undefined ? 'miss' : 'hit' });
      if (near !== undefined) {
        this.count(true);
        return near;
      }
    }
    const value = (await this.bounded(this.cache.get<T>(key), undefined)) ?? undefined;
    const hit = value !== undefined;
    this.levelLookups.inc({ level: this.backend === 'redis' ? 'l2' : 'l1', result: hit ? 'hit' : 'miss' });
    if (hit && l1) {
      deepFreeze(value);
      l1.set(key, value as NonNullable<unknown>);
    }
    this.count(hit);
    return value;
  }

  /** In memory (and in L1) the value itself is kept, deep-frozen: every later `get` shares it and must not change it. */
  async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    const ttl = ttlMs ?? this.options.ttlMs;
    if (this.backend === 'memory' || this.l1) deepFreeze(value);
    await this.bounded(this.cache.set(key, value, ttl), undefined);
    if (this.l1) {
      const l1 = this.liveL1();
      if (l1 && value !== undefined && value !== null)
        l1.set(key, value as NonNullable<unknown>, { ttl: Math.min(ttl, this.options.l1!.ttlMs) });
      this.invalidation!.publish(key);
      this.invalidations.inc({ direction: 'sent' });
    }
  }

  async delete(key: string): Promise<void> {
    await this.bounded(this.cache.del(key), undefined);
    if (this.l1) {
      this.l1.delete(key);
      this.invalidation!.publish(key);
      this.invalidations.inc({ direction: 'sent' });
    }
  }

  /** L1 while its invalidations are heard; undefined otherwise (no L1, or its subscription down). */
  private liveL1(): LRUCache<string, NonNullable<unknown>> | undefined {
    return this.l1 && this.invalidation!.live ? this.l1 : undefined;
  }

  /** Resolves once this replica hears other replicas' invalidations (tests and the bench wait for it). */
  async ready(): Promise<void> {
    await this.invalidation?.ready();
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

  /** Nest calls this at shutdown: the pub/sub connections must not keep the process alive. */
  async onApplicationShutdown(): Promise<void> {
    await this.invalidation?.close();
  }

  async close(): Promise<void> {
    await this.invalidation?.close();
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
