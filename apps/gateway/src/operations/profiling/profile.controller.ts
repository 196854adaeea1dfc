import { Body, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { hostname } from 'node:os';
import {
  AppError,
  AuditWriter,
  BaseConfig,
  CurrentPrincipal,
  RawResponse,
  RequireRole,
  requestIdOf,
  roleAtLeast,
} from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { ApiErrors } from '../../http/openapi.decorators';
import { CallerController, BODY_ERRORS } from '../../http/route-decorators';
import { ProfileRequestDto } from '../dto/profile.dto';
import { ReplicaProfiler } from './replica-profiler';

const EXTENSION = { cpu: 'cpuprofile', heap: 'heapsnapshot' } as const;

/** True when PROFILING_ENABLED allows captures here: `auto` is on everywhere but production. */
export function profilingEnabled(config: BaseConfig['values']): boolean {
  const { enabled } = config.monitoring.profiling;
  return enabled === 'true' || (enabled === 'auto' && config.service.environment !== 'production');
}

/** On-demand profiling of the replica that answers, without restarting it with flags. */
@CallerController('operations', 'api/v1/operations')
export class ProfileController {
  constructor(
    private readonly profiler: ReplicaProfiler,
    private readonly config: BaseConfig,
    private readonly audit: AuditWriter,
  ) {}

  @Post('profile')
  @RequireRole('admin')
  @RawResponse()
  @ApiOperation({
    operationId: 'captureProfile',
    summary: 'Capture a CPU profile or heap snapshot of this replica (download for Chrome DevTools)',
    description:
      'kind=cpu samples the replica for `seconds` (at most PROFILING_MAX_SECONDS) and answers a .cpuprofile; ' +
      'kind=heap answers a .heapsnapshot (it holds every tenant’s data in memory, so only the system admin may ' +
      'take one; V8 holds the event loop while it walks the heap). The file is an attachment ' +
      '(Content-Disposition) to open in DevTools (Performance or Memory panel, Load). One capture at a time per ' +
      'replica (409 otherwise); over PROFILING_MAX_BYTES → 413. Off in production unless PROFILING_ENABLED=true ' +
      '(403). Every capture is in the audit log (`operations.profile`, with kind, seconds and size).',
  })
  @ApiProduces('application/octet-stream')
  @ApiResponse({
    status: 200,
    description:
      'The profile: Content-Disposition: attachment; filename="<host>-<time>.cpuprofile" (JSON: nodes, samples, ' +
      'timeDeltas) or .heapsnapshot (JSON: snapshot.meta, nodes, edges, strings)',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(...BODY_ERRORS, 'CONFLICT', 'UNSUPPORTED_MEDIA_TYPE')
  async profile(
    @Body() body: ProfileRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { profiling } = this.config.values.monitoring;
    if (!profilingEnabled(this.config.values))
      throw new AppError('FORBIDDEN', 'Profiling is disabled on this deployment (PROFILING_ENABLED)', {
        reason: 'profiling_disabled',
        setting: 'PROFILING_ENABLED',
      });
    if (body.kind === 'heap' && !roleAtLeast(principal.role, 'system'))
      throw new AppError('FORBIDDEN', 'A heap snapshot holds every tenant’s data: only the system admin may take one', {
        requiredRole: 'system',
        role: principal.role,
      });
    const seconds = body.seconds ?? 5;
    if (body.kind === 'cpu' && seconds > profiling.maxSeconds)
      throw AppError.validation([
        { field: 'seconds', message: `must not be greater than ${profiling.maxSeconds} (PROFILING_MAX_SECONDS)` },
      ]);
    const aborted = new AbortController();
    req.once('close', () => aborted.abort());
    const capture = await this.profiler.capture(body.kind, seconds, profiling.maxBytes, aborted.signal);
    this.audit.enqueue({
      principalId: principal.id,
      tenant: principal.tenant,
      action: 'operations.profile',
      outcome: aborted.signal.aborted ? 'aborted' : 'success',
      requestId: requestIdOf(req),
      sourceIp: req.ip ?? null,
      details: {
        kind: capture.kind,
        seconds: capture.kind === 'cpu' ? seconds : null,
        bytes: capture.body.length,
        durationMs: capture.durationMs,
        replica: hostname(),
      },
    });
    const stamp = capture.startedAt.toISOString().replace(/[:.]/g, '-');
    const file = `${hostname().replace(/[^A-Za-z0-9.-]/g, '_')}-${stamp}.${EXTENSION[capture.kind]}`;
    res.status(200);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.end(capture.body);
  }
}
