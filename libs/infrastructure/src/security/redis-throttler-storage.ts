import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';

/**
 * One round trip, atomic: count the hit, start the window on the first hit, read what is left,
 * and block when over the limit. Blocking deletes the hit counter so the caller starts a fresh
 * window when the block ends (the same behaviour as throttler's in-memory storage).
 * KEYS[1] = hit counter, KEYS[2] = block marker. ARGV = ttlMs, limit, blockDurationMs.
 * Returns { totalHits, msToExpire, blocked (0|1), msToBlockExpire }.
 */
const INCREMENT_SCRIPT = `
local ttl = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local block = tonumber(ARGV[3])
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
  local left = redis.call('PTTL', KEYS[1])
  if left < 0 then left = blockLeft end
  return { hits, left, 1, blockLeft }
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ttl) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  -- A counter without expiry (e.g. PEXPIRE lost to a crash mid-way elsewhere) would block forever.
  redis.call('PEXPIRE', KEYS[1], ttl)
  left = ttl
end
if hits > limit then
  if block > 0 then
    redis.call('SET', KEYS[2], '1', 'PX', block)
    redis.call('DEL', KEYS[1])
    return { hits, left, 1, block }
  end
  return { hits, left, 1, left }
end
return { hits, left, 0, 0 }
`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

type IncrementReply = [number, number, number, number];

interface RedisWithThrottle extends Redis {
  throttleIncrement(
    hitsKey: string,
    blockKey: string,
    ttl: number,
    limit: number,
    block: number,
  ): Promise<IncrementReply>;
}

/**
 * ThrottlerStorage on Redis, so every replica shares one set of counters. Written here because
 * @nest-lab/throttler-storage-redis declares peers only up to Nest 11.
 *
 * Fails open: when Redis is unreachable a request is let through (with a throttled warning) —
 * a limiter outage should not take the whole API down.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly redis: RedisWithThrottle;
  private lastWarnAt = 0;

  constructor(
    redis: Redis,
    private readonly prefix = 'throttle',
    private readonly ownsConnection = true,
  ) {
    // defineCommand runs the script with EVALSHA and falls back to EVAL on NOSCRIPT.
    redis.defineCommand('throttleIncrement', { numberOfKeys: 2, lua: INCREMENT_SCRIPT });
    this.redis = redis as RedisWithThrottle;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    // The {…} hash tag keeps both keys in one Redis Cluster slot, which a multi-key script needs.
    const base = `${this.prefix}:{${throttlerName}:${key}}`;
    try {
      const [totalHits, msToExpire, blocked, msToBlockExpire] = await this.redis.throttleIncrement(
        `${base}:hits`,
        `${base}:block`,
        Math.max(1, Math.ceil(ttl)),
        limit,
        Math.max(0, Math.ceil(blockDuration)),
      );
      return {
        totalHits: Number(totalHits),
        timeToExpire: Math.ceil(Number(msToExpire) / 1000),
        isBlocked: Number(blocked) === 1,
        timeToBlockExpire: Math.ceil(Number(msToBlockExpire) / 1000),
      };
    } catch (err) {
      const now = Date.now();
      if (now - this.lastWarnAt > 10_000) {
        this.lastWarnAt = now;
        this.logger.warn(`Rate-limit storage unavailable, letting requests through: ${(err as Error).message}`);
      }
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.ownsConnection) return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}
