import { Body, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import { BulkBody, CurrentPrincipal, type Principal } from '@app/infrastructure';
import { DEFAULT_REPLAY_TOLERANCE, ReplayService } from '@app/langgraph';
import { PageQueryDto } from '../http/dto/page-query.dto';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController } from '../http/route-decorators';
import { page, presentPage } from '../http/page';
import { ReplayDiffQueryDto, ReplayRunDto } from './dto/replay.dto';
import { presentReplayDiff, REPLAY_DIFF_SCHEMA } from './replay.presenter';
import { presentRun, RUN_SCHEMA, RUNS_PATH } from './run.presenter';

const ID_PARAM = { name: 'id', description: 'Run id (ULID)', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' };
const REPLAY_PARAM = { name: 'replayId', description: 'Replay run id (ULID)', example: '01JD3Z9A1B2C3D4E5F6G7H8J9K' };
const WHAT =
  'A replay re-runs a finished run from its first checkpoint with the same input, definition version and model ' +
  'versions, on a thread of its own (the original and its checkpoints are untouched). Every task is recomputed: the ' +
  'result cache is not used. A model whose version changed since answers 409.';

/** Replays of finished runs and their node-by-node diffs. */
@CallerController('workflow runs', RUNS_PATH.slice(1))
export class ReplaysController {
  constructor(private readonly replays: ReplayService) {}

  @Post(':id/replay')
  @BulkBody()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiBody({
    type: ReplayRunDto,
    examples: {
      same: { summary: 'The same input (from the first checkpoint)', value: {} },
    },
  })
  @ApiOperation({
    operationId: 'replayWorkflowRun',
    summary: 'Replay a finished run',
    description: `${WHAT} With \`input\`, it replays with that input instead, so the diff shows what the change does.`,
  })
  @ApiParam(ID_PARAM)
  @ApiEnvelope(202, 'The replay run, queued (Location is its URL; its diff is at …/replays/:replayId/diff)', RUN_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'QUEUE_FULL')
  async replay(
    @Param('id') id: string,
    @Body() body: ReplayRunDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const run = await this.replays.replay({ tenant: principal.tenant, principalId: principal.id }, id, body);
    res.setHeader('Location', `${RUNS_PATH}/${run.id}`);
    return presentRun(run, 'result');
  }

  @Get(':id/replays')
  @ApiOperation({
    operationId: 'listWorkflowRunReplays',
    summary: 'List a run’s replays, newest first',
    description: WHAT,
  })
  @ApiParam(ID_PARAM)
  @ApiEnvelope(200, 'One page', page(RUN_SCHEMA))
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async list(@Param('id') id: string, @Query() query: PageQueryDto, @CurrentPrincipal() principal: Principal) {
    const result = await this.replays.list(principal.tenant, id, query);
    return presentPage(result, (run) => presentRun(run, 'summary'));
  }

  @Get(':id/replays/:replayId/diff')
  @ApiOperation({
    operationId: 'diffWorkflowRunReplay',
    summary: 'Compare a replay with its original, node by node',
    description:
      'Each node’s status, output and error code: `equal`, `within_tolerance` (numbers apart by no more than the ' +
      'relative tolerance) or `different`, with the paths that differ; the input and the final output likewise. ' +
      'Keys that name each run’s own tasks and memory writes are left out (`ignoredKeys`). 409 while the replay runs.',
  })
  @ApiParam(ID_PARAM)
  @ApiParam(REPLAY_PARAM)
  @ApiEnvelope(200, 'The diff', REPLAY_DIFF_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async diff(
    @Param('id') id: string,
    @Param('replayId') replayId: string,
    @Query() query: ReplayDiffQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    const diff = await this.replays.diff(principal.tenant, id, replayId, query.tolerance ?? DEFAULT_REPLAY_TOLERANCE);
    return presentReplayDiff(diff);
  }
}
