import { Controller, Get, Header, NotFoundException, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { BaseConfig, BasePerformance, Public, RawResponse } from '@app/infrastructure';

/** Prometheus scrape endpoint (text exposition format, not enveloped). */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly performance: BasePerformance,
    private readonly config: BaseConfig,
  ) {}

  @Get()
  @RawResponse()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'getPrometheusMetrics',
    summary: 'Prometheus metrics',
    description: 'HTTP request histogram and counters, cache lookups, process metrics.',
  })
  @ApiProduces('text/plain')
  @ApiResponse({
    status: 200,
    description: 'Prometheus text exposition format 0.0.4',
    content: {
      'text/plain': {
        schema: {
          type: 'string',
          example:
            '# HELP http_requests_total HTTP requests answered\n' +
            '# TYPE http_requests_total counter\n' +
            'http_requests_total{method="GET",route="/health/live",status_code="200"} 3\n',
        },
      },
    },
  })
  async metrics(@Res() res: Response): Promise<void> {
    if (!this.config.values.monitoring.metricsEnabled)
      throw new NotFoundException('Metrics are disabled (METRICS_ENABLED=false)');
    res.setHeader('Content-Type', this.performance.contentType);
    res.send(await this.performance.render());
  }
}
