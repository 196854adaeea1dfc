import { Body, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOperation, ApiParam, ApiQuery, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError, BaseConfig, BoundedValidationPipe, BulkBody, CurrentPrincipal } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { isFinalRun, WorkflowService, type RunStatus } from '@app/langgraph';
import { WebhookService } from '@app/webhooks';
import { HttpCache } from '../http/http-cache.decorator';
import { ApiEnvelope, ApiErrors, envelopeOf } from '../http/openapi.decorators';
import { CallerController, BODY_ERRORS } from '../http/route-decorators';
import { WebhookEventsBridge } from '../webhooks/webhook-events.bridge';
import { ExecuteQueryDto, ExecuteWorkflowDto } from './dto/execute-workflow.dto';
import { BatchExecutor } from './execute/batch-executor';
import { EXECUTE_EXAMPLES } from './execute/execute-examples';
import { isSettled } from './execute/operation-outcome';
import { OperationRunner } from './execute/operation-runner';
import { ExecuteBatchDto, MAX_BATCH_OPERATIONS, OPERATION_DTOS, type OperationDto } from './execute/operation.dto';
import {
  BATCH_RESULT_SCHEMA,
  OPERATION_RESULT_SCHEMA,
  presentBatch,
  presentOperation,
} from './execute/operation.presenter';
import { assertWorkflowReference } from './workflow-reference';
import { ORCHESTRATION_PATH, presentRun, RUN_SCHEMA, RUNS_PATH } from './run.presenter';
import {
  presentStoredWorkflow,
  presentWorkflowSummary,
  STORED_WORKFLOW_SCHEMA,
  storedWorkflowPath,
  WORKFLOW_LIST_SCHEMA,
} from './workflow.presenter';
import { DEFINITION_SCHEMA, EXAMPLE_DEFINITION, EXAMPLE_GATED_DEFINITION } from './workflow.schemas';

const NAME = /^[a-z][a-z0-9-]{1,62}$/;
/** What changes in the catalogue: registered versions and active run counts (schemas follow the version). */
const workflowsValidator = (items: ReturnType<typeof presentWorkflowSummary>[]) =>
  items.map((w) => `${w.kind}:${w.name}@${w.version}:${w.runs.queued}/${w.runs.running}/${w.runs.interrupted}`).join();
/** The execute body takes three forms, so it is validated here, form by form, by the global pipe's rules. */
const validator = new BoundedValidationPipe();
/** Interrupted (waiting for a human) or final: a sync execute answers 200 then. */
const settled = (status: RunStatus) => status === 'interrupted' || isFinalRun(status);

/** The seed's orchestration routes: execute a workflow, list and register workflows. */
@CallerController('workflows', ORCHESTRATION_PATH.slice(1))
export class OrchestrationController {
  constructor(
    private readonly workflows: WorkflowService,
    private readonly operations: OperationRunner,
    private readonly batches: BatchExecutor,
    private readonly config: BaseConfig,
    private readonly webhooks: WebhookService,
    private readonly webhookEvents: WebhookEventsBridge,
  ) {}

  @Post('execute')
  @BulkBody()
  @ApiExtraModels(ExecuteWorkflowDto, ...Object.values(OPERATION_DTOS), ExecuteBatchDto)
  @ApiBody({
    description:
      'Three forms. The workflow form `{ workflow, input, … }` (unchanged). One operation: `{ operation: ' +
      '"task" | "workflow" | "coordination" | "memory.search" | "memory.context", … }` with the fields of that ' +
      'kind’s own route. A batch: `{ operations: [...], mode: "parallel" | "sequential", aggregate?: "all" | ' +
      `"first" | "vote" }\` of 1-${MAX_BATCH_OPERATIONS} operations.`,
    schema: {
      oneOf: [
        { $ref: getSchemaPath(ExecuteWorkflowDto) },
        ...Object.values(OPERATION_DTOS).map((dto) => ({ $ref: getSchemaPath(dto) })),
        { $ref: getSchemaPath(ExecuteBatchDto) },
      ],
    },
    examples: EXECUTE_EXAMPLES,
  })
  @ApiOperation({
    operationId: 'executeWorkflow',
    summary: 'Execute a workflow, any single operation, or a batch of operations with aggregation',
    description:
      'Workflow form: validates the input against the workflow’s inputSchema, stores the run and starts it. ' +
      'mode=async (default) answers 202 with the run and its URL; mode=sync or ?wait=<ms> waits (bounded by ' +
      'WORKFLOW_MAX_WAIT_MS) and answers 200 once the run has finished or is interrupted waiting for approval. ' +
      'A threadId seen before returns that run (200, Idempotent-Replayed: true). ' +
      'Operation form: starts a task, workflow run or coordination run (202 with `links.self`, also in Location) ' +
      'or answers a memory read at once (200); mode=sync or ?wait=<ms> answers 200 once it settled. The answer ' +
      'is `{ operation, status, id, result, error, links }` for every kind. ' +
      'Batch form: starts every part (parallel) or each after the previous settled (sequential), waits up to ' +
      '?wait (default WORKFLOW_MAX_WAIT_MS) and aggregates: 200 once every part settled, 202 with the parts ' +
      'still moving otherwise. A part that cannot start (unknown workflow, agent, queue full) is reported failed ' +
      'with its error; a body with an invalid part is 400 naming `operations[i].<field>`.',
  })
  @ApiResponse({
    status: 202,
    description: 'Accepted (Location is the run or task URL): a run in the workflow form, an operation otherwise',
    schema: envelopeOf({ oneOf: [RUN_SCHEMA, OPERATION_RESULT_SCHEMA, BATCH_RESULT_SCHEMA] }),
  })
  @ApiResponse({
    status: 200,
    description: 'Finished, interrupted or answered within the wait, or a replayed threadId',
    schema: envelopeOf({ oneOf: [RUN_SCHEMA, OPERATION_RESULT_SCHEMA, BATCH_RESULT_SCHEMA] }),
  })
  @ApiErrors(...BODY_ERRORS, 'NOT_FOUND', 'CONFLICT', 'PROVIDER_UNAVAILABLE', 'QUEUE_FULL')
  async execute(
    @Body() body: Record<string, unknown>,
    @Query() query: ExecuteQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw AppError.validation([{ field: 'body', message: 'must be a JSON object' }]);
    if ('operations' in body) return this.executeBatch(body, query, principal, res);
    if ('operation' in body) return this.executeOperation(body, query, principal, res);
    return this.executeWorkflow(
      (await validator.transform(body, { type: 'body', metatype: ExecuteWorkflowDto })) as ExecuteWorkflowDto,
      query,
      principal,
      res,
    );
  }

  /** The seed's form, answered exactly as before the operation and batch forms existed. */
  private async executeWorkflow(body: ExecuteWorkflowDto, query: ExecuteQueryDto, principal: Principal, res: Response) {
    assertWorkflowReference(body.workflow);
    if (body.webhook) await this.webhooks.checkTargetWebhook(principal.tenant, 'run', body.webhook, 'webhook');
    const { run, replayed } = await this.workflows.execute({
      tenant: principal.tenant,
      principalId: principal.id,
      workflow: body.workflow,
      version: body.version,
      input: body.input,
      timeoutMs: body.timeoutMs,
      threadId: body.threadId,
    });
    if (body.webhook && !replayed) await this.webhookEvents.watchRun(principal, run.id, body.webhook);
    const wait = query.wait ?? (body.mode === 'sync' ? this.config.values.aiComponents.langgraph.maxWaitMs : 0);
    const current = wait > 0 ? await this.workflows.waitForSettled(principal.tenant, run.id, wait) : run;
    res.status(replayed || settled(current.status) ? HttpStatus.OK : HttpStatus.ACCEPTED);
    res.setHeader('Location', `${RUNS_PATH}/${run.id}`);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return presentRun(current, 'result');
  }

  private async executeOperation(
    body: Record<string, unknown>,
    query: ExecuteQueryDto,
    principal: Principal,
    res: Response,
  ) {
    const op = await this.operations.validate(body);
    const started = await this.operations.start(principal, op);
    const sync = 'mode' in op && op.mode === 'sync';
    const wait = query.wait ?? (sync ? this.operations.maxWaitMs(op.operation) : 0);
    const outcome = wait > 0 && !isSettled(started.outcome) ? await started.wait(wait) : started.outcome;
    res.status(started.replayed || isSettled(outcome) ? HttpStatus.OK : HttpStatus.ACCEPTED);
    if (outcome.links.self) res.setHeader('Location', outcome.links.self);
    if (started.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return presentOperation(outcome);
  }

  private async executeBatch(
    body: Record<string, unknown>,
    query: ExecuteQueryDto,
    principal: Principal,
    res: Response,
  ) {
    const batch = (await validator.transform(body, { type: 'body', metatype: ExecuteBatchDto })) as ExecuteBatchDto;
    const ops: OperationDto[] = [];
    for (const [i, part] of batch.operations.entries())
      ops.push(await this.operations.validate(part, `operations[${i}].`));
    const wait = query.wait ?? this.config.values.aiComponents.langgraph.maxWaitMs;
    const outcome = await this.batches.run(principal, ops, batch.mode, batch.aggregate ?? 'all', wait);
    res.status(outcome.parts.every(isSettled) ? HttpStatus.OK : HttpStatus.ACCEPTED);
    return presentBatch(outcome);
  }

  @Get('workflows')
  @ApiOperation({
    operationId: 'listWorkflows',
    summary:
      'List workflows: the shipped templates (input schema, example, steps) and this tenant’s registered ' +
      'workflows, each with its active run counts',
    description: 'Templates come first; each carries an input schema and an example input to start a run with.',
  })
  @HttpCache('workflows', workflowsValidator)
  @ApiEnvelope(200, 'Templates first, then registered workflows (latest version each)', WORKFLOW_LIST_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async list(@CurrentPrincipal() principal: Principal) {
    return (await this.workflows.listWorkflows(principal.tenant)).map(presentWorkflowSummary);
  }

  @Post('workflows')
  @ApiOperation({
    operationId: 'registerWorkflow',
    summary: 'Register a workflow definition (a new version when the name exists)',
    description:
      'Validated before it is stored: unknown node kinds or task types, edges to missing nodes, unreachable nodes, ' +
      'nodes with no path to end, cycles without maxVisits, unsupported JSON Logic operators → 400 ' +
      'VALIDATION_FAILED naming the node or edge (details.fields[].field, e.g. `edges[2].to`). Runs keep the ' +
      'version they started on.',
  })
  @ApiBody({
    schema: DEFINITION_SCHEMA,
    examples: {
      'signal-with-approval': { value: EXAMPLE_DEFINITION },
      'gated-order': { summary: 'A risk_gate on the desk’s limits', value: EXAMPLE_GATED_DEFINITION },
    },
  })
  @ApiEnvelope(201, 'Stored (Location is the version URL)', STORED_WORKFLOW_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED')
  async register(
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const stored = await this.workflows.register(principal.tenant, principal.id, body);
    res.status(HttpStatus.CREATED);
    res.setHeader('Location', storedWorkflowPath(stored));
    return presentStoredWorkflow(stored);
  }

  @Get('workflows/:name')
  @ApiOperation({
    operationId: 'getWorkflow',
    summary: 'Get one registered workflow definition (latest version, or ?version=)',
    description: 'A workflow this tenant registered, by name; templates are listed by GET /workflows.',
  })
  @ApiParam({ name: 'name', example: 'signal-with-approval' })
  @ApiQuery({ name: 'version', required: false, type: Number, example: 1 })
  @ApiEnvelope(200, 'The stored definition', STORED_WORKFLOW_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(
    @Param('name') name: string,
    @Query('version') version: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    if (!NAME.test(name)) throw AppError.validation([{ field: 'name', message: 'must be a workflow name' }]);
    if (version !== undefined && !/^[1-9]\d{0,8}$/.test(version))
      throw AppError.validation([{ field: 'version', message: 'must be a positive integer' }]);
    return presentStoredWorkflow(
      await this.workflows.getWorkflow(principal.tenant, name, version === undefined ? undefined : Number(version)),
    );
  }
}
