import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError, Public, RawResponse } from '@app/infrastructure';
import { dashboardAssets } from '@app/monitoring-orchestrator';
import { ApiErrors } from '../http/openapi.decorators';

const ASSETS = ['dashboard.js', 'uplot.min.js', 'uplot.min.css'];

/**
 * The dashboard page and its scripts, served by the gateway (no CDN, so it works offline and
 * under the CSP). The page holds no data; it reads /api/v1/monitoring/dashboard with the
 * caller's API key, so the page itself can be public.
 */
@ApiTags('monitoring')
@Public()
@Controller('dashboard')
export class DashboardController {
  @Get()
  @RawResponse()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'getDashboardPage',
    summary: 'Monitoring dashboard (HTML page)',
    description:
      'Health of every component, request and task rates, latency percentiles, queue depths, recent failures and ' +
      'firing alerts; refreshes every 5 s.',
  })
  @ApiProduces('text/html')
  @ApiResponse({
    status: 200,
    description: 'The page',
    content: { 'text/html': { schema: { type: 'string', example: '<!doctype html><html>…</html>' } } },
  })
  page(@Res() res: Response): void {
    const asset = dashboardAssets()['index.html'];
    res.type(asset.contentType).send(asset.body);
  }

  @Get('assets/:file')
  @RawResponse()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    operationId: 'getDashboardAsset',
    summary: 'Dashboard script or stylesheet (uPlot from npm, the page script)',
    description: 'Static files the dashboard page loads; unknown names answer 404.',
  })
  @ApiParam({ name: 'file', enum: ASSETS })
  @ApiProduces('text/javascript', 'text/css')
  @ApiResponse({
    status: 200,
    description: 'The file',
    content: { 'text/javascript': { schema: { type: 'string', example: '(function () { … })();' } } },
  })
  @ApiErrors('NOT_FOUND')
  asset(@Param('file') file: string, @Res() res: Response): void {
    const asset = ASSETS.includes(file) ? dashboardAssets()[file] : undefined;
    if (!asset) throw new AppError('NOT_FOUND', `no dashboard asset '${file}'`, { resource: 'asset', id: file });
    res.type(asset.contentType).send(asset.body);
  }
}
