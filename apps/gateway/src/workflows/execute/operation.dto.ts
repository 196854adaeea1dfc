import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, Matches } from 'class-validator';
import { IDENTIFIER_PATTERN } from '@app/infrastructure';
import { OptionalEnum, RequiredEnum, stacked } from '../../http/dto-properties';
import { CreateRunDto } from '../../agents/dto/run.dto';
import { ContextQueryDto, SearchQueryDto } from '../../memory/dto/search.dto';
import { CreateTaskDto } from '../../tasks/dto/create-task.dto';
import { ExecuteWorkflowDto } from '../dto/execute-workflow.dto';

export const OPERATION_KINDS = ['task', 'workflow', 'coordination', 'memory.search', 'memory.context'] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];
export const BATCH_MODES = ['parallel', 'sequential'] as const;
export type BatchMode = (typeof BATCH_MODES)[number];
export const AGGREGATIONS = ['all', 'first', 'vote'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
/** Parts of one batch: each may hold a 5 MB body's worth of candles, and all run at once in parallel mode. */
export const MAX_BATCH_OPERATIONS = 20;

const SYNC_MODES = ['async', 'sync'] as const;
const MODE_DESCRIPTION =
  'sync waits (up to the kind’s maximum wait) for the part to settle; ?wait=<ms> does the same with a bound';

/** The `operation` discriminator of one kind. */
const OperationKindProperty = (kind: OperationKind) =>
  RequiredEnum([kind], { example: kind, description: 'What to run' });
/** `mode` of a kind that can wait for its part to settle. */
const SyncModeProperty = () => OptionalEnum(SYNC_MODES, { default: 'async', description: MODE_DESCRIPTION });

const AGENT_ID = {
  description: "Agent id of the memory space, within the caller's tenant",
  example: 'fx-trader-1',
  pattern: IDENTIFIER_PATTERN.source,
};
const AGENT_ID_MESSAGE = 'must be 1-128 characters of letters, digits, . _ @ - starting with a letter or digit';
/** The agent whose memory space a memory operation reads. */
const AgentIdProperty = () =>
  stacked(ApiProperty(AGENT_ID), Matches(IDENTIFIER_PATTERN, { message: AGENT_ID_MESSAGE }));

/** `{ operation: "task", type, model?, priority?, input, options? }`: a Handit task (as POST /tasks). */
export class TaskOperationDto extends CreateTaskDto {
  @OperationKindProperty('task') operation: 'task';
  @SyncModeProperty()
  mode?: 'async' | 'sync';
}

/** `{ operation: "workflow", workflow, input, … }`: a workflow run (the fields of the workflow form). */
export class WorkflowOperationDto extends ExecuteWorkflowDto {
  @OperationKindProperty('workflow') operation: 'workflow';
}

/** `{ operation: "coordination", strategy, agents | capability, input, … }`: a coordinated run (as POST /coordination/runs). */
export class CoordinationOperationDto extends CreateRunDto {
  @OperationKindProperty('coordination') operation: 'coordination';
  @SyncModeProperty()
  mode?: 'async' | 'sync';
}

/** `{ operation: "memory.search", agentId, q, … }`: ranked memory search (answered at once). */
export class MemorySearchOperationDto extends SearchQueryDto {
  @OperationKindProperty('memory.search') operation: 'memory.search';
  @AgentIdProperty() agentId: string;
}

/** `{ operation: "memory.context", agentId, q?, budgetTokens?, … }`: a packed context window (answered at once). */
export class MemoryContextOperationDto extends ContextQueryDto {
  @OperationKindProperty('memory.context') operation: 'memory.context';
  @AgentIdProperty() agentId: string;
}

export type OperationDto =
  | TaskOperationDto
  | WorkflowOperationDto
  | CoordinationOperationDto
  | MemorySearchOperationDto
  | MemoryContextOperationDto;

export const OPERATION_DTOS = {
  task: TaskOperationDto,
  workflow: WorkflowOperationDto,
  coordination: CoordinationOperationDto,
  'memory.search': MemorySearchOperationDto,
  'memory.context': MemoryContextOperationDto,
} as const;

/** `{ operations: [...], mode, aggregate? }`: several operations, their results aggregated into one. */
export class ExecuteBatchDto {
  @ApiProperty({
    description: `1 to ${MAX_BATCH_OPERATIONS} operations, each in the single-operation form (without mode)`,
    type: 'array',
    minItems: 1,
    maxItems: MAX_BATCH_OPERATIONS,
    items: { type: 'object', additionalProperties: true },
    example: [
      { operation: 'memory.search', agentId: 'fx-trader-1', q: 'EUR/USD' },
      { operation: 'memory.context', agentId: 'fx-trader-1', budgetTokens: 500 },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_OPERATIONS)
  @IsObject({ each: true })
  operations: Record<string, unknown>[];

  @RequiredEnum(BATCH_MODES, {
    example: 'parallel',
    description:
      'parallel: every part starts at once; sequential: each part starts once the one before settled ' +
      '(stopping at the first failure, except with aggregate=first, which tries the next)',
  })
  mode: BatchMode;

  @OptionalEnum(AGGREGATIONS, {
    default: 'all',
    description:
      'all: every part’s result in order; first: the first part to succeed; vote: the most common answer ' +
      '(a trading signal’s action, else the whole result) with its agreement ratio',
  })
  aggregate?: Aggregation;
}
