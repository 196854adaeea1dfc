import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Redis } from 'ioredis';
import { BaseConfig, BaseLogger, throttledErrorLog } from '@app/infrastructure';

const PING_TIMEOUT_MS = 1000;

/**
 * Terminus indicator for Redis when REDIS_URL is set: `up` when PING answers within a second.
 * Its own connection, without an offline queue, so a probe during an outage fails at once instead
 * of waiting for a reconnect; ioredis keeps reconnecting, so the probe recovers by itself.
 */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private client?: Redis;

  constructor(
    private readonly health: HealthIndicatorService,
    config: BaseConfig,
    logger: BaseLogger,
  ) {
    const url = config.values.redis.url;
    if (!url) return;
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectionName: 'health',
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    // The probe reports failures too; the log keeps one line per interval with the cause.
    this.client.on('error', throttledErrorLog(logger.child({ component: 'health' }), 'health'));
  }

  get configured(): boolean {
    return this.client !== undefined;
  }

  async isHealthy<const Key extends string = 'redis'>(key: Key = 'redis' as Key): Promise<HealthIndicatorResult<Key>> {
    const client = this.client;
    return this.health
      .check(key)
      .attempt(async () => {
        if (!client) return { configured: false };
        if (client.status !== 'ready') throw new Error(`Redis connection is ${client.status}`);
        await client.ping();
        return {};
      })
      .withTimeout(PING_TIMEOUT_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => undefined);
  }
}
