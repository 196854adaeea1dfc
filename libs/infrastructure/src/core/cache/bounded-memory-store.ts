import { LRUCache } from 'lru-cache';

/**
 * A Keyv store over lru-cache. Keyv passes the TTL as a bare number as the third argument of
 * `set`, which lru-cache reads as an options object (and throws on), so this adapter translates.
 * Keyv also records expiry inside each value; lru-cache's own TTL just frees memory sooner.
 */
export class BoundedMemoryStore {
  private readonly lru: LRUCache<string, NonNullable<unknown>>;

  /** `onEvict` hears each entry pushed out by the bound (not expiries or deletes): the eviction metric. */
  constructor(maxEntries: number, onEvict?: () => void) {
    this.lru = new LRUCache({
      max: maxEntries,
      ttlAutopurge: false,
      dispose: onEvict ? (_value, _key, reason) => reason === 'evict' && onEvict() : undefined,
    });
  }

  get(key: string): unknown {
    return this.lru.get(key);
  }

  set(key: string, value: NonNullable<unknown>, ttl?: number): boolean {
    this.lru.set(key, value, ttl ? { ttl } : undefined);
    return true;
  }

  delete(key: string): boolean {
    return this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }

  has(key: string): boolean {
    return this.lru.has(key);
  }

  get size(): number {
    return this.lru.size;
  }
}
