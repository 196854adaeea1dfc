import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DiskHealthIndicator,
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  MemoryHealthIndicator,
} from '@nestjs/terminus';
import {
  BaseConfig,
  ComponentStatusService,
  DatabaseHealthIndicator,
  LifecycleService,
  Public,
} from '@app/infrastructure';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { HEALTH_SCHEMA } from './health.presenter';
import { RedisHealthIndicator } from './redis-health.indicator';

/** Terminus probes for Kubernetes: liveness, readiness, and the full dependency check. */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly memory: MemoryHealthIndicator,
    private readonly disk: DiskHealthIndicator,
    private readonly database: DatabaseHealthIndicator,
    private readonly lifecycle: LifecycleService,
    private readonly config: BaseConfig,
    private readonly components: ComponentStatusService,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    operationId: 'getHealth',
    summary: 'Full health: database, heap, disk and every component',
    description:
      '200 when every check is up; 503 SERVICE_UNAVAILABLE naming the failing checks otherwise. ' +
      '`components` lists each library’s state (a degraded component does not fail the check; a down one does).',
  })
  @ApiEnvelope(200, 'Every check is up', HEALTH_SCHEMA)
  @ApiErrors('SERVICE_UNAVAILABLE')
  check() {
    const { health } = this.config.values.monitoring;
    return this.health.check([
      () => this.database.isHealthy('database'),
      ...this.redisCheck(),
      () => this.memory.checkHeap('heap', health.heapLimitMb * 1024 * 1024),
      () => this.disk.checkStorage('disk', { path: health.diskPath, thresholdPercent: health.diskThreshold }),
      () => this.componentsCheck(),
    ]);
  }

  /** Each component's state from its @ContributesStatus provider; down if any is down. */
  private async componentsCheck() {
    const components = await this.components.collect();
    const states = Object.fromEntries(Object.entries(components).map(([name, status]) => [name, status.state]));
    const check = this.indicators.check('components');
    return Object.values(states).includes('down') ? check.down(states) : check.up(states);
  }

  @Get('live')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'Liveness: the process answers',
    description: 'Restart the container only when this fails.',
  })
  @ApiEnvelope(200, 'The process is alive', HEALTH_SCHEMA)
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: send traffic here?',
    description:
      '503 while starting (migrations, recovery), while shutting down, and while the database ' +
      '(or Redis, when REDIS_URL is set) is unreachable; it recovers by itself when they return.',
  })
  @ApiEnvelope(200, 'Ready for traffic', HEALTH_SCHEMA)
  @ApiErrors('SERVICE_UNAVAILABLE')
  ready() {
    return this.health.check([
      () => {
        const check = this.indicators.check('lifecycle');
        const phase = this.lifecycle.phase;
        return this.lifecycle.ready ? check.up({ phase }) : check.down({ phase });
      },
      () => this.database.isHealthy('database'),
      ...this.redisCheck(),
    ]);
  }

  /** Redis is a dependency only when configured (cache, rate limits, and the distributed queue). */
  private redisCheck() {
    return this.redis.configured ? [() => this.redis.isHealthy('redis')] : [];
  }
}
