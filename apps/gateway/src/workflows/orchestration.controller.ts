import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError, BaseConfig, BulkBody, CurrentPrincipal } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { isFinalRun, WorkflowService, type RunStatus } from '@app/langgraph';
import { WebhookService } from '@app/webhooks';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { WebhookEventsBridge } from '../webhooks/webhook-events.bridge';
import { ExecuteQueryDto, ExecuteWorkflowDto } from './dto/execute-workflow.dto';
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
/** Interrupted (waiting for a human) or final: a sync execute answers 200 then. */
const settled = (status: RunStatus) => status === 'interrupted' || isFinalRun(status);

/** The seed's orchestration routes: execute a workflow, list and register workflows. */
@ApiTags('workflows')
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@Controller(ORCHESTRATION_PATH.slice(1))
export class OrchestrationController {
  constructor(
    private readonly workflows: WorkflowService,
    private readonly config: BaseConfig,
    private readonly webhooks: WebhookService,
    private readonly webhookEvents: WebhookEventsBridge,
  ) {}

  @Post('execute')
  @BulkBody()
  @ApiOperation({
    operationId: 'executeWorkflow',
    summary: 'Execute a workflow (template, registered or inline definition)',
    description:
      'Validates the input against the workflow’s inputSchema, stores the run and starts it. mode=async (default) ' +
      'answers 202 with the run and its URL; mode=sync or ?wait=<ms> waits (bounded by WORKFLOW_MAX_WAIT_MS) and ' +
      'answers 200 once the run has finished or is interrupted waiting for approval. ' +
      'A threadId seen before returns that run (200, Idempotent-Replayed: true).',
  })
  @ApiEnvelope(202, 'Accepted (Location is the run URL)', RUN_SCHEMA)
  @ApiEnvelope(200, 'Finished or interrupted within the wait, or a replayed threadId', RUN_SCHEMA)
  @ApiErrors(
    'VALIDATION_FAILED',
    'UNAUTHORIZED',
    'FORBIDDEN',
    'NOT_FOUND',
    'CONFLICT',
    'PAYLOAD_TOO_LARGE',
    'RATE_LIMITED',
    'QUEUE_FULL',
  )
  async execute(
    @Body() body: ExecuteWorkflowDto,
    @Query() query: ExecuteQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (
      typeof body.workflow === 'string'
        ? !NAME.test(body.workflow)
        : body.workflow === null || typeof body.workflow !== 'object' || Array.isArray(body.workflow)
    ) {
      throw AppError.validation([
        { field: 'workflow', message: 'must be a workflow name (lowercase letters, digits, -) or a definition object' },
      ]);
    }
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
    if (body.webhook && !replayed) {
      await this.webhooks.watch(principal, 'run', run.id, body.webhook);
      // It may have settled before its webhook was stored: then this publishes what the event could not.
      await this.webhookEvents.publishRunIfSettled(principal.tenant, run.id);
    }
    const wait = query.wait ?? (body.mode === 'sync' ? this.config.values.aiComponents.langgraph.maxWaitMs : 0);
    const current = wait > 0 ? await this.workflows.waitForSettled(principal.tenant, run.id, wait) : run;
    res.status(replayed || settled(current.status) ? HttpStatus.OK : HttpStatus.ACCEPTED);
    res.setHeader('Location', `${RUNS_PATH}/${run.id}`);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return presentRun(current, 'result');
  }

  @Get('workflows')
  @ApiOperation({
    operationId: 'listWorkflows',
    summary:
      'List workflows: the shipped templates (input schema, example, steps) and this tenant’s registered ' +
      'workflows, each with its active run counts',
    description: 'Templates come first; each carries an input schema and an example input to start a run with.',
  })
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
