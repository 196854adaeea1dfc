import { workErrorSchema } from '../../http/work-error.schema';
import type { BatchOutcome } from './batch-executor';
import { OPERATION_KINDS, AGGREGATIONS, BATCH_MODES } from './operation.dto';
import type { OperationOutcome } from './operation-outcome';

/** One operation's answer: the same fields for every kind. */
export function presentOperation(outcome: OperationOutcome) {
  return {
    operation: outcome.operation,
    status: outcome.status,
    id: outcome.id,
    result: outcome.result,
    error: outcome.error,
    links: outcome.links,
  };
}

/** A batch's answer: the operation fields (status and result aggregated), then each part in order. */
export function presentBatch(batch: BatchOutcome) {
  return {
    operation: 'batch',
    mode: batch.mode,
    aggregate: batch.aggregate,
    status: batch.status,
    id: null,
    result: batch.result,
    error: null,
    links: {},
    parts: batch.parts.map((p) => ({ index: p.index, ...presentOperation(p) })),
  };
}

const OPERATION_PROPERTIES = {
  operation: { type: 'string', enum: OPERATION_KINDS, example: 'task' },
  status: {
    type: 'string',
    description:
      'The task’s or run’s own status (queued, running, succeeded, failed, cancelled, timed_out, interrupted, ' +
      'partial); memory reads are succeeded at once; a batch part never started is skipped',
    example: 'succeeded',
  },
  id: {
    type: 'string',
    nullable: true,
    description: 'The task or run created (null for memory reads)',
    example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D',
  },
  result: {
    description: 'The task result, run output, coordination result or memory answer; null until it succeeded',
    nullable: true,
    example: { action: 'buy', confidence: 0.72 },
  },
  error: { ...workErrorSchema(), nullable: true },
  links: {
    type: 'object',
    properties: {
      self: { type: 'string', example: '/api/v1/ai-orchestration/tasks/01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
      events: { type: 'string', example: '/api/v1/ai-orchestration/tasks/01JD3Z8X6Q4W3N5R7T9V1B2C3D/events' },
    },
    example: { self: '/api/v1/ai-orchestration/tasks/01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
  },
};

export const OPERATION_RESULT_SCHEMA = {
  type: 'object',
  required: ['operation', 'status', 'id', 'result', 'error', 'links'],
  properties: OPERATION_PROPERTIES,
};

export const BATCH_RESULT_SCHEMA = {
  type: 'object',
  required: ['operation', 'mode', 'aggregate', 'status', 'id', 'result', 'error', 'links', 'parts'],
  properties: {
    operation: { type: 'string', enum: ['batch'], example: 'batch' },
    mode: { type: 'string', enum: BATCH_MODES, example: 'parallel' },
    aggregate: { type: 'string', enum: AGGREGATIONS, example: 'all' },
    status: {
      type: 'string',
      enum: ['succeeded', 'partial', 'failed', 'running'],
      description: 'all: partial when some parts failed; first/vote: succeeded once a part succeeded / a value won',
      example: 'succeeded',
    },
    id: { type: 'string', nullable: true, example: null },
    result: {
      description:
        'all: each part’s result in order (null for parts that did not succeed); first: { index, value }; ' +
        'vote: { winner, votes: [{ value, count }], agreement, ballots }',
      nullable: true,
      example: [{ hits: [] }, { items: [] }],
    },
    error: { type: 'object', nullable: true, example: null },
    links: { type: 'object', example: {} },
    parts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index', ...OPERATION_RESULT_SCHEMA.required],
        properties: { index: { type: 'integer', example: 0 }, ...OPERATION_PROPERTIES },
      },
    },
  },
};
