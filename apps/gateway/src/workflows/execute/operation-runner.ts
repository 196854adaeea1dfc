import { Injectable } from '@nestjs/common';
import { AppError, BaseConfig, BoundedValidationPipe, LettaSettings, type FieldProblem } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { CoordinationService, type CoordinationRun } from '@app/agent-coordinator';
import { TaskService, type Task } from '@app/handit';
import { ContextService, SearchService } from '@app/letta';
import { WorkflowService, type Run } from '@app/langgraph';
import { RUNS_PATH as COORDINATION_RUNS_PATH } from '../../agents/run.presenter';
import { presentContext } from '../../memory/context.presenter';
import { presentSearch } from '../../memory/search.presenter';
import { TASKS_PATH } from '../../tasks/task.presenter';
import { RUNS_PATH as WORKFLOW_RUNS_PATH } from '../run.presenter';
import { assertWorkflowReference } from '../workflow-reference';
import type { OperationOutcome, StartedOperation } from './operation-outcome';
import {
  OPERATION_DTOS,
  OPERATION_KINDS,
  type CoordinationOperationDto,
  type MemoryContextOperationDto,
  type MemorySearchOperationDto,
  type OperationDto,
  type OperationKind,
  type TaskOperationDto,
  type WorkflowOperationDto,
} from './operation.dto';

const validator = new BoundedValidationPipe();

/**
 * One operation of `execute`, whatever its kind: validates it (problems named under `prefix`),
 * starts it through the owning library's service, and reads its outcome in one shape. The
 * libraries do the work; this only translates, so a task started here is the same task as one
 * from POST /tasks (same row, events, history).
 */
@Injectable()
export class OperationRunner {
  constructor(
    private readonly tasks: TaskService,
    private readonly workflows: WorkflowService,
    private readonly coordination: CoordinationService,
    private readonly search: SearchService,
    private readonly context: ContextService,
    private readonly letta: LettaSettings,
    private readonly config: BaseConfig,
  ) {}

  /** The operation as its DTO, or 400 naming each offending field (prefixed, e.g. `operations[2].input`). */
  async validate(body: Record<string, unknown>, prefix = ''): Promise<OperationDto> {
    const kind = body.operation;
    if (typeof kind !== 'string' || !OPERATION_KINDS.includes(kind as OperationKind)) {
      throw AppError.validation([
        { field: `${prefix}operation`, message: `must be one of ${OPERATION_KINDS.join(', ')}` },
      ]);
    }
    try {
      const dto = (await validator.transform(body, {
        type: 'body',
        metatype: OPERATION_DTOS[kind as OperationKind],
      })) as OperationDto;
      if (dto.operation === 'workflow') assertWorkflowReference(dto.workflow, `${prefix}workflow`);
      return dto;
    } catch (err) {
      const fields =
        err instanceof AppError ? (err.details as { fields?: FieldProblem[] } | undefined)?.fields : undefined;
      if (!prefix || !fields) throw err;
      throw AppError.validation(fields.map((f) => ({ ...f, field: `${prefix}${f.field}` })));
    }
  }

  /** The longest wait `mode: "sync"` means for this kind (the bound its own route applies). */
  maxWaitMs(kind: OperationKind): number {
    const { handit, langgraph } = this.config.values.aiComponents;
    if (kind === 'task') return handit.maxWaitMs;
    if (kind === 'workflow') return langgraph.maxWaitMs;
    if (kind === 'coordination') return this.config.values.agents.coordination.maxWaitMs;
    return 0;
  }

  /** Starts the operation for the caller's tenant; by the time it resolves, what it created is stored. */
  async start(principal: Principal, op: OperationDto): Promise<StartedOperation> {
    switch (op.operation) {
      case 'task':
        return this.startTask(principal, op);
      case 'workflow':
        return this.startWorkflow(principal, op);
      case 'coordination':
        return this.startCoordination(principal, op);
      case 'memory.search':
        return this.memorySearch(principal, op);
      case 'memory.context':
        return this.memoryContext(principal, op);
    }
  }

  private async startTask(principal: Principal, op: TaskOperationDto): Promise<StartedOperation> {
    const { task, replayed } = await this.tasks.create({
      tenant: principal.tenant,
      principalId: principal.id,
      type: op.type,
      model: op.model,
      priority: op.priority,
      input: op.input,
      options: op.options,
    });
    return {
      outcome: fromTask(task),
      replayed,
      wait: async (ms) => fromTask(await this.tasks.waitForFinal(principal.tenant, task.id, ms)),
    };
  }

  private async startWorkflow(principal: Principal, op: WorkflowOperationDto): Promise<StartedOperation> {
    const { run, replayed } = await this.workflows.execute({
      tenant: principal.tenant,
      principalId: principal.id,
      workflow: op.workflow,
      version: op.version,
      input: op.input,
      timeoutMs: op.timeoutMs,
      threadId: op.threadId,
    });
    return {
      outcome: fromWorkflowRun(run),
      replayed,
      wait: async (ms) => fromWorkflowRun(await this.workflows.waitForSettled(principal.tenant, run.id, ms)),
    };
  }

  private async startCoordination(principal: Principal, op: CoordinationOperationDto): Promise<StartedOperation> {
    const run = await this.coordination.create({
      tenant: principal.tenant,
      principalId: principal.id,
      strategy: op.strategy,
      agents: op.agents,
      capability: op.capability,
      tasks: op.tasks,
      task: op.task,
      input: op.input,
      priority: op.priority,
      timeoutMs: op.timeoutMs,
    });
    return {
      outcome: fromCoordinationRun(run),
      replayed: false,
      wait: async (ms) =>
        fromCoordinationRun(ms > 0 ? await this.coordination.waitForFinish(principal.tenant, run.id, ms) : run),
    };
  }

  private async memorySearch(principal: Principal, op: MemorySearchOperationDto): Promise<StartedOperation> {
    this.assertMemoryEnabled();
    const result = await this.search.search(
      { tenant: principal.tenant, agentId: op.agentId },
      {
        q: op.q,
        type: op.type,
        tags: op.tags,
        limit: op.limit ?? 10,
        weights: {
          relevance: op.relevanceWeight,
          recency: op.recencyWeight,
          importance: op.importanceWeight,
          similarity: op.similarityWeight,
        },
      },
    );
    return answered({ operation: 'memory.search', ...done(presentSearch(result)) });
  }

  private async memoryContext(principal: Principal, op: MemoryContextOperationDto): Promise<StartedOperation> {
    this.assertMemoryEnabled();
    const { agentId, q, budgetTokens, sessionId, recentMessages, searchHits } = op;
    const context = await this.context.assemble(
      { tenant: principal.tenant, agentId },
      { q, budgetTokens, sessionId, recentMessages, searchHits },
    );
    return answered({ operation: 'memory.context', ...done(presentContext(context)) });
  }

  private assertMemoryEnabled(): void {
    if (!this.letta.enabled)
      throw new AppError('SERVICE_UNAVAILABLE', 'Agent memory (letta) is disabled in this deployment');
  }
}

function done(result: unknown): Omit<OperationOutcome, 'operation'> {
  return { status: 'succeeded', id: null, result, error: null, links: {} };
}

/** A read answered at once: waiting changes nothing. */
function answered(outcome: OperationOutcome): StartedOperation {
  return { outcome, replayed: false, wait: () => Promise.resolve(outcome) };
}

/** A created task or run as an outcome, linked at `<path>/<id>` (and its event stream when it has one). */
function created(
  operation: OperationKind,
  made: { id: string; status: string; error?: OperationOutcome['error'] },
  result: unknown,
  path: string,
  streamsEvents: boolean,
): OperationOutcome {
  const self = `${path}/${made.id}`;
  return {
    operation,
    status: made.status,
    id: made.id,
    result: result ?? null,
    error: made.error ?? null,
    links: streamsEvents ? { self, events: `${self}/events` } : { self },
  };
}

function fromTask(task: Task): OperationOutcome {
  return created('task', task, task.result, TASKS_PATH, true);
}

function fromWorkflowRun(run: Run): OperationOutcome {
  return created('workflow', run, run.output, WORKFLOW_RUNS_PATH, true);
}

function fromCoordinationRun(run: CoordinationRun): OperationOutcome {
  return created('coordination', run, run.result, COORDINATION_RUNS_PATH, false);
}
