import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DiskHealthIndicator, HealthCheck, HealthCheckService, HealthIndicatorService, MemoryHealthIndicator } from '@nestjs/terminus';
import { BaseConfig, DatabaseHealthIndicator, LifecycleService, Public } from '@app/infrastructure';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';

const HEALTH_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: { type: 'object', additionalProperties: true, example: { database: { status: 'up', dialect: 'sqlite' } } },
    error: { type: 'object', additionalProperties: true },
    details: { type: 'object', additionalProperties: true },
  },
};

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
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Full health: database, heap and disk', description: '200 when every check is up; 503 SERVICE_UNAVAILABLE naming the failing checks otherwise.' })
  @ApiEnvelope(200, 'Every check is up', HEALTH_SCHEMA)
  @ApiErrors('SERVICE_UNAVAILABLE')
  check() {
    const { health } = this.config.values.monitoring;
    return this.health.check([
      () => this.database.isHealthy('database'),
      () => this.memory.checkHeap('heap', health.heapLimitMb * 1024 * 1024),
      () => this.disk.checkStorage('disk', { path: health.diskPath, thresholdPercent: health.diskThreshold }),
    ]);
  }

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers', description: 'Restart the container only when this fails.' })
  @ApiEnvelope(200, 'The process is alive', HEALTH_SCHEMA)
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: send traffic here?',
    description: '503 while starting (migrations, recovery), while shutting down, and while the database is unreachable.',
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
    ]);
  }
}
