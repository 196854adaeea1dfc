import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Database } from '../database';

export const DEFAULT_DATABASE_HEALTH_TIMEOUT_MS = 3_000;

/**
 * Terminus indicator: `up` when the database answers `select 1` within the timeout.
 * Use inside HealthCheckService.check([() => dbHealth.isHealthy()]).
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly database: Database,
  ) {}

  async isHealthy<const Key extends string = 'database'>(
    key: Key = 'database' as Key,
    timeoutMs = DEFAULT_DATABASE_HEALTH_TIMEOUT_MS,
  ): Promise<HealthIndicatorResult<Key>> {
    // attempt() turns a throw or the timeout into `down` with a message, and adds responseTime.
    return this.health
      .check(key)
      .attempt(async () => {
        await this.database.ping();
        return { dialect: this.database.dialect };
      })
      .withTimeout(timeoutMs);
  }
}
