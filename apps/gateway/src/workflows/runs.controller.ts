import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, RawResponse } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { WorkflowService } from '@app/langgraph';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, ApiEventStream, ApiCursorPage } from '../http/route-decorators';
import { presentPage } from '../http/page';
import { lastEventIdOf, openSseStream } from '../http/sse';
import { runEventFeed } from './run-event-feed';
import { CheckpointQueryDto } from './dto/checkpoint-query.dto';
import { ResumeRunDto } from './dto/resume-run.dto';
import { RunListQueryDto } from './dto/run-list-query.dto';
import { CHECKPOINT_SCHEMA, presentCheckpoint, presentRun, RUN_SCHEMA, RUNS_PATH } from './run.presenter';

const ID_PARAM = { name: 'id', description: 'Run id (ULID)', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' };

/** Runs: list, inspect, answer approvals, cancel, state history and live events. */
@CallerController('workflow runs', RUNS_PATH.slice(1))
export class RunsController {
  constructor(private readonly workflows: WorkflowService) {}

  @Get()
  @ApiOperation({
    operationId: 'listWorkflowRuns',
    summary: 'List runs, newest first',
    description: 'Cursor-paginated; filter by status and workflow name. Items leave out input, output and nodes.',
  })
  @ApiCursorPage('One page', RUN_SCHEMA)
  async list(@Query() query: RunListQueryDto, @CurrentPrincipal() principal: Principal) {
    const page = await this.workflows.list({
      tenant: principal.tenant,
      status: query.status,
      workflow: query.workflow,
      limit: query.limit,
      cursor: query.cursor,
    });
    return presentPage(page, (r) => presentRun(r, 'summary'));
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getWorkflowRun',
    summary:
      'Get a run: status, current node, each node’s status, attempts, timings and output, what an interrupt asks, ' +
      'the final output or error',
    description:
      'A run of your tenant; when it waits for approval, `interrupt` says what to send to POST /runs/{id}/resume.',
  })
  @ApiParam(ID_PARAM)
  @ApiEnvelope(200, 'The run', RUN_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const { run, nodes } = await this.workflows.getWithNodes(principal.tenant, id);
    return presentRun(run, 'full', nodes);
  }

  @Post(':id/resume')
  @ApiOperation({
    operationId: 'resumeWorkflowRun',
    summary: 'Answer an approval interrupt',
    description:
      'approved: true takes the approved path, false the rejected one. A run that is not interrupted → 409 ' +
      'CONFLICT, as is any resume while a kill switch holds the tenant. A risk gate’s approval needs `prices` ' +
      'when its request has a price band (400 naming prices.<symbol>); it lapses (the run fails APPROVAL_EXPIRED) ' +
      'past its time or once a price moved beyond the band; rejecting it fails the run with RISK_LIMIT_BREACHED. ' +
      'A run a kill switch interrupted (interrupt kind halt) goes on from its checkpoint once the switch is off.',
  })
  @ApiParam(ID_PARAM)
  @ApiEnvelope(201, 'Resumed (queued to continue from its checkpoint)', RUN_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async resume(@Param('id') id: string, @Body() body: ResumeRunDto, @CurrentPrincipal() principal: Principal) {
    const decision = { approved: body.approved, comment: body.comment, by: principal.id, prices: body.prices };
    return presentRun(await this.workflows.resume(principal.tenant, id, decision), 'result');
  }

  @Post(':id/cancel')
  @ApiOperation({
    operationId: 'cancelWorkflowRun',
    summary: 'Cancel a run',
    description:
      'Queued or interrupted: cancelled at once. Running: its current nodes are aborted (their Handit tasks ' +
      'cancelled). Finished: 409 CONFLICT.',
  })
  @ApiParam(ID_PARAM)
  @ApiEnvelope(201, 'The cancelled run', RUN_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async cancel(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return presentRun(await this.workflows.cancel(principal.tenant, id), 'result');
  }

  @Get(':id/checkpoints')
  @ApiOperation({
    operationId: 'listWorkflowRunCheckpoints',
    summary: 'The run’s state history: LangGraph checkpoints, newest first',
    description: 'Each checkpoint says which nodes had finished, which come next, and the node outputs at that point.',
  })
  @ApiParam(ID_PARAM)
  @ApiEnvelope(200, 'Checkpoints', CHECKPOINT_SCHEMA, { isArray: true })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async checkpoints(
    @Param('id') id: string,
    @Query() query: CheckpointQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return (await this.workflows.checkpoints(principal.tenant, id, query.limit ?? 20)).map(presentCheckpoint);
  }

  @Get(':id/events')
  @RawResponse()
  @ApiOperation({
    operationId: 'streamWorkflowRunEvents',
    summary: 'Stream the run’s events (Server-Sent Events)',
    description:
      'Replays the stored events from the start (or after Last-Event-ID), then streams new ones in order: `run` ' +
      '(status changes), `node.started`, `node.finished`, `node.failed`, `interrupt` (what approval asks), `custom` (progress a node ' +
      'reports: `{ node, kind: "progress", fraction, message, taskId? }`, e.g. a long analysis or each symbol of a ' +
      'market scan), `done` ' +
      '(final status; the stream closes).',
  })
  @ApiParam(ID_PARAM)
  @ApiEventStream({
    lastEventId: 'Resume after this event id',
    example: 'id: 01J…\\nevent: node.finished\\ndata: {"node":"technical","attempt":1,"durationMs":41,…}',
    errors: ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED'],
  })
  async events(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const feed = await runEventFeed(this.workflows, principal.tenant, id, lastEventIdOf(req));
    await feed(openSseStream(req, res));
  }
}
