import { Body, Delete, Get, Headers, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError, BulkBody, CurrentPrincipal, RawResponse } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { isFinal, TaskService } from '@app/handit';
import { taskStatusFeed } from './task-status-feed';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, ApiEventStream, BODY_ERRORS, ApiCursorPage } from '../http/route-decorators';
import { presentPage } from '../http/page';
import { lastEventIdOf, openSseStream, TASK_STATUS_EVENT_ID } from '../http/sse';
import { CreateTaskDto, CreateTaskQueryDto } from './dto/create-task.dto';
import { TaskListQueryDto } from './dto/task-list-query.dto';
import { presentTask, TASK_SCHEMA, TASKS_PATH } from './task.presenter';
import { TASK_EXAMPLES } from './dto/task-examples';
import { WebhookService } from '@app/webhooks';
import { WebhookEventsBridge } from '../webhooks/webhook-events.bridge';

const ID_PARAM = { name: 'id', description: 'Task id (ULID)', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' };
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

@CallerController('tasks', TASKS_PATH.slice(1))
export class TasksController {
  constructor(
    private readonly tasks: TaskService,
    private readonly webhooks: WebhookService,
    private readonly webhookEvents: WebhookEventsBridge,
  ) {}

  @Post()
  @BulkBody()
  @ApiBody({ type: CreateTaskDto, examples: TASK_EXAMPLES })
  @ApiOperation({
    operationId: 'createTask',
    summary: 'Submit an AI task',
    description:
      'Validates the input, routes it to a specialist model, stores it, and queues it by priority. Answers 202 ' +
      'with the task and its URL; with `?wait=<ms>` answers 200 with the finished task if it finishes in time. ' +
      'The same `Idempotency-Key` with the same body returns the same task; with another body, 409.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Up to 200 characters of [A-Za-z0-9._:-]' })
  @ApiEnvelope(202, 'Accepted and queued (Location header is the task URL)', TASK_SCHEMA)
  @ApiEnvelope(200, 'Finished within ?wait', TASK_SCHEMA)
  @ApiErrors(...BODY_ERRORS, 'CONFLICT', 'PROVIDER_UNAVAILABLE', 'QUEUE_FULL')
  async create(
    @Body() body: CreateTaskDto,
    @Query() query: CreateTaskQueryDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
    @Req() req: Request,
  ) {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw AppError.validation([
        { field: 'Idempotency-Key', message: 'must be 1-200 characters of letters, digits and ._:-' },
      ]);
    }
    if (body.webhook) await this.webhooks.checkTargetWebhook(principal.tenant, 'task', body.webhook, 'webhook');
    const { task, replayed } = await this.tasks.create(
      {
        tenant: principal.tenant,
        principalId: principal.id,
        type: body.type,
        model: body.model,
        priority: body.priority,
        input: body.input,
        options: body.options,
        idempotencyKey,
        headers: req.headers,
      },
      { waitMs: query.wait },
    );
    if (body.webhook && !replayed) await this.webhookEvents.watchTask(principal, task.id, body.webhook);
    res.status(isFinal(task.status) ? HttpStatus.OK : HttpStatus.ACCEPTED);
    res.setHeader('Location', `${TASKS_PATH}/${task.id}`);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return presentTask(task, 'result');
  }

  @Get()
  @ApiOperation({
    operationId: 'listTasks',
    summary: 'List tasks, newest first',
    description:
      'Cursor-paginated; filter by status, type, model, priority and creation time. Items leave out input and result.',
  })
  @ApiCursorPage('One page', TASK_SCHEMA)
  async list(@Query() query: TaskListQueryDto, @CurrentPrincipal() principal: Principal) {
    const page = await this.tasks.list({
      tenant: principal.tenant,
      status: query.status,
      type: query.type,
      modelId: query.model,
      priority: query.priority,
      createdFrom: query.createdFrom,
      createdTo: query.createdTo,
      limit: query.limit,
      cursor: query.cursor,
    });
    return presentPage(page, (t) => presentTask(t, 'summary'));
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getTask',
    summary: 'Get a task: status, attempts, timings, result or error, trace id',
    description:
      'A task of your tenant; another tenant’s id answers 404. `result` is set once the task succeeded, `error` once it failed.',
  })
  @ApiParam(ID_PARAM)
  @ApiEnvelope(200, 'The task', TASK_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return presentTask(await this.tasks.get(principal.tenant, id));
  }

  @Delete(':id')
  @ApiOperation({
    operationId: 'cancelTask',
    summary: 'Cancel a task',
    description: 'Queued: cancelled at once. Running: its attempt is aborted, then cancelled. Finished: 409 CONFLICT.',
  })
  @ApiParam(ID_PARAM)
  @ApiEnvelope(200, 'The cancelled task', TASK_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED')
  async cancel(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return presentTask(await this.tasks.cancel(principal.tenant, id), 'result');
  }

  @Get(':id/events')
  @RawResponse()
  @ApiOperation({
    operationId: 'streamTaskEvents',
    summary: 'Stream the task’s status changes (Server-Sent Events)',
    description:
      'Sends the current status first, then one `status` event per change; closes after the final status. Each ' +
      '`status` event has the id `<attempts>-<status>`: a reconnect with that Last-Event-ID is sent the current ' +
      'status only if it changed since. Long analyses also send `progress` events `{ id, fraction, message, at }` ' +
      '(at most ten a second, without an id).',
  })
  @ApiParam(ID_PARAM)
  @ApiEventStream({
    lastEventId: 'The id of the last status event received',
    example:
      'id: 1-running\\nevent: status\\ndata: {"id":"…","status":"running","attempts":1,…}\\n\\n' +
      'event: progress\\ndata: {"id":"…","fraction":0.55,"message":"computed rsi(period=14) (2/4)",…}',
    errors: ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED'],
  })
  async events(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const feed = await taskStatusFeed(this.tasks, principal.tenant, id, lastEventIdOf(req, TASK_STATUS_EVENT_ID));
    await feed(openSseStream(req, res));
  }
}
